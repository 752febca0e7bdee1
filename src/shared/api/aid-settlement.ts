import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'

/**
 * 医疗互助, part 3 (aid-settle): one-stop settlement (一站式结算) imports. An aid_admin uploads the
 * 医保 settlement file (purpose `aid_settlement`) and imports it for a county or the city; rows are
 * checked against the rule engine, in batches, with the progress on the import.
 */

export const settlementImportStatuses = ['running', 'done', 'failed'] as const
export type SettlementImportStatus = (typeof settlementImportStatuses)[number]

export const settlementOutcomes = ['paid', 'flagged', 'duplicate', 'unmatched', 'bad'] as const
export type SettlementOutcome = (typeof settlementOutcomes)[number]

const importIdSchema = z.object({ id: idSchema }).strict()

export const settlementSchemas = {
  /** Starts importing an uploaded settlement file for a branch (the city or a county in the caller's scope). */
  settlementStart: z.object({ branchId: idSchema, fileId: idSchema }).strict(),
  /** Works on a running import for a few seconds and answers its progress: the page polls with it. */
  settlementContinue: importIdSchema,
  settlementImport: importIdSchema,
  /** Imports in the caller's scope, newest first. */
  settlementImports: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** One outcome's rows of an import, in file order. */
  settlementRows: z
    .object({ importId: idSchema, outcome: z.enum(settlementOutcomes, { error: '不支持的结果类型' }), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /**
   * A flagged row settled by an aid_admin: the engine's figure, or the file's (what the hospital
   * actually deducted) with a reason.
   */
  settlementResolve: z
    .object({
      rowId: idSchema,
      use: z.enum(['engine', 'file'], { error: '请选择按核算金额或按文件金额' }),
      reason: plainText({ min: 2, minMessage: '请填写原因（至少 2 个字）', max: 200, maxMessage: '原因不超过 200 字' }).nullish(),
    })
    .strict()
    .refine((input) => input.use !== 'file' || Boolean(input.reason), { message: '按文件金额结算须填写原因', path: ['reason'] }),
}

export interface SettlementImport {
  id: number
  branch: BranchRef
  fileName: string
  status: SettlementImportStatus
  /** Why the whole file was refused; rows carry their own errors. */
  error: string | null
  totalRows: number
  processedRows: number
  paidRows: number
  paidFen: number
  flaggedRows: number
  duplicateRows: number
  unmatchedRows: number
  badRows: number
  createdBy: string
  createdAt: string
  finishedAt: string | null
}

export interface SettlementRowView {
  id: number
  line: number
  outcome: SettlementOutcome
  /** The row's error, why it did not match, or why it was flagged. */
  message: string | null
  /** Matched rows: the member's name; others only the ID number's last four characters. */
  memberName: string | null
  idLast4: string | null
  hospital: string | null
  admittedOn: string | null
  dischargedOn: string | null
  totalFen: number | null
  selfFen: number | null
  fileAidFen: number | null
  engineFen: number | null
  /** The engine's lines for this row. */
  explanation: string[]
  resolution: 'engine' | 'file' | null
  resolveReason: string | null
  resolvedAt: string | null
  /** What was recorded as the payout, once there is one. */
  payoutFen: number | null
}

export interface SettlementOutputs {
  settlementStart: SettlementImport
  settlementContinue: SettlementImport
  settlementImport: SettlementImport
  settlementImports: Page<SettlementImport>
  settlementRows: Page<SettlementRowView>
  settlementResolve: SettlementRowView
}
