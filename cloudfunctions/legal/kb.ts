import type { kbSchemas } from '../../src/shared/api/legal-kb'
import type { PartActions } from '../../server/action'

export const kbActions: PartActions<'legal', keyof typeof kbSchemas> = {}
