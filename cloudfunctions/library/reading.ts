import type { readingSchemas } from '../../src/shared/api/library-reading'
import type { PartActions } from '../../server/action'

export const readingActions: PartActions<'library', keyof typeof readingSchemas> = {}
