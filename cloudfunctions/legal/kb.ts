import type { kbSchemas } from '../../src/shared/api/legal-kb'
import type { PartActions } from '../../server/action'
import { knowledgeArticle, publishArticle, publishDraft, searchKnowledge, withdrawArticle } from '../../server/legal/knowledge'

const staff = ['lawyer', 'legal_admin'] as const

export const kbActions: PartActions<'legal', keyof typeof kbSchemas> = {
  searchKnowledge: {
    access: 'user',
    handler: (input, ctx) => searchKnowledge(ctx.db, input),
  },
  knowledgeArticle: {
    access: 'user',
    handler: (input, ctx) => knowledgeArticle(ctx.db, ctx.caller, input.id),
  },
  publishDraft: {
    access: 'roles',
    roles: staff,
    handler: (input, ctx) => publishDraft(ctx.db, ctx.caller, input.questionId),
  },
  publishArticle: {
    access: 'roles',
    roles: staff,
    handler: ({ questionId, ...text }, ctx) => publishArticle(ctx.db, ctx.caller, questionId, text),
  },
  withdrawArticle: {
    access: 'roles',
    roles: staff,
    handler: (input, ctx) => withdrawArticle(ctx.db, ctx.caller, input.id),
  },
}
