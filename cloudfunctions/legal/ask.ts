import type { askSchemas } from '../../src/shared/api/legal-ask'
import type { PartActions } from '../../server/action'

export const askActions: PartActions<'legal', keyof typeof askSchemas> = {}
