import type { Page } from '../errors'
import { knowledgeSearchInput } from './legal-common'
import type { KnowledgeArticleSummary } from './legal-common'

/**
 * 在线律师, part kb (issue 10): the knowledge base (常见问题). Members browse it by category and
 * search it by words (server/search); lawyers publish anonymised versions of resolved exchanges.
 * Shared names live in ./legal-common.
 */
export const kbSchemas = {
  /** Signed-in users: empty q browses the newest of a category; otherwise words, best match first. */
  searchKnowledge: knowledgeSearchInput,
}

export interface KbOutputs {
  searchKnowledge: Page<KnowledgeArticleSummary>
}
