import { z } from 'zod'
import { emptyInput, idSchema, pageInput, plainText } from './common'
import { criticalCodeSchema, fenSchema } from './aid-plans'
import type { PayoutEstimate } from './aid-plans'
import { requestIdSchema } from './points'
import type { FileReadUrl, StoredFile } from './file'
import type { Page } from '../errors'
import { claimDocTypeNames, claimTypeNames, maxClaimDocuments, maxSupplementDocuments } from '../aid/claim-types'
import type { ClaimDocType, ClaimEventKind, ClaimStatus, ClaimType } from '../aid/claim-types'

/** A calendar day as the date picker gives it; a real date between 2000 and 2099. */
export const daySchema = z
  .string({ error: '请选择日期' })
  .regex(/^20\d{2}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00Z`)
    return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === day
  }, '日期不存在')

/** The bill as the member states it, in fen. */
const billFields = {
  claimType: z.enum(claimTypeNames, { error: '请选择申请类型' }),
  admissionOn: daySchema,
  dischargeOn: daySchema,
  totalFen: fenSchema('医疗费用总额'),
  insurancePaidFen: fenSchema('医保支付金额'),
  selfPaidFen: fenSchema('个人自付金额'),
  eligibleFen: fenSchema('可报销金额'),
  /** 重大疾病 only: a code of the plan's list. */
  criticalIllnessCode: criticalCodeSchema.nullish(),
}

const claimDocumentInput = z
  .object({
    fileId: idSchema,
    docType: z.enum(claimDocTypeNames, { error: '材料类型无效' }),
  })
  .strict()

/** 重大疾病 names an illness of the plan's list; the other types name none. */
function illnessMatchesType(bill: { claimType: ClaimType; criticalIllnessCode?: string | null }, ctx: z.RefinementCtx) {
  const named = bill.criticalIllnessCode != null
  if (bill.claimType === 'critical_illness' && !named) ctx.addIssue({ code: 'custom', path: ['criticalIllnessCode'], message: '请选择重大疾病' })
  if (bill.claimType !== 'critical_illness' && named) ctx.addIssue({ code: 'custom', path: ['criticalIllnessCode'], message: '只有重大疾病申请需要选择疾病' })
}

const uniqueFiles = (docs: { fileId: number }[]) => new Set(docs.map((d) => d.fileId)).size === docs.length

export const claimsSchemas = {
  /** The caller's own claims, newest first. */
  myClaims: pageInput.strict(),
  /** One of the caller's own claims with its timeline and documents. */
  claim: z.object({ id: idSchema }).strict(),
  /** The engine over the caller's own coverage and year so far: the figure the member sees before submitting. */
  claimEstimate: z.object({ enrolmentId: idSchema, ...billFields }).strict().superRefine(illnessMatchesType),
  /** Whether the caller gave the current health-data consent (the claim form asks once). */
  healthConsent: emptyInput,
  /** The health-data consent, given once per text version, recorded. */
  giveHealthConsent: z.object({ version: z.string().min(1).max(40) }).strict(),
  submitClaim: z
    .object({
      requestId: requestIdSchema,
      enrolmentId: idSchema,
      hospital: plainText({ min: 2, max: 60, minMessage: '请填写就诊医院' }),
      ...billFields,
      documents: z
        .array(claimDocumentInput)
        .min(1, '请上传申请材料')
        .max(maxClaimDocuments, `材料最多 ${maxClaimDocuments} 份`)
        .refine(uniqueFiles, '同一文件不能重复提交'),
    })
    .strict()
    .superRefine(illnessMatchesType),
  /** 补充材料: only while the claim waits for them; the claim goes back to its reviewer. */
  addDocuments: z
    .object({
      id: idSchema,
      documents: z
        .array(claimDocumentInput)
        .min(1, '请上传补充材料')
        .max(maxSupplementDocuments, `每次最多补充 ${maxSupplementDocuments} 份材料`)
        .refine(uniqueFiles, '同一文件不能重复提交'),
      note: plainText({ max: 200 }).nullish(),
    })
    .strict(),
  /** Before a decision only. */
  withdrawClaim: z.object({ id: idSchema }).strict(),
}

export interface ClaimSummary {
  id: number
  enrolmentId: number
  planName: string
  claimType: ClaimType
  status: ClaimStatus
  hospital: string
  admissionOn: string
  dischargeOn: string
  totalFen: number
  eligibleFen: number
  /** The engine's figure (the estimate at submission, the reviewer's after review). */
  computedFen: number
  /** Set once approved. */
  approvedFen: number | null
  submittedAt: string
  updatedAt: string
}

export interface ClaimDocument {
  file: StoredFile
  docType: ClaimDocType
  /** 0: filed with the claim; 1, 2…: 补充材料 rounds. */
  round: number
  addedAt: string
  /** A signed URL to show the file (valid for minutes). */
  read: FileReadUrl
}

export interface ClaimEvent {
  id: number
  kind: ClaimEventKind
  status: ClaimStatus
  /** Staff are shown by role, not by name. */
  actor: 'member' | 'staff'
  reason: string | null
  at: string
}

export interface ClaimDetail extends ClaimSummary {
  insurancePaidFen: number
  selfPaidFen: number
  hospitalDays: number | null
  criticalIllnessCode: string | null
  computedLines: string[]
  overrideReason: string | null
  /** What more is needed, or why the claim was rejected. */
  statusReason: string | null
  paidAt: string | null
  payoutRef: string | null
  bankAccountMasked: string | null
  documents: ClaimDocument[]
  events: ClaimEvent[]
}

export interface HealthConsent {
  /** The current text's version. */
  version: string
  /** When the caller agreed to this version; null: not yet. */
  givenAt: string | null
}

export interface ClaimsOutputs {
  myClaims: Page<ClaimSummary>
  claim: ClaimDetail
  claimEstimate: PayoutEstimate
  healthConsent: HealthConsent
  giveHealthConsent: HealthConsent
  /** `replayed`: a retried submit, answered with the claim it made the first time. */
  submitClaim: { claim: ClaimDetail; replayed: boolean }
  addDocuments: { claim: ClaimDetail }
  withdrawClaim: { claim: ClaimDetail }
}
