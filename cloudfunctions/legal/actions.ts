import type { FunctionActions } from '../../server/action'
import { askActions } from './ask'
import { casesActions } from './cases'
import { kbActions } from './kb'
import { slaActions } from './sla'
import { threadActions } from './thread'

/** 在线律师: one cloud function whose actions are written in one file per part. */
export const legalActions: FunctionActions<'legal'> = {
  ...askActions,
  ...threadActions,
  ...casesActions,
  ...slaActions,
  ...kbActions,
}
