import type { aidReviewSchemas } from '../../src/shared/api/aid-review'
import type { PartActions } from '../../server/action'
import {
  approveClaim,
  askForDocuments,
  recordPayment,
  rejectClaim,
  releaseClaim,
  reviewClaim,
  reviewQueue,
  takeClaim,
} from '../../server/aid/review'

/**
 * The reviewer side of claims (server/aid/review.ts). Each handler checks the claimant's branch
 * against the caller's grants; the role lists here only turn away callers holding neither role.
 * Recording a transfer is the aid_admin's (who confirms payments), never a reviewer's: who decides
 * a claim does not also pay it.
 */
export const reviewActions: PartActions<'aid', keyof typeof aidReviewSchemas> = {
  reviewQueue: { access: 'roles', roles: ['claim_reviewer', 'aid_admin'], handler: (input, ctx) => reviewQueue(ctx, ctx.caller, input) },
  takeClaim: { access: 'roles', roles: ['claim_reviewer'], handler: (input, ctx) => takeClaim(ctx, ctx.caller, input.claimId) },
  releaseClaim: { access: 'roles', roles: ['claim_reviewer'], handler: (input, ctx) => releaseClaim(ctx, ctx.caller, input.claimId) },
  reviewClaim: { access: 'roles', roles: ['claim_reviewer', 'aid_admin'], handler: (input, ctx) => reviewClaim(ctx, ctx.caller, input.claimId) },
  askForDocuments: { access: 'roles', roles: ['claim_reviewer'], handler: (input, ctx) => askForDocuments(ctx, ctx.caller, input) },
  approveClaim: { access: 'roles', roles: ['claim_reviewer'], handler: (input, ctx) => approveClaim(ctx, ctx.caller, input) },
  rejectClaim: { access: 'roles', roles: ['claim_reviewer'], handler: (input, ctx) => rejectClaim(ctx, ctx.caller, input) },
  recordPayment: { access: 'roles', roles: ['aid_admin'], handler: (input, ctx) => recordPayment(ctx, ctx.caller, input) },
}
