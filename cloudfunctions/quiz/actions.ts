import type { FunctionActions } from '../../server/action'
import { attemptActions } from './attempt'
import { bankActions } from './bank'
import { contestActions } from './contest'

/** 答题 and 答题拉力赛: one cloud function whose actions are written in one file per part. */
export const quizActions: FunctionActions<'quiz'> = {
  ...bankActions,
  ...attemptActions,
  ...contestActions,
}
