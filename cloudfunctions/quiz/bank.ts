import type { bankSchemas } from '../../src/shared/api/quiz-bank'
import type { PartActions } from '../../server/action'

export const bankActions: PartActions<'quiz', keyof typeof bankSchemas> = {}
