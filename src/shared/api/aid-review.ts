import { z } from 'zod'
import type { Page } from '../errors'
import { claimDocTypeNames } from '../aid/claim-types'
import { maxFen } from '../aid/money'
import { reviewQueueFilters } from '../aid/review-rules'
import type { ReviewQueueFilter } from '../aid/review-rules'
import type { ClaimDocType, ClaimEventKind, ClaimStatus, ClaimType } from '../aid/claim-types'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'

/** An amount a reviewer decides: integer fen within what any amount of 医疗互助 may be. */
const amountFenSchema = z
  .number({ error: '请填写金额' })
  .int('金额须精确到分')
  .min(0, '金额不能为负')
  .max(maxFen, `金额不能超过 ${maxFen / 100} 元`)

const reasonSchema = (what: string) =>
  plainText({ min: 2, minMessage: `请填写${what}`, max: 200, maxMessage: `${what}不超过 200 字`, multiline: true })



export const aidReviewSchemas = {
  reviewQueue: z.object({
    filter: z.enum(reviewQueueFilters).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  takeClaim: z.object({ claimId: idSchema }).strict(),
  releaseClaim: z.object({ claimId: idSchema }).strict(),
  reviewClaim: z.object({ claimId: idSchema }).strict(),
  askForDocuments: z.object({
    claimId: idSchema,
    reason: reasonSchema('补充材料的原因'),
    docTypes: z.array(z.enum(claimDocTypeNames, { error: '材料类型无效' })).min(1, '请选择需要补充的材料').max(claimDocTypeNames.length),
  }).strict(),
  approveClaim: z.object({
    claimId: idSchema,
    /** Omitted: the computed amount. Another amount needs `reason`. */
    amountFen: amountFenSchema.optional(),
    reason: reasonSchema('核定金额与计算金额不同的原因').optional(),
  }).strict(),
  rejectClaim: z.object({ claimId: idSchema, reason: reasonSchema('拒赔原因') }).strict(),
  recordPayment: z.object({
    claimId: idSchema,
    /** Only its last four digits are kept. */
    bankAccount: z.string().regex(/^\d{8,30}$/, '请填写 8 至 30 位数字的银行账号'),
    transferRef: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, '转账流水号为 4 至 40 位字母、数字或连字符'),
  }).strict(),
}

export interface ReviewQueueItem {
  claimId: number
  status: ClaimStatus
  claimType: ClaimType
  memberName: string
  branch: BranchRef
  eligibleFen: number
  computedFen: number | null
  approvedFen: number | null
  submittedAt: string
  /** More than reviewDueWorkingDays working days since submission and not yet decided. */
  overdue: boolean
  workingDaysOpen: number
  /** Who holds it now: the caller, someone else, or nobody. */
  holder: 'me' | 'other' | null
}

export interface ReviewDocument {
  id: number
  docType: ClaimDocType
  name: string
  type: string
  /** Signed, short-lived; each issue was logged as a staff read. */
  url: string
  thumbUrl: string | null
  expiresAt: string | null
}

export interface ReviewEvent {
  kind: ClaimEventKind
  note: string | null
  at: string
}

export interface ClaimForReview {
  claimId: number
  status: ClaimStatus
  claimType: ClaimType
  memberName: string
  /** Masked: the last four characters of the ID number only. */
  idLast4: string
  branch: BranchRef
  planName: string
  bill: {
    eligibleFen: number
    hospitalDays: number | null
    criticalIllnessCode: string | null
    admittedOn: string | null
    dischargedOn: string | null
    hospital: string | null
  }
  /** The engine over the member's year so far, now. */
  engine: { payoutFen: number; deductibleFen: number; lines: string[] }
  approvedFen: number | null
  overrideReason: string | null
  /** What was paid out when approved (can be below approvedFen when the yearly cap left had shrunk). */
  payoutFen: number | null
  payoutLines: string[]
  documents: ReviewDocument[]
  events: ReviewEvent[]
  submittedAt: string
  overdue: boolean
  holder: 'me' | 'other' | null
  /** What the caller may do now. */
  can: { take: boolean; release: boolean; askForDocuments: boolean; approve: boolean; reject: boolean; recordPayment: boolean }
  payment: { bankLast4: string; transferRef: string; paidAt: string } | null
}

export interface ReviewOutcome {
  claimId: number
  status: ClaimStatus
  approvedFen: number | null
  payoutFen: number | null
  /** The engine's lines for the payout made, when the approval was final. */
  lines: string[]
}

export interface AidReviewOutputs {
  reviewQueue: Page<ReviewQueueItem>
  takeClaim: ReviewOutcome
  releaseClaim: ReviewOutcome
  reviewClaim: ClaimForReview
  askForDocuments: ReviewOutcome
  approveClaim: ReviewOutcome
  rejectClaim: ReviewOutcome
  recordPayment: ReviewOutcome
}

export type { ReviewQueueFilter }
