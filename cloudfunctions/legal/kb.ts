import type { kbSchemas } from '../../src/shared/api/legal-kb'
import type { PartActions } from '../../server/action'
import { searchKnowledge } from '../../server/legal/knowledge'

export const kbActions: PartActions<'legal', keyof typeof kbSchemas> = {
  searchKnowledge: {
    access: 'user',
    handler: (input, ctx) => searchKnowledge(ctx.db, input),
  },
}
