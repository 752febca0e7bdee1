import type { readerSchemas } from '../../src/shared/api/library-reader'
import type { PartActions } from '../../server/action'

export const readerActions: PartActions<'library', keyof typeof readerSchemas> = {}
