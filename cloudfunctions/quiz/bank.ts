import type { bankSchemas } from '../../src/shared/api/quiz-bank'
import type { PartActions } from '../../server/action'
import { bankDetail, listBanks, saveBank } from '../../server/quiz/banks'
import { importQuestions, importTemplate } from '../../server/quiz/question-import'
import { getQuestion, listQuestions, retireQuestion, saveQuestion } from '../../server/quiz/questions'
import { closeQuiz, listQuizzes, manageQuiz, publishQuiz, saveQuiz } from '../../server/quiz/quizzes'

const editor = ['course_editor'] as const

/** 题库 and 测验: course_editors build banks and quizzes for their subtree. */
export const bankActions: PartActions<'quiz', keyof typeof bankSchemas> = {
  banks: { access: 'roles', roles: editor, handler: (input, { db, caller }) => listBanks(db, caller, input) },
  bankDetail: { access: 'roles', roles: editor, handler: (input, { db, caller }) => bankDetail(db, caller, input.bankId) },
  saveBank: { access: 'roles', roles: editor, handler: (input, { db, caller }) => saveBank(db, caller, input) },
  questions: { access: 'roles', roles: editor, handler: (input, { db, caller }) => listQuestions(db, caller, input) },
  question: { access: 'roles', roles: editor, handler: (input, { db, caller }) => getQuestion(db, caller, input.questionId) },
  saveQuestion: { access: 'roles', roles: editor, handler: (input, { db, caller }) => saveQuestion(db, caller, input) },
  retireQuestion: { access: 'roles', roles: editor, handler: (input, { db, caller }) => retireQuestion(db, caller, input.questionId) },
  importQuestions: { access: 'roles', roles: editor, handler: (input, { db, env, caller }) => importQuestions({ db, env }, caller, input) },
  importTemplate: { access: 'roles', roles: editor, handler: (_input, { db, env, caller }) => importTemplate({ db, env }, caller) },
  quizzes: { access: 'roles', roles: editor, handler: (input, { db, caller }) => listQuizzes(db, caller, input) },
  manageQuiz: { access: 'roles', roles: editor, handler: (input, { db, caller }) => manageQuiz(db, caller, input.quizId) },
  saveQuiz: { access: 'roles', roles: editor, handler: (input, { db, caller }) => saveQuiz(db, caller, input) },
  publishQuiz: { access: 'roles', roles: editor, handler: (input, { db, caller }) => publishQuiz(db, caller, input.quizId) },
  closeQuiz: { access: 'roles', roles: editor, handler: (input, { db, caller }) => closeQuiz(db, caller, input.quizId) },
}
