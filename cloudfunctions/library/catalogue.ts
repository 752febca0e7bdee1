import type { catalogueSchemas } from '../../src/shared/api/library-catalogue'
import type { PartActions } from '../../server/action'

export const catalogueActions: PartActions<'library', keyof typeof catalogueSchemas> = {}
