import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, idSchema, plainText } from './common'
import { datingLimits, datingRequestIdSchema, matchIdSchema } from './dating-common'
import type { ContactKind, MatchEndReason, MatchVia, PhotoView, SignedUntil } from './dating-common'

/**
 * 嘉工鹊桥会, part chat (issue 13 §5): a member's matches, the chat of one, the contact a match
 * reveals, unmatching and 牵手成功. Shared names live in ./dating-common.
 */

/** dating_message ids are bigint; a JS number holds them exactly far beyond any real count. */
const messageIdSchema = z.number({ error: '消息编号无效' }).int().positive().max(Number.MAX_SAFE_INTEGER)

export const chatSchemas = {
  /** My matches: live ones first, each by its latest message (or its start), then the ended ones. */
  chats: z.object({ cursor: cursorSchema }).strict(),
  /**
   * One match and its messages, oldest first: the latest page; with `afterId` (polling) the newer
   * ones; with `beforeId` the page before it. Reading marks the chat read.
   */
  chat: z
    .object({ matchId: matchIdSchema, afterId: messageIdSchema.nullish(), beforeId: messageIdSchema.nullish() })
    .strict()
    .refine((input) => input.afterId == null || input.beforeId == null, '不能同时读取更新和更早的消息'),
  /** A text or one image (the caller's own dating_chat_image upload), never both. */
  send: z
    .object({
      matchId: matchIdSchema,
      text: plainText({
        min: 1,
        max: datingLimits.messageMaxLength,
        multiline: true,
        minMessage: '请输入消息内容',
        maxMessage: `消息不超过 ${datingLimits.messageMaxLength} 字`,
      }).optional(),
      imageFileId: idSchema.optional(),
      requestId: datingRequestIdSchema,
    })
    .strict()
    .refine((input) => (input.text === undefined) !== (input.imageFileId === undefined), '请发送文字或一张图片'),
  /** The other side's contact, for a live match only; each reveal is logged. */
  revealContact: z.object({ matchId: matchIdSchema }).strict(),
  /** Ends the match and its chat, for good. */
  unmatch: z.object({ matchId: matchIdSchema }).strict(),
  /** One side says they are a couple (牵手成功); the other confirms it. */
  reportCouple: z.object({ matchId: matchIdSchema }).strict(),
  confirmCouple: z.object({ matchId: matchIdSchema }).strict(),
}

/**
 * The other side of a match as its chat shows them: while they may be seen, their nickname and
 * avatar (the person page has the rest); null for a deleted or closed profile, or when the two are
 * hidden from each other.
 */
export interface ChatPeer {
  id: number
  nickname: string
  avatar: PhotoView | null
}

/** 牵手成功: none yet, reported by one side (mine: by me) waiting for the other, or confirmed by both. */
export type CoupleState = { status: 'none' } | { status: 'reported'; byMe: boolean; reportedAt: string } | { status: 'confirmed'; confirmedAt: string }

export interface ChatMatch {
  id: number
  via: MatchVia
  createdAt: string
  /** null while the chat is live. */
  ended: { reason: MatchEndReason; byMe: boolean; at: string } | null
  couple: CoupleState
  peer: ChatPeer | null
}

export interface ChatMessage {
  id: number
  mine: boolean
  kind: 'text' | 'image'
  text: string | null
  image: PhotoView | null
  createdAt: string
}

/** A match in my chat list. */
export interface ChatSummary {
  matchId: number
  peer: ChatPeer | null
  live: boolean
  endedReason: MatchEndReason | null
  /** The latest message, shortened ('[图片]' for an image); null before the first. */
  preview: string | null
  previewMine: boolean
  lastAt: string
  unread: number
}

export interface ChatView extends SignedUntil {
  match: ChatMatch
  messages: ChatMessage[]
  /** Older messages exist before the first one here: ask with beforeId. */
  hasOlder: boolean
}

export interface ChatOutputs {
  chats: Page<ChatSummary> & SignedUntil
  chat: ChatView
  send: { message: ChatMessage; replayed: boolean } & SignedUntil
  revealContact: { contact: { kind: ContactKind; value: string } | null }
  unmatch: { ended: true }
  reportCouple: { couple: CoupleState }
  confirmCouple: { couple: CoupleState }
}
