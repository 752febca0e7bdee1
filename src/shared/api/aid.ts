/**
 * 医疗互助: the `aid` function's contract, merged from one file per part so that the parts are
 * written side by side. To add a part: import its schemas and outputs here (one line each), spread
 * the schemas into aidSchemas, intersect the outputs into AidOutputs, and re-export its types.
 * Parts import shared pieces (fenSchema, billSchema, PlanRules…) from './aid-plans', not from here.
 */
import { planSchemas } from './aid-plans'
import type { PlanOutputs } from './aid-plans'
import { claimsSchemas } from './aid-claims'
import type { ClaimsOutputs } from './aid-claims'
import { aidReviewSchemas } from './aid-review'
import type { AidReviewOutputs } from './aid-review'

export const aidSchemas = {
  ...planSchemas,
  ...claimsSchemas,
  ...aidReviewSchemas,
}

export type AidOutputs = PlanOutputs & ClaimsOutputs & AidReviewOutputs

export type * from './aid-plans'
export type * from './aid-claims'
export type * from './aid-review'
