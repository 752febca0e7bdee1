import type { importSchemas } from '../../src/shared/api/library-import'
import type { PartActions } from '../../server/action'

export const importActions: PartActions<'library', keyof typeof importSchemas> = {}
