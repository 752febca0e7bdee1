import type { trainingSchemas } from '../../src/shared/api/course-training'
import type { PartActions } from '../../server/action'

export const trainingActions: PartActions<'course', keyof typeof trainingSchemas> = {}
