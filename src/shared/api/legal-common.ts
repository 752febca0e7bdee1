import { z } from 'zod'

/**
 * 在线律师: names every part of the `legal` function shares (issue 10). The part files
 * (legal-ask, legal-thread, legal-cases, legal-sla, legal-kb) import from here, never from each
 * other's files, so they can be written side by side.
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
export const legalCategorySchema = z.enum(legalCategories as [LegalCategory, ...LegalCategory[]], { error: '请选择咨询类别' })

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

/**
 * Who asked, as the staff member calling may see it (server/legal/asker.ts). For an anonymous
 * question a lawyer gets only the county; a legal_admin gets the rest after a logged reveal.
 */
export type AskerView =
  | { anonymous: true; county: string }
  | { anonymous: false; county: string; name: string; enterprise: string }

/** 常见问题 search, also used by the ask page to show similar answered questions first. */
export const knowledgeSearchInput = z
  .object({
    q: z.string({ error: '请输入搜索内容' }).trim().max(100, '搜索内容不超过 100 字').default(''),
    category: legalCategorySchema.nullish(),
    cursor: z.string().max(200).nullish(),
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict()

export interface KnowledgeArticleSummary {
  id: number
  category: LegalCategory
  title: string
  /** The start of the answer, or the passage around the matched words. */
  excerpt: string
  publishedAt: string
}
