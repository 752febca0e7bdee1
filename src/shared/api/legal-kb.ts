import { z } from 'zod'
import type { Page } from '../errors'
import { idSchema, plainText } from './common'
import { knowledgeSearchInput, legalCategorySchema } from './legal-common'
import type { KnowledgeArticleSummary, LegalCategory } from './legal-common'
import { articleTextMax, articleTitleMax } from '../legal/kb'
import type { MaskedKind } from '../legal/kb'

export * from '../legal/kb'

/**
 * 在线律师, part kb (issue 10): the knowledge base (常见问题). Members browse it by category and
 * search it by words (server/search); lawyers publish anonymised versions of resolved exchanges.
 * Shared names live in ./legal-common.
 */

export const kbSchemas = {
  /** Signed-in users: empty q browses the newest of a category; otherwise words, best match first. */
  searchKnowledge: knowledgeSearchInput,
  knowledgeArticle: z.object({ id: idSchema }).strict(),
  /** The question's lawyer (or a legal_admin in scope): the exchange with the asker's identity masked. */
  publishDraft: z.object({ questionId: idSchema }).strict(),
  /** Refused while the text still holds the asker's name, phone, member number, an ID number or the enterprise. */
  publishArticle: z
    .object({
      questionId: idSchema,
      category: legalCategorySchema,
      title: plainText({ min: 4, minMessage: '标题至少 4 个字', max: articleTitleMax, maxMessage: `标题不超过 ${articleTitleMax} 字` }),
      questionText: plainText({ min: 10, minMessage: '问题至少 10 个字', max: articleTextMax, maxMessage: `问题不超过 ${articleTextMax} 字`, multiline: true }),
      answerText: plainText({ min: 10, minMessage: '解答至少 10 个字', max: articleTextMax, maxMessage: `解答不超过 ${articleTextMax} 字`, multiline: true }),
    })
    .strict(),
  /** Its publisher or a legal_admin in scope takes an article out of 常见问题. */
  withdrawArticle: z.object({ id: idSchema }).strict(),
}

export type ArticleStatus = 'published' | 'withdrawn'

export interface KnowledgeArticle {
  id: number
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
  status: ArticleStatus
  publishedAt: string
  /** The caller published it, or is a legal_admin over its question. */
  canWithdraw: boolean
}

export interface PublishDraft {
  questionId: number
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
  masked: MaskedKind[]
  /** The article already made from this question, if any. */
  article: { id: number; status: ArticleStatus } | null
}

export interface KbOutputs {
  searchKnowledge: Page<KnowledgeArticleSummary>
  knowledgeArticle: KnowledgeArticle
  publishDraft: PublishDraft
  publishArticle: { id: number }
  withdrawArticle: { id: number; status: ArticleStatus }
}
