import type { threadSchemas } from '../../src/shared/api/legal-thread'
import type { PartActions } from '../../server/action'
import { rateQuestion, resolveQuestion } from '../../server/legal/closing'
import { markNeedsOffline, questionDetail, revealIdentity, sendMessage, threadMessages } from '../../server/legal/thread'

/**
 * The conversation: open to any signed-in user because asker, lawyer and legal_admin all use it;
 * each handler finds the caller's part in the question (server/legal/question-access.ts) and
 * answers NOT_FOUND to everyone else.
 */
export const threadActions: PartActions<'legal', keyof typeof threadSchemas> = {
  question: { access: 'user', handler: (input, ctx) => questionDetail(ctx, ctx.caller, input.id) },
  messages: { access: 'user', handler: (input, ctx) => threadMessages(ctx, ctx.caller, input) },
  sendMessage: { access: 'user', handler: (input, ctx) => sendMessage(ctx, ctx.caller, input) },
  markNeedsOffline: { access: 'roles', roles: ['lawyer'], handler: (input, ctx) => markNeedsOffline(ctx, ctx.caller, input.questionId) },
  resolveQuestion: { access: 'user', handler: (input, ctx) => resolveQuestion(ctx, ctx.caller, input.questionId) },
  rateQuestion: { access: 'user', handler: (input, ctx) => rateQuestion(ctx, ctx.caller, input) },
  revealIdentity: { access: 'roles', roles: ['legal_admin'], handler: (input, ctx) => revealIdentity(ctx, ctx.caller, input) },
}
