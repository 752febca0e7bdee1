import { z } from 'zod'
import { cursorSchema, emptyInput, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'

/** Idempotency key the client makes once per user intent and resends on every retry. */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效')

const memberNoSchema = z.string().trim().regex(/^JX\d{10}$/, '会员号格式为 JX 加 10 位数字')

export const pointsSchemas = {
  /** Balance, what expires at the end of this year, and today's check-in state. */
  summary: emptyInput,
  checkIn: emptyInput,
  history: z.object({
    filter: z.enum(['all', 'earned', 'spent', 'expired']).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  /** The member a grant would go to, shown for the admin to check before granting. */
  findMember: z.object({ memberNo: memberNoSchema }).strict(),
  /** Admin grant to a member in the admin's subtree, out of the admin branch's yearly budget. */
  grant: z.object({
    memberNo: memberNoSchema,
    points: z.number({ error: '积分必须是数字' }).int('积分必须是整数').min(1, '积分至少为 1').max(10000, '单次发放不超过 10000 积分'),
    reason: plainText({ min: 2, minMessage: '请填写发放原因', max: 100, maxMessage: '发放原因不超过 100 字' }),
    requestId: requestIdSchema,
  }).strict(),
  /**
   * Sets a direct child branch's yearly grant budget out of the caller's branch's own budget;
   * the city sets its own. Setting the same amount again changes nothing.
   */
  setBudget: z.object({
    branchId: idSchema,
    year: z.number().int().min(2020).max(2100),
    amount: z.number({ error: '预算必须是数字' }).int('预算必须是整数').min(0, '预算不能为负数').max(100_000_000, '预算过大'),
  }).strict(),
  budgets: z.object({ year: z.number().int().min(2020).max(2100), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** This year's budgets of the branches where the caller is admin: what their grants draw on. */
  myBudgets: emptyInput,
}

export type LedgerKind = 'earn' | 'spend' | 'refund' | 'expire'

export interface PointsSummary {
  balance: number
  /** Points earned last year and not yet used: they expire at the end of this year. */
  expiring: { points: number; at: string }
  checkIn: { checkedInToday: boolean; streak: number; nextBonusIn: number; dailyPoints: number; bonusPoints: number }
}

export interface LedgerEntry {
  id: number
  delta: number
  kind: LedgerKind
  reason: string
  balanceAfter: number
  createdAt: string
}

export interface CheckInResult {
  streak: number
  awarded: number
  bonus: number
  balance: number
  /** Today's check-in had already been made (a resend, another device): this is its result, nothing was added. */
  alreadyCheckedIn: boolean
}

export interface Budget {
  branch: BranchRef
  year: number
  amount: number
  /** Granted to members by the branch's own admins. */
  used: number
  /** Given to the branches directly below as their budgets. */
  allotted: number
  /** The caller may set it: an admin of the branch directly above (the city's admins: their own). */
  settable: boolean
}

export interface Grantee {
  memberNo: string
  name: string
  branch: BranchRef
}

export interface PointsOutputs {
  findMember: Grantee
  summary: PointsSummary
  checkIn: CheckInResult
  history: Page<LedgerEntry>
  grant: { memberName: string; points: number; balance: number; budgetLeft: number }
  setBudget: Budget
  budgets: Page<Budget>
  myBudgets: Budget[]
}
