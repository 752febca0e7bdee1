import { z } from 'zod'
import { idSchema } from './common'
import type { BranchRef } from './common'
import type { ExportedFile } from './file'

/**
 * 医疗互助, part 6 (aid-figures): the yearly figures of a branch's subtree for aid_admins, as a
 * table and as an Excel workbook, and a member's export of their own records.
 */

const figuresInput = z
  .object({
    branchId: idSchema,
    year: z.number({ error: '年度必须是数字' }).int('年度必须是整数').min(2020, '年度不早于 2020 年').max(2099, '年度不晚于 2099 年'),
  })
  .strict()

export const figuresSchemas = {
  /** Figures by month and by direct child branch, for a branch in the caller's aid_admin or admin scope. */
  figures: figuresInput,
  /** The same figures as a workbook, a private file only the caller reads; written to audit_log. */
  figuresExport: figuresInput,
  /** The caller's own enrolments, payouts and claims as a workbook; written to audit_log. */
  myRecordsExport: z.object({}).strict(),
}

/** One line of figures. Money in 分; medianDaysToPay in days to one decimal, null when nothing was paid. */
export interface AidFigureLine {
  /** Active enrolments whose coverage starts in the period. */
  enrolments: number
  /** Manual claims submitted in the period. */
  claimsSubmitted: number
  /** One-stop settlement payouts (一站式结算). */
  settlementPayouts: number
  settlementFen: number
  /** Payouts of manual claims. */
  claimPayouts: number
  claimFen: number
  /** Median time from a claim's submission to its payment, of the claims paid in the period. */
  medianDaysToPay: number | null
}

export interface AidFigures {
  branch: BranchRef
  year: number
  /** Always twelve, January first. */
  months: (AidFigureLine & { month: number })[]
  total: AidFigureLine
  /** The branch's direct children, each over its own subtree, for the year. */
  children: (AidFigureLine & { branch: BranchRef })[]
}

/** A generated workbook: a private file of the caller's, opened through its signed URL. */
export type AidExport = ExportedFile

export interface FiguresOutputs {
  figures: AidFigures
  figuresExport: AidExport
  myRecordsExport: AidExport
}
