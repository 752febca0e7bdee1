import type { reviewSchemas } from '../../src/shared/api/dating-review'
import type { PartActions } from '../../server/action'

export const reviewActions: PartActions<'dating', keyof typeof reviewSchemas> = {}
