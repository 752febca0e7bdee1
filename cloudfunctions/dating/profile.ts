import type { profileSchemas } from '../../src/shared/api/dating-profile'
import type { PartActions } from '../../server/action'

export const profileActions: PartActions<'dating', keyof typeof profileSchemas> = {}
