import type { contestSchemas } from '../../src/shared/api/quiz-contest'
import type { PartActions } from '../../server/action'

export const contestActions: PartActions<'quiz', keyof typeof contestSchemas> = {}
