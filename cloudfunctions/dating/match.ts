import type { matchSchemas } from '../../src/shared/api/dating-match'
import type { PartActions } from '../../server/action'

export const matchActions: PartActions<'dating', keyof typeof matchSchemas> = {}
