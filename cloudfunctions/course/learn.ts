import type { learnSchemas } from '../../src/shared/api/course-learn'
import type { PartActions } from '../../server/action'

export const learnActions: PartActions<'course', keyof typeof learnSchemas> = {}
