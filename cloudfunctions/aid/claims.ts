import type { FunctionActions } from '../../server/action'
import {
  addDocuments,
  claimEstimate,
  giveHealthConsent,
  healthConsent,
  myClaims,
  ownClaimDetail,
  submitClaim,
  withdrawClaim,
} from '../../server/aid/claims'

type ClaimActionName = 'myClaims' | 'claim' | 'claimEstimate' | 'healthConsent' | 'giveHealthConsent' | 'submitClaim' | 'addDocuments' | 'withdrawClaim'

/** Manual claims, the member's side: each action reads or changes only the caller's own claims and coverage. */
export const claimActions: Pick<FunctionActions<'aid'>, ClaimActionName> = {
  myClaims: { access: 'member', handler: (input, ctx) => myClaims(ctx, ctx.caller, input) },
  claim: { access: 'member', handler: (input, ctx) => ownClaimDetail(ctx, ctx.caller, input.id) },
  claimEstimate: { access: 'member', handler: (input, ctx) => claimEstimate(ctx, ctx.caller, input) },
  healthConsent: { access: 'member', handler: (_input, ctx) => healthConsent(ctx, ctx.caller) },
  giveHealthConsent: { access: 'member', handler: (input, ctx) => giveHealthConsent(ctx, ctx.caller, input.version) },
  submitClaim: { access: 'member', handler: (input, ctx) => submitClaim(ctx, ctx.caller, input) },
  addDocuments: { access: 'member', handler: (input, ctx) => addDocuments(ctx, ctx.caller, input) },
  withdrawClaim: { access: 'member', handler: (input, ctx) => withdrawClaim(ctx, ctx.caller, input.id) },
}
