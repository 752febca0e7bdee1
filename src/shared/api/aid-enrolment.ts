import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, emptyInput, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { EnrolmentStatus } from './aid-plans'
import { requestIdSchema } from './points'

const sheetInput = {
  planId: idSchema,
  /** The enterprise (or other branch) whose members the sheet lists. */
  branchId: idSchema,
  /** The uploaded sheet (file purpose `aid_sheet`), the caller's own. */
  fileId: idSchema,
}

export const enrolSchemas = {
  /** Open plans the members of a branch in the caller's scope may be enrolled in by sheet. */
  enrolPlans: z.object({ branchId: idSchema }).strict(),
  /** Reads the sheet and answers what submitting it would do; writes nothing. */
  enrolSheetPreview: z.object(sheetInput).strict(),
  /** Enrols the sheet's accepted rows as one batch awaiting payment; resent with the same requestId, answers the same batch. */
  enrolSheetSubmit: z.object({ ...sheetInput, requestId: requestIdSchema }).strict(),
  /** Batches in the caller's scope, newest first; `awaitingMe`: those waiting for the caller's payment confirmation. */
  enrolBatches: z.object({ awaitingMe: z.boolean().default(false), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** An aid_admin above the batch's branch records the payment received: the batch's enrolments become active. */
  confirmPayment: z
    .object({
      batchId: idSchema,
      paymentRef: plainText({ min: 4, minMessage: '请填写付款凭证号（银行转账流水号）', max: 64, maxMessage: '付款凭证号不超过 64 字' }),
    })
    .strict(),
  /** Plans the member may enrol in alone, with the member's own enrolment in each. */
  enrolOptions: emptyInput,
  /** The member enrols alone in a plan that allows it; payment is confirmed by the union as for a batch. */
  enrolSelf: z.object({ planId: idSchema, requestId: requestIdSchema }).strict(),
}

export type SheetRowProblemCode =
  | 'formula'
  | 'id_number_as_number'
  | 'cell_type'
  | 'name_missing'
  | 'id_number_invalid'
  | 'id_number_checksum'
  | 'duplicate'
  | 'unknown_id'
  | 'name_mismatch'
  | 'not_in_branch'
  | 'already_enrolled'

export interface SheetRowProblem {
  code: SheetRowProblemCode
  message: string
}

/** A refused row, as Excel numbers it (the header is row 1). */
export interface SheetRowError extends SheetRowProblem {
  row: number
  name: string
  /** 330402********123X: enough to find the row, not the whole number. */
  maskedIdNumber: string | null
}

export interface EnrolPlanRef {
  id: number
  name: string
  coverageYear: number
  contributionFen: number
}

export interface Participation {
  /** Members of the branch's subtree. */
  members: number
  /** Already enrolled in the plan (pending payment or active) before this sheet. */
  enrolled: number
  accepted: number
  /** (enrolled + accepted) / members, in basis points, rounded down. */
  ratioBp: number
  /** The plan's minimum, or null when it sets none. */
  minBp: number | null
  ok: boolean
}

export interface EnrolPreview {
  plan: EnrolPlanRef
  branch: BranchRef
  /** Data rows read (blank rows skipped). */
  rows: number
  accepted: number
  errorCount: number
  /** The first maxPreviewErrors refused rows, in sheet order. */
  errors: SheetRowError[]
  totalFen: number
  participation: Participation
}

export type EnrolBatchStatus = 'pending_payment' | 'confirmed'

export interface EnrolBatch {
  id: number
  kind: 'sheet' | 'individual'
  plan: EnrolPlanRef
  branch: BranchRef
  accepted: number
  totalFen: number
  status: EnrolBatchStatus
  submittedBy: string
  submittedAt: string
  paymentRef: string | null
  confirmedAt: string | null
  /** The caller is an aid_admin above the branch, not the submitter, and it awaits payment. */
  canConfirm: boolean
}

export interface EnrolSubmitResult {
  batch: EnrolBatch
  /** A resend of a submit already made: nothing new was written. */
  replayed: boolean
}

export interface EnrolOption {
  plan: EnrolPlanRef & { observationDays: number; eligibleBranch: BranchRef }
  /** The member's enrolment in this plan, if any. */
  enrolment: { id: number; status: EnrolmentStatus; startsOn: string; observationEndsOn: string; endsOn: string } | null
}

export interface EnrolOutputs {
  enrolPlans: (EnrolPlanRef & { participationMinBp: number | null })[]
  enrolSheetPreview: EnrolPreview
  enrolSheetSubmit: EnrolSubmitResult
  enrolBatches: Page<EnrolBatch>
  confirmPayment: { batch: EnrolBatch; replayed: boolean }
  enrolOptions: EnrolOption[]
  enrolSelf: EnrolSubmitResult
}
