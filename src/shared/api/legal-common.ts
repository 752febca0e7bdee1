import { z } from 'zod'
import { legalCategories } from '../legal/names'
import type { LegalCategory } from '../legal/names'

/**
 * 在线律师: names every part of the `legal` function shares (issue 10). The part files
 * (legal-ask, legal-thread, legal-cases, legal-sla, legal-kb) import from here, never from each
 * other's files, so they can be written side by side.
 */

export * from '../legal/names'

export const legalCategorySchema = z.enum(legalCategories as [LegalCategory, ...LegalCategory[]], { error: '请选择咨询类别' })

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
