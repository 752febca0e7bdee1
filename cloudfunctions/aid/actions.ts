import type { FunctionActions } from '../../server/action'
import { claimActions } from './claims'
import { enrolActions } from './enrolment'
import { figuresActions } from './figures'
import { planActions } from './plans'
import { reviewActions } from './review'
import { settlementActions } from './settlement'

/**
 * 医疗互助: one cloud function whose actions are written in one file per part (plans, enrolment,
 * settlement, claims, review). A part adds one import and one spread here.
 */
export const aidActions: FunctionActions<'aid'> = {
  ...planActions,
  ...enrolActions,
  ...settlementActions,
  ...claimActions,
  ...reviewActions,
  ...figuresActions,
}
