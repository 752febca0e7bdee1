import type { slaSchemas } from '../../src/shared/api/legal-sla'
import type { PartActions } from '../../server/action'

export const slaActions: PartActions<'legal', keyof typeof slaSchemas> = {}
