import { z } from 'zod'
import { daySchema } from './aid-claims'
import { idSchema } from './common'
import type { BranchRef } from './common'
import type { CaseKind, CaseOutcome } from './legal-common'

/**
 * 在线律师, part sla (issue 10 §4, §6): the response-time policy a city legal_admin sets, and the
 * figures per county and per lawyer. The escalation itself is a job (server/legal/escalation.ts).
 */

const minutesOfDay = (label: string) =>
  z.number({ error: `${label}必须是数字` }).int(`${label}必须是整数分钟`).min(0, `${label}不早于 0:00`).max(1440, `${label}不晚于 24:00`)

export const savePolicyInput = z
  .object({
    responseMinutes: z.number({ error: '首次答复时限必须是数字' }).int('首次答复时限必须是整数分钟').min(15, '首次答复时限不少于 15 分钟').max(7200, '首次答复时限不超过 7200 分钟'),
    countyAfterMinutes: z.number({ error: '上报区县时间必须是数字' }).int('上报区县时间必须是整数分钟').min(0, '上报区县时间不能为负').max(7200, '上报区县时间不超过 7200 分钟'),
    cityAfterMinutes: z.number({ error: '上报市总时间必须是数字' }).int('上报市总时间必须是整数分钟').min(0, '上报市总时间不能为负').max(7200, '上报市总时间不超过 7200 分钟'),
    workdayStartMinute: minutesOfDay('上班时间'),
    workdayEndMinute: minutesOfDay('下班时间'),
    autoCloseDays: z.number({ error: '自动关闭天数必须是数字' }).int('自动关闭天数必须是整数').min(1, '自动关闭天数至少 1 天').max(60, '自动关闭天数不超过 60 天'),
  })
  .strict()
  .refine((p) => p.workdayStartMinute < p.workdayEndMinute, { message: '下班时间须晚于上班时间', path: ['workdayEndMinute'] })
  .refine((p) => p.countyAfterMinutes <= p.cityAfterMinutes, { message: '上报市总须不早于上报区县', path: ['cityAfterMinutes'] })
export type SavePolicyInput = z.infer<typeof savePolicyInput>

export const legalFiguresInput = z
  .object({
    /** A branch in the caller's legal_admin scope: its county and its city give figures per county of the subtree. */
    branchId: idSchema,
    /** Questions asked on these Shanghai days, both included. */
    from: daySchema,
    to: daySchema,
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, { message: '统计区间不超过一年', path: ['to'] })

export const slaSchemas = {
  /** The response-time policy, and whether the holiday calendar covers this year and next. Any legal_admin reads it. */
  policy: z.object({}).strict(),
  /** Changes the policy (a city legal_admin): applies to questions asked from now on; their deadlines are frozen when asked. */
  savePolicy: savePolicyInput,
  /** Figures of questions asked in the period in a subtree: in total, per county and per lawyer. */
  legalFigures: legalFiguresInput,
}

export interface LegalPolicyView {
  responseMinutes: number
  countyAfterMinutes: number
  cityAfterMinutes: number
  workdayStartMinute: number
  workdayEndMinute: number
  autoCloseDays: number
  updatedAt: string
  /** Who changed it last (null: the migration's defaults). */
  updatedBy: string | null
  /** Whether the caller may change it (a legal_admin of the city). */
  editable: boolean
  /** Years of the holiday calendar the deadlines need: this year and next, Shanghai time. */
  calendar: { year: number; covered: boolean }[]
}

/** One line of figures. Times are working minutes (nights, weekends, public holidays not counted). */
export interface LegalFigureLine {
  questions: number
  /** Questions with a first response. */
  answered: number
  firstResponseMedianMinutes: number | null
  firstResponseP90Minutes: number | null
  /** First response after the due time, or none and the due time passed while the question was open. */
  overdue: number
  /** Reached the county's legal_admin (escalation step 2 or 3). */
  escalated: number
  ratingCount: number
  /** To one decimal; null without ratings. */
  ratingAverage: number | null
  handoffs: Record<CaseKind, number>
  /** Hand-offs by how their case ended; `open` for cases not yet closed. */
  outcomes: Record<CaseOutcome | 'open', number>
}

export interface LegalFigures {
  branch: BranchRef
  from: string
  to: string
  total: LegalFigureLine
  /** The counties of the subtree (the branch itself when it is a county or below), those with questions. */
  counties: (LegalFigureLine & { branch: BranchRef })[]
  /** Lawyers who held questions of the subtree, by the number they held. */
  lawyers: (LegalFigureLine & { lawyer: { userId: number; name: string } })[]
}

export interface SlaOutputs {
  policy: LegalPolicyView
  savePolicy: LegalPolicyView
  legalFigures: LegalFigures
}
