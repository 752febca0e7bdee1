import type { bankSchemas } from '../../src/shared/api/quiz-bank'
import type { ActionDef, PartActions } from '../../server/action'

// CONTRACT commit only: the editor's actions land in the next commits of part quiz.
function pending(): ActionDef<unknown, never> {
  return {
    access: 'roles',
    roles: ['course_editor'],
    handler: async () => {
      throw new Error('题库 actions not built yet')
    },
  }
}

export const bankActions: PartActions<'quiz', keyof typeof bankSchemas> = {
  banks: pending(),
  bankDetail: pending(),
  saveBank: pending(),
  questions: pending(),
  question: pending(),
  saveQuestion: pending(),
  retireQuestion: pending(),
  importQuestions: pending(),
  importTemplate: pending(),
  quizzes: pending(),
  manageQuiz: pending(),
  saveQuiz: pending(),
  publishQuiz: pending(),
  closeQuiz: pending(),
}
