import type { EnrolOutputs } from '../../src/shared/api/aid-enrolment'
import type { FunctionActions } from '../../server/action'
import { confirmPayment, enrolOptions, enrolPlans, enrolSelf, listBatches, previewSheet, submitSheet } from '../../server/aid/enrolment'

/** Enrolment: an enterprise union's sheet, a member alone, and the payment an aid_admin above confirms. */
export const enrolActions: Pick<FunctionActions<'aid'>, keyof EnrolOutputs> = {
  enrolPlans: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => enrolPlans(ctx, ctx.caller, input) },
  enrolSheetPreview: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => previewSheet(ctx, ctx.caller, input) },
  enrolSheetSubmit: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => submitSheet(ctx, ctx.caller, input) },
  enrolBatches: { access: 'roles', roles: ['admin', 'aid_admin'], handler: (input, ctx) => listBatches(ctx, ctx.caller, input) },
  confirmPayment: { access: 'roles', roles: ['aid_admin'], handler: (input, ctx) => confirmPayment(ctx, ctx.caller, input) },
  enrolOptions: { access: 'member', handler: (_input, ctx) => enrolOptions(ctx, ctx.caller) },
  enrolSelf: { access: 'member', handler: (input, ctx) => enrolSelf(ctx, ctx.caller, input) },
}
