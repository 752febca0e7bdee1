/**
 * 在线律师: the names of categories, statuses and case kinds, without zod, so pages can show them
 * (the mini-program bundle must not pull zod in). src/shared/api/legal-common.ts re-exports them
 * for the contract.
 */

export const legalCategoryNames = {
  labour_contract: '劳动合同',
  wages: '工资报酬',
  work_injury: '工伤',
  social_insurance: '社会保险',
  dismissal: '解除劳动关系',
  other: '其他',
} as const
export type LegalCategory = keyof typeof legalCategoryNames
export const legalCategories = Object.keys(legalCategoryNames) as LegalCategory[]

export const questionStatusNames = { open: '咨询中', resolved: '已解决', closed: '已关闭' } as const
export type QuestionStatus = keyof typeof questionStatusNames

/** Steps of the first-response escalation (legal_question.escalation_step). */
export const escalationStepNames = { 0: '未超时', 1: '已提醒值班律师', 2: '已上报区县', 3: '已上报市总' } as const
export type EscalationStep = keyof typeof escalationStepNames

export const caseKindNames = { legal_aid: '法律援助', mediation: '劳动争议调解' } as const
export type CaseKind = keyof typeof caseKindNames
export const caseStatusNames = { submitted: '已转交', accepted: '已受理', in_progress: '处理中', closed: '已结案' } as const
export type CaseStatus = keyof typeof caseStatusNames
export const caseOutcomeNames = { succeeded: '已解决', not_succeeded: '未能解决', withdrawn: '当事人撤回', referred: '已转其他渠道' } as const
export type CaseOutcome = keyof typeof caseOutcomeNames
