import type { attemptSchemas } from '../../src/shared/api/quiz-attempt'
import type { PartActions } from '../../server/action'
import { attemptResult, memberQuizDetail, myAttempts, openQuizzes, resumeAttempt, saveAnswer, startAttempt, submitAttempt } from '../../server/quiz/attempts'

/** 答题: members take quizzes of their branch and above (and contest rounds, through the contest's own checks). */
export const attemptActions: PartActions<'quiz', keyof typeof attemptSchemas> = {
  openQuizzes: { access: 'member', handler: (input, { db, caller }) => openQuizzes(db, caller, input) },
  quizDetail: { access: 'member', handler: (input, { db, caller }) => memberQuizDetail(db, caller, input.quizId) },
  startAttempt: { access: 'member', handler: (input, { db, caller }) => startAttempt(db, caller, input) },
  attempt: { access: 'member', handler: (input, { db, caller }) => resumeAttempt(db, caller, input.attemptId) },
  saveAnswer: { access: 'member', handler: (input, { db, caller }) => saveAnswer(db, caller, input) },
  submitAttempt: { access: 'member', handler: (input, { db, caller }) => submitAttempt(db, caller, input) },
  attemptResult: { access: 'member', handler: (input, { db, caller }) => attemptResult(db, caller, input.attemptId) },
  myAttempts: { access: 'member', handler: (input, { db, caller }) => myAttempts(db, caller, input) },
}
