import type { FunctionActions } from '../../server/action'
import { chatActions } from './chat'
import { eventActions } from './event'
import { matchActions } from './match'
import { profileActions } from './profile'
import { reviewActions } from './review'

/** 嘉工鹊桥会: one cloud function whose actions are written in one file per part. */
export const datingActions: FunctionActions<'dating'> = {
  ...profileActions,
  ...reviewActions,
  ...matchActions,
  ...chatActions,
  ...eventActions,
}
