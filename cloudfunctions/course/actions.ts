import type { FunctionActions } from '../../server/action'
import { certificateActions } from './certificate'
import { learnActions } from './learn'
import { trainingActions } from './training'

/** 职工课堂: one cloud function whose actions are written in one file per part. */
export const courseActions: FunctionActions<'course'> = {
  ...learnActions,
  ...certificateActions,
  ...trainingActions,
}
