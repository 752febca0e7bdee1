/**
 * 医疗互助: the `aid` function's contract, merged from one file per part so that the parts are
 * written side by side. To add a part: import its schemas and outputs here (one line each), spread
 * the schemas into aidSchemas, intersect the outputs into AidOutputs, and re-export its types.
 * Parts import shared pieces (fenSchema, billSchema, PlanRules…) from './aid-plans', not from here.
 */
import { claimsSchemas } from './aid-claims'
import type { ClaimsOutputs } from './aid-claims'
import { enrolSchemas } from './aid-enrolment'
import type { EnrolOutputs } from './aid-enrolment'
import { figuresSchemas } from './aid-figures'
import type { FiguresOutputs } from './aid-figures'
import { planSchemas } from './aid-plans'
import type { PlanOutputs } from './aid-plans'
import { aidReviewSchemas } from './aid-review'
import type { AidReviewOutputs } from './aid-review'
import { settlementSchemas } from './aid-settlement'
import type { SettlementOutputs } from './aid-settlement'

export const aidSchemas = {
  ...planSchemas,
  ...enrolSchemas,
  ...settlementSchemas,
  ...claimsSchemas,
  ...aidReviewSchemas,
  ...figuresSchemas,
}

export type AidOutputs = PlanOutputs & EnrolOutputs & SettlementOutputs & ClaimsOutputs & AidReviewOutputs & FiguresOutputs

export type * from './aid-plans'
export type * from './aid-enrolment'
export type * from './aid-settlement'
export type * from './aid-claims'
export type * from './aid-review'
export type * from './aid-figures'
