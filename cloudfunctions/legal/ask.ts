import type { askSchemas } from '../../src/shared/api/legal-ask'
import type { PartActions } from '../../server/action'
import { askQuestion, myQuestions } from '../../server/legal/questions'
import { assignOptions, assignQuestion, claimQuestion, lawyerQueue, releaseQuestion } from '../../server/legal/queue'
import { onDuty, rosterList, rosterRemove, rosterSave } from '../../server/legal/roster'

/**
 * Asking and routing: members ask and list their own questions; legal_admins keep the duty roster
 * and assign; lawyers work the queue. Branch scope is checked against each question or roster.
 */
export const askActions: PartActions<'legal', keyof typeof askSchemas> = {
  ask: { access: 'member', handler: (input, ctx) => askQuestion(ctx, ctx.caller, input) },
  myQuestions: { access: 'user', handler: (input, ctx) => myQuestions(ctx, ctx.caller, input) },
  rosterList: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => rosterList(ctx, ctx.caller, input) },
  rosterSave: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => rosterSave(ctx, ctx.caller, input) },
  rosterRemove: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => rosterRemove(ctx, ctx.caller, input.id) },
  onDuty: { access: 'user', handler: (input, ctx) => onDuty(ctx, ctx.caller, input) },
  lawyerQueue: { access: 'roles', roles: ['lawyer', 'legal_admin'], handler: (input, ctx) => lawyerQueue(ctx, ctx.caller, input) },
  claimQuestion: { access: 'roles', roles: ['lawyer'], handler: (input, ctx) => claimQuestion(ctx, ctx.caller, input.questionId) },
  releaseQuestion: { access: 'roles', roles: ['lawyer'], handler: (input, ctx) => releaseQuestion(ctx, ctx.caller, input.questionId) },
  assignQuestion: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => assignQuestion(ctx, ctx.caller, input) },
  assignOptions: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => assignOptions(ctx, ctx.caller, input.questionId) },
}
