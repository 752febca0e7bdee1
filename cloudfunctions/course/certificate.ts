import type { certificateSchemas } from '../../src/shared/api/course-certificate'
import type { PartActions } from '../../server/action'

export const certificateActions: PartActions<'course', keyof typeof certificateSchemas> = {}
