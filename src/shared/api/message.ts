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
  'aid_enrolled',
  'aid_settled',
  'aid_claim_in_review',
  'aid_claim_need_more',
  'aid_claim_second_review',
  'aid_claim_approved',
  'aid_claim_rejected',
  'aid_claim_paid',
  'legal_assigned',
  'legal_reply',
  'legal_followup',
  'legal_closed',
  'legal_case_update',
  'legal_published',
  'legal_overdue',
  'legal_escalated',
  'library_import_done',
  'library_campaign_reached',
  'course_completed',
  'training_order_decided',
  'training_session_scheduled',
  'training_session_cancelled',
  'training_waitlist_promoted',
  'contest_result',
  'dating_profile_approved',
  'dating_profile_rejected',
  'dating_match',
  'dating_chat',
  'dating_safety_action',
  'dating_event_decided',
  'dating_event_promoted',
  'dating_event_cancelled',
  'dating_couple_confirm',
] as const
export type MessageKind = (typeof messageKinds)[number]

/**
 * The taps where the app asks for consent to WeChat subscribe messages, and the kinds each may
 * lead to. WeChat takes at most 3 templates per request, so a moment names at most 3 kinds.
 */
export const subscribeMoments = {
  /** 确认兑换: a pickup order becomes ready, a delivery order ships, or staff cancel it. */
  redeem: ['order_ready', 'order_shipped', 'order_cancelled'],
  /** 提交入会申请: approved or rejected. */
  join: ['application_approved', 'application_rejected'],
  /** 提交互助申请: asked for more documents, rejected, or paid (the steps a member acts on or waits for most). */
  aidClaim: ['aid_claim_need_more', 'aid_claim_rejected', 'aid_claim_paid'],
  /** 提交咨询: the lawyer's reply (the step a member who asked waits for). */
  legalAsk: ['legal_reply'],
  /** 追问 (the member's reply in the thread): the lawyer answers, or the question closes for want of a reply. */
  legalFollowUp: ['legal_reply', 'legal_closed'],
  /** 律师回复: the member asks a follow-up question. */
  legalAnswer: ['legal_followup'],
  /** 报名 (a training session): a waitlisted place comes free, or the session is cancelled. */
  trainingSignUp: ['training_waitlist_promoted', 'training_session_cancelled'],
  /** 提交点单: the county union decides, then schedules the session. */
  trainingOrder: ['training_order_decided', 'training_session_scheduled'],
} as const satisfies Record<string, readonly MessageKind[]>
export type SubscribeMoment = keyof typeof subscribeMoments
const subscribeMomentNames = Object.keys(subscribeMoments) as [SubscribeMoment, ...SubscribeMoment[]]

/** A WeChat template id as the 公众平台 shows it. */
export const templateIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, '订阅消息模板编号格式不正确')

/** Message ids are bigint in the table; a JS number holds them exactly far beyond any real count. */
const messageIdSchema = z.number({ error: '编号必须是数字' }).int().positive().max(Number.MAX_SAFE_INTEGER)

export const messageSchemas = {
  list: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  unreadCount: emptyInput,
  markRead: z.object({ id: messageIdSchema }).strict(),
  markAllRead: emptyInput,
  subscribeTemplates: z.object({ moment: z.enum(subscribeMomentNames) }).strict(),
  /** What the user accepted in WeChat's consent dialog: at most 3 templates per request. */
  recordConsent: z
    .object({
      templateIds: z
        .array(templateIdSchema)
        .min(1)
        .max(3)
        .refine((ids) => new Set(ids).size === ids.length, '模板编号不能重复'),
    })
    .strict(),
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
  /** The templates to ask for at this moment; empty when none is configured. */
  subscribeTemplates: { templateIds: string[] }
  /** Sends now allowed per accepted template. */
  recordConsent: { allowances: { templateId: string; remaining: number }[] }
}
