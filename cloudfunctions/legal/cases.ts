import type { casesSchemas } from '../../src/shared/api/legal-cases'
import type { PartActions } from '../../server/action'

export const casesActions: PartActions<'legal', keyof typeof casesSchemas> = {}
