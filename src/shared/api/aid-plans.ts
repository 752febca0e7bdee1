import { z } from 'zod'
import { maxFen } from '../aid/money'
import type { Page } from '../errors'
import { cursorSchema, emptyInput, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'

/**
 * 医疗互助, part 1 (aid-core): plans and their rules, the member's coverage, the estimate.
 * Other parts live in aid-<part>.ts beside this file and import the shared pieces from here,
 * never from aid.ts (which imports them all).
 */

/** An amount in fen: a safe integer from 0 to 1,000,000.00 元. */
export function fenSchema(label: string, min = 0) {
  return z
    .number({ error: `${label}必须是数字` })
    .int(`${label}须精确到分`)
    .min(min, min === 0 ? `${label}不能为负数` : `${label}须大于 0`)
    .max(maxFen, `${label}不能超过 1,000,000.00 元`)
}

/** A ratio in basis points: 6000 = 60%. */
export const ratioBpSchema = z.number({ error: '比例必须是数字' }).int('比例最多两位小数').min(0, '比例不能为负数').max(10_000, '比例不能超过 100%')

export const planStatuses = ['draft', 'open', 'closed'] as const
export type PlanStatus = (typeof planStatuses)[number]

/** A critical-illness code as listed in the plan (e.g. CI01); bills name it. */
export const criticalCodeSchema = z.string({ error: '请选择重大疾病' }).trim().regex(/^[A-Za-z0-9_-]{1,20}$/, '疾病代码为 1–20 位字母、数字')

const bandSchema = z
  .object({
    /** The band covers the eligible amount (after the deductible) up to this; null: everything above. */
    uptoFen: fenSchema('分段上限', 1).nullable(),
    ratioBp: ratioBpSchema,
  })
  .strict()

/** The rules a plan pays by, the rule engine's input (src/shared/aid/payout-engine.ts). */
export const planRulesSchema = z
  .object({
    /** Days after a new enrolment starts before bills are covered; waived on renewal. */
    observationDays: z.number({ error: '观察期必须是数字' }).int('观察期须为整数天').min(0, '观察期不能为负数').max(365, '观察期不超过 365 天'),
    /** Taken once a coverage year from the eligible amount before any ratio applies. */
    deductibleFen: fenSchema('起付线'),
    bands: z.array(bandSchema).min(1, '请至少设置一个报销比例分段').max(10, '报销比例最多 10 段'),
    perClaimCapFen: fenSchema('单次封顶额', 1),
    yearlyCapFen: fenSchema('年度封顶额', 1),
    hospitalAllowance: z
      .object({
        /** The first paid day of a stay: 4 means days 1–3 are not paid. */
        fromDay: z.number({ error: '起付天数必须是数字' }).int().min(1, '住院补助至少从第 1 天起').max(365, '住院补助起付天数不超过 365'),
        perDayFen: fenSchema('每日住院补助', 1).max(100_000, '每日住院补助不超过 1,000.00 元'),
        /** Paid days per coverage year. */
        maxDays: z.number({ error: '年度补助天数必须是数字' }).int().min(1, '年度补助天数至少 1 天').max(366, '年度补助天数不超过 366'),
      })
      .strict()
      .nullable(),
    criticalIllness: z
      .array(
        z
          .object({
            code: criticalCodeSchema,
            name: plainText({ min: 2, minMessage: '疾病名称至少 2 个字', max: 30, maxMessage: '疾病名称不超过 30 字' }),
            lumpSumFen: fenSchema('一次性给付金额', 1),
          })
          .strict(),
      )
      .max(50, '重大疾病最多 50 种'),
  })
  .strict()
  .superRefine((rules, ctx) => {
    rules.bands.forEach((band, i) => {
      const last = i === rules.bands.length - 1
      if (last && band.uptoFen !== null) ctx.addIssue({ code: 'custom', path: ['bands', i, 'uptoFen'], message: '最后一段应不设上限' })
      if (!last && band.uptoFen === null) ctx.addIssue({ code: 'custom', path: ['bands', i, 'uptoFen'], message: '只有最后一段可以不设上限' })
      const previous = rules.bands[i - 1]?.uptoFen
      if (i > 0 && band.uptoFen !== null && previous != null && band.uptoFen <= previous) {
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'uptoFen'], message: '分段上限须逐段递增' })
      }
    })
    if (rules.perClaimCapFen > rules.yearlyCapFen) ctx.addIssue({ code: 'custom', path: ['perClaimCapFen'], message: '单次封顶额不能高于年度封顶额' })
    const codes = rules.criticalIllness.map((c) => c.code.toUpperCase())
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i) ctx.addIssue({ code: 'custom', path: ['criticalIllness', i, 'code'], message: `疾病代码 ${code} 重复` })
    })
  })

export type PlanRules = z.infer<typeof planRulesSchema>
export type PayoutBand = PlanRules['bands'][number]
export type CriticalIllness = PlanRules['criticalIllness'][number]

/** What a payout is computed from: the bill's eligible amount (政策范围内), days in hospital, a listed critical illness. */
export const billSchema = z
  .object({
    eligibleFen: fenSchema('可报销金额'),
    hospitalDays: z.number({ error: '住院天数必须是数字' }).int('住院天数须为整数').min(0, '住院天数不能为负数').max(366, '住院天数不超过 366 天').default(0),
    criticalIllnessCode: criticalCodeSchema.nullish(),
  })
  .strict()
