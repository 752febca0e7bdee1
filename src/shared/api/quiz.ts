/**
 * 答题 and 答题拉力赛: the `quiz` function's contract, merged from one file per part (bank:
 * question banks, Excel import and quiz set-up; attempt: taking a quiz; contest: 答题拉力赛) so the
 * parts are written side by side. Shared names are in ./quiz-common.
 */
import { attemptSchemas } from './quiz-attempt'
import type { AttemptOutputs } from './quiz-attempt'
import { bankSchemas } from './quiz-bank'
import type { BankOutputs } from './quiz-bank'
import { contestSchemas } from './quiz-contest'
import type { ContestOutputs } from './quiz-contest'

export const quizSchemas = {
  ...bankSchemas,
  ...attemptSchemas,
  ...contestSchemas,
}

export type QuizOutputs = BankOutputs & AttemptOutputs & ContestOutputs

export * from './quiz-common'
export type * from './quiz-bank'
export type * from './quiz-attempt'
export type * from './quiz-contest'
