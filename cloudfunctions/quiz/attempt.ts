import type { attemptSchemas } from '../../src/shared/api/quiz-attempt'
import type { PartActions } from '../../server/action'

export const attemptActions: PartActions<'quiz', keyof typeof attemptSchemas> = {}