export type Bill = z.input<typeof billSchema>

const planFields = z
  .object({
    name: plainText({ min: 4, minMessage: '计划名称至少 4 个字', max: 40, maxMessage: '计划名称不超过 40 字' }),
    coverageYear: z.number({ error: '保障年度必须是数字' }).int().min(2020, '保障年度不早于 2020 年').max(2099, '保障年度不晚于 2099 年'),
    contributionFen: fenSchema('每人互助金', 1).max(1_000_000, '每人互助金不超过 10,000.00 元'),
    /** Members of this branch and below may enrol. */
    eligibleBranchId: idSchema,
    individualEnrolment: z.boolean().default(false),
    /** At least this share of an enterprise's members in a batch (8000 = 80%); null: no rule. */
    participationMinBp: ratioBpSchema.min(1, '参保比例须大于 0').nullable().default(null),
    filingWindowDays: z.number({ error: '申请时限必须是数字' }).int().min(1, '申请时限至少 1 天').max(3650, '申请时限不超过 3650 天'),
    rules: planRulesSchema,
  })
  .strict()

export const planSchemas = {
  /**
   * enrol: plans open to the caller as a member (their branch lies in the plan's subtree);
   * manage: plans an aid_admin in scope sees, every status.
   */
  plans: z.object({ view: z.enum(['enrol', 'manage']).default('enrol'), cursor: cursorSchema, limit: limitSchema }).strict(),
  plan: z.object({ id: idSchema }).strict(),
  /** Create (no id) or edit a draft; aid_admin at the eligible branch or above. */
  savePlan: planFields.extend({ id: idSchema.nullish() }).strict(),
  /** Freezes the rules and opens enrolment; a previous version still open is closed. */
  openPlan: z.object({ id: idSchema }).strict(),
  /** A draft copy of an open or closed plan, version + 1: the way to correct frozen rules. */
  newPlanVersion: z.object({ id: idSchema }).strict(),
  closePlan: z.object({ id: idSchema }).strict(),
  /** The member's own coverage: the current year and the history by year. */
  coverage: emptyInput,
  /** The member's own payouts under one enrolment, newest first, with their explanations. */
  myPayouts: z.object({ enrolmentId: idSchema, cursor: cursorSchema, limit: limitSchema }).strict(),
  /** The engine over the member's own coverage and year so far, for the claim form. */
  estimate: z.object({ enrolmentId: idSchema, bill: billSchema }).strict(),
}

export interface AidPlan {
  id: number
  name: string
  coverageYear: number
  contributionFen: number
  eligibleBranch: BranchRef
  individualEnrolment: boolean
  participationMinBp: number | null
  filingWindowDays: number
  rules: PlanRules
  status: PlanStatus
  version: number
  previousVersionId: number | null
  /** The correction made of this plan, if any. */
  nextVersionId: number | null
  createdAt: string
  openedAt: string | null
  closedAt: string | null
  /** The caller may open, close or correct it: a city aid_admin at its eligible branch or above. */
  manageable: boolean
  /** The caller may edit it: manageable and still a draft. */
  editable: boolean
}

export type EnrolmentStatus = 'pending_payment' | 'active' | 'cancelled'

export interface CoverageUsage {
  yearlyCapFen: number
  paidFen: number
  leftFen: number
  deductibleFen: number
  deductibleUsedFen: number
  hospitalDaysPaid: number
  criticalCodesPaid: string[]
  payouts: number
}

/** Where an enrolment stands today: in force, in observation, not yet started, ended, or not active (unpaid, cancelled). */
export type CoverageState = 'covered' | 'observation' | 'not_started' | 'lapsed' | 'inactive'

/** One coverage year of the member: an enrolment and its counters. */
export interface CoverageYear {
  enrolmentId: number
  plan: { id: number; name: string; coverageYear: number; version: number; filingWindowDays: number; rules: PlanRules }
  branch: BranchRef
  status: EnrolmentStatus
  source: 'batch' | 'individual'
  startsOn: string
  /** The first day bills are covered. */
  observationEndsOn: string
  endsOn: string
  /** Today (Asia/Shanghai). */
  state: CoverageState
  /** Today lies before observationEndsOn. */
  inObservation: boolean
  /** Today lies within startsOn…endsOn and the enrolment is active. */
  current: boolean
  usage: CoverageUsage
}

export interface AidCoverage {
  /** The enrolment covering today, else the newest one; null: 未参加医疗互助. */
  current: CoverageYear | null
  /** Every enrolment, newest year first (current included). */
  history: CoverageYear[]
  /** Open plans the member could still enrol in alone. */
  individualPlans: { id: number; name: string; coverageYear: number; contributionFen: number }[]
}

export interface AidPayout {
  id: number
  source: 'settlement' | 'claim'
  amountFen: number
  computedFen: number
  deductibleFen: number
  overrideReason: string | null
  lines: string[]
  createdAt: string
}

export interface PayoutEstimate {
  payoutFen: number
  deductibleFen: number
  hospitalDays: number
  lines: string[]
  /** What is left of the yearly cap before this bill. */
  yearLeftFen: number
}

export interface PlanOutputs {
  plans: Page<AidPlan>
  plan: AidPlan
  savePlan: AidPlan
  openPlan: AidPlan
  newPlanVersion: AidPlan
  closePlan: AidPlan
  coverage: AidCoverage
  myPayouts: Page<AidPayout>
  estimate: PayoutEstimate
}
