import type { threadSchemas } from '../../src/shared/api/legal-thread'
import type { PartActions } from '../../server/action'

export const threadActions: PartActions<'legal', keyof typeof threadSchemas> = {}
