import type { chatSchemas } from '../../src/shared/api/dating-chat'
import type { PartActions } from '../../server/action'
import { listChats, readChat, reportCouple, revealContact, sendMessage, unmatch } from '../../server/dating/chat'

/**
 * Chat: members only (access 'member'); each handler starts with requireDater and answers only a
 * side of the match (server/dating/chat.ts).
 */
export const chatActions: PartActions<'dating', keyof typeof chatSchemas> = {
  chats: { access: 'member', handler: (input, ctx) => listChats(ctx, ctx.caller, input) },
  chat: { access: 'member', handler: (input, ctx) => readChat(ctx, ctx.caller, input) },
  send: { access: 'member', handler: (input, ctx) => sendMessage(ctx, ctx.caller, input) },
  revealContact: { access: 'member', handler: (input, ctx) => revealContact(ctx, ctx.caller, input.matchId) },
  unmatch: { access: 'member', handler: (input, ctx) => unmatch(ctx, ctx.caller, input.matchId) },
  reportCouple: { access: 'member', handler: (input, ctx) => reportCouple(ctx, ctx.caller, input.matchId, false) },
  confirmCouple: { access: 'member', handler: (input, ctx) => reportCouple(ctx, ctx.caller, input.matchId, true) },
}
