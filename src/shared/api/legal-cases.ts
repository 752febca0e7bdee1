/**
 * 在线律师, part cases (issue 10 §3 hand-off, §7 export): a lawyer hands a question off to 法律援助
 * or 劳动争议调解, the county's legal_admin follows the case, the member agrees to share their
 * contact details and exports their own questions. Shared names live in ./legal-common.
 */
import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { ExportedFile } from './file'
import type { AskerView, CaseKind, CaseOutcome, CaseStatus, LegalCategory, QuestionStatus } from './legal-common'
import { caseKindNames, caseOutcomeNames, caseStatusNames } from './legal-common'
import { caseNoteMax, handOffSummaryMax } from '../legal/case-rules'

const caseKinds = Object.keys(caseKindNames) as [CaseKind, ...CaseKind[]]
const caseStatuses = Object.keys(caseStatusNames) as [CaseStatus, ...CaseStatus[]]
const caseOutcomes = Object.keys(caseOutcomeNames) as [CaseOutcome, ...CaseOutcome[]]

const caseNote = plainText({ min: 2, minMessage: '请填写办理说明（至少 2 个字）', max: caseNoteMax, maxMessage: `办理说明不超过 ${caseNoteMax} 字`, multiline: true })

export const casesSchemas = {
  /** The assigned lawyer hands the question off to offline help: one case per question. */
  handOff: z
    .object({
      questionId: idSchema,
      kind: z.enum(caseKinds, { error: '请选择转交类型' }),
      summary: plainText({ min: 10, minMessage: '请写明案情摘要（至少 10 个字）', max: handOffSummaryMax, maxMessage: `案情摘要不超过 ${handOffSummaryMax} 字`, multiline: true }),
    })
    .strict(),
  /** Cases of the counties under the caller's legal_admin grants, newest first; null status: all. */
  cases: z.object({ status: z.enum(caseStatuses).nullish(), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** One case for a legal_admin in scope; the read is written to audit_log. */
  caseDetail: z.object({ id: idSchema }).strict(),
  /** The asker agrees that the service centre may see their name and phone. */
  consentContact: z.object({ caseId: idSchema }).strict(),
  /** Moves the case one or more steps forward, with a note the member is told about. */
  advanceCase: z
    .object({
      caseId: idSchema,
      to: z.enum(['accepted', 'in_progress', 'closed'], { error: '请选择案件的新状态' }),
      /** Required when `to` is closed, refused otherwise. */
      outcome: z.enum(caseOutcomes, { error: '处理结果无效' }).nullish(),
      note: caseNote,
    })
    .strict(),
  /** A plain note on the case: its status stays. */
  addCaseNote: z.object({ caseId: idSchema, body: caseNote }).strict(),
  /** The caller's own questions, their threads and case status as a workbook; written to audit_log. */
  myQuestionsExport: z.object({}).strict(),
}

export interface CaseSummary {
  id: number
  questionId: number
  kind: CaseKind
  status: CaseStatus
  outcome: CaseOutcome | null
  /** The county whose service centre follows it. */
  county: string
  category: LegalCategory
  title: string
  asker: AskerView
  contactConsented: boolean
  createdAt: string
  updatedAt: string
}

export interface CaseNote {
  id: number
  /** The status the case moved to with this note (the same as before for a plain note). */
  status: CaseStatus
  body: string
  author: string
  at: string
}

export interface CaseDetail extends CaseSummary {
  summary: string
  /** The lawyer who handed it off. */
  handedOffBy: string
  acceptedAt: string | null
  closedAt: string | null
  question: { id: number; status: QuestionStatus; body: string; askedAt: string }
  /** Name and phone, only once the member consented to share them with the service centre. */
  contact: { name: string; phone: string } | null
  notes: CaseNote[]
  /** The statuses the caller may move the case to now (forward only), and whether it may add a note. */
  can: { advanceTo: Exclude<CaseStatus, 'submitted'>[]; note: boolean }
}

export interface HandOffResult {
  caseId: number
  status: CaseStatus
}

export interface CaseChange {
  caseId: number
  status: CaseStatus
  outcome: CaseOutcome | null
}

/** A generated workbook: a private file of the caller's, opened through its signed URL. */
export type LegalExport = ExportedFile

export interface CasesOutputs {
  handOff: HandOffResult
  cases: Page<CaseSummary>
  caseDetail: CaseDetail
  consentContact: { caseId: number; contactConsentedAt: string }
  advanceCase: CaseChange
  addCaseNote: { caseId: number; noteId: number }
  myQuestionsExport: LegalExport
}
