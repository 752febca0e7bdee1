import type { chatSchemas } from '../../src/shared/api/dating-chat'
import type { PartActions } from '../../server/action'

export const chatActions: PartActions<'dating', keyof typeof chatSchemas> = {}
