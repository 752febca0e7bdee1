import { z } from 'zod'
import { cursorSchema, emptyInput, limitSchema } from './common'
import type { Page } from '../errors'

/**
 * What a message is about. Closed on purpose: a subscribe-message sender maps each kind to its
 * WeChat template, so a new kind is a decision, not a free string.
 */
export const messageKinds = [
  'order_ready',
  'order_shipped',
  'order_cancelled',
  'application_approved',
  'application_rejected',
  'notice_published',
] as const
export type MessageKind = (typeof messageKinds)[number]

/** Message ids are bigint in the table; a JS number holds them exactly far beyond any real count. */
const messageIdSchema = z.number({ error: '编号必须是数字' }).int().positive().max(Number.MAX_SAFE_INTEGER)

export const messageSchemas = {
  list: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  unreadCount: emptyInput,
  markRead: z.object({ id: messageIdSchema }).strict(),
  markAllRead: emptyInput,
}

export interface Message {
  id: number
  kind: MessageKind
  title: string
  body: string
  /** An in-app page path with its query. */
  link: string
  read: boolean
  createdAt: string
}

export interface MessageOutputs {
  list: Page<Message>
  unreadCount: { count: number }
  markRead: { id: number }
  markAllRead: { marked: number }
}
