/**
 * Manual claim types, their document checklists, statuses and timeline events, without zod: the
 * claim pages read them too, and the mini-program bundle must not pull zod in.
 */

/** What an uploaded claim document is; `supplement` is a 补充材料 the reviewer asked for. */
export const claimDocTypes = {
  invoice: '医疗费用发票',
  discharge_summary: '出院小结',
  itemised_bill: '费用明细清单',
  diagnosis: '疾病诊断证明',
  prescription: '处方或门诊病历',
  pathology: '病理报告或出院小结',
  supplement: '补充材料',
} as const
export type ClaimDocType = keyof typeof claimDocTypes
export const claimDocTypeNames = Object.keys(claimDocTypes) as [ClaimDocType, ...ClaimDocType[]]

/**
 * Each type's checklist: at least one file of every listed document type, before a claim can be
 * submitted. 住院 counts hospital days for the allowance; 重大疾病 names an illness of the plan's list.
 */
export const claimTypes = {
  hospital: { label: '住院', documents: ['invoice', 'discharge_summary', 'itemised_bill'] },
  outpatient_special: { label: '门诊特殊病', documents: ['invoice', 'diagnosis', 'prescription'] },
  critical_illness: { label: '重大疾病', documents: ['diagnosis', 'pathology', 'invoice'] },
} as const satisfies Record<string, { label: string; documents: readonly ClaimDocType[] }>
export type ClaimType = keyof typeof claimTypes
export const claimTypeNames = Object.keys(claimTypes) as [ClaimType, ...ClaimType[]]

export const claimStatuses = {
  draft: '草稿',
  submitted: '已提交',
  in_review: '审核中',
  need_more: '待补充材料',
  second_review: '复核中',
  approved: '已核准',
  rejected: '未通过',
  paid: '已支付',
  withdrawn: '已撤回',
} as const
export type ClaimStatus = keyof typeof claimStatuses

/** Statuses before a decision: the member may still withdraw, reviewers still work on it. */
export const openClaimStatuses: readonly ClaimStatus[] = ['submitted', 'in_review', 'need_more', 'second_review']

/** Timeline entries as the member reads them. */
export const claimEventKinds = {
  submitted: '提交申请',
  taken: '审核员开始审核',
  released: '重新排队等待审核',
  need_more: '需要补充材料',
  documents_added: '已补充材料',
  approved: '审核通过',
  second_review: '初审通过，等待复核',
  second_approved: '复核通过',
  returned: '复核退回初审',
  rejected: '审核未通过',
  paid: '互助金已支付',
  withdrawn: '申请已撤回',
} as const
export type ClaimEventKind = keyof typeof claimEventKinds

/** Version of the health-data consent text (claim-new page); bump when the text changes. */
export const healthConsentVersion = '2026-11-v1'

/** At most this many files per claim, and per 补充材料 round. */
export const maxClaimDocuments = 30
export const maxSupplementDocuments = 10

/** Calendar days between two `YYYY-MM-DD` dates (UTC arithmetic: no time zone moves a date). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** 住院天数: discharge − admission, a stay admitted and discharged on one day counting one day. */
export function hospitalDaysOf(admissionOn: string, dischargeOn: string): number {
  return Math.max(1, daysBetween(admissionOn, dischargeOn))
}

export interface ClaimBill {
  admissionOn: string
  dischargeOn: string
  totalFen: number
  insurancePaidFen: number
  selfPaidFen: number
  eligibleFen: number
}

export type BillProblem = { code: 'AID_CLAIM_DATES_INVALID' | 'AID_CLAIM_BILL_INVALID'; message: string }

/**
 * The bill's own sense, checked by the form as the member types and by the server before anything
 * is written: dates in order and not after today, 医保 + 自付 = 总额, 可报销 ≤ 自付.
 */
export function billProblem(bill: ClaimBill, today: string): BillProblem | null {
  if (bill.admissionOn > bill.dischargeOn) return { code: 'AID_CLAIM_DATES_INVALID', message: '出院日期不能早于入院日期' }
  if (bill.dischargeOn > today) return { code: 'AID_CLAIM_DATES_INVALID', message: '出院日期不能晚于今天' }
  if (bill.insurancePaidFen + bill.selfPaidFen !== bill.totalFen) {
    return { code: 'AID_CLAIM_BILL_INVALID', message: '医保支付与个人自付之和应等于医疗费用总额' }
  }
  if (bill.eligibleFen > bill.selfPaidFen) return { code: 'AID_CLAIM_BILL_INVALID', message: '可报销金额不能超过个人自付金额' }
  return null
}

/** Checklist items of a type that have no file yet, as labels. */
export function missingDocuments(type: ClaimType, present: readonly ClaimDocType[]): string[] {
  return claimTypes[type].documents.filter((doc) => !present.includes(doc)).map((doc) => claimDocTypes[doc])
}
