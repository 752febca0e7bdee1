import type { eventSchemas } from '../../src/shared/api/dating-event'
import type { PartActions } from '../../server/action'

export const eventActions: PartActions<'dating', keyof typeof eventSchemas> = {}
