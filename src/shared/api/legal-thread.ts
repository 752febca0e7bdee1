import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import { requestIdSchema } from './points'
import type { FileReadUrl, StoredFile } from './file'
import { maxThreadFiles, messageBodyMax, ratingCommentMax, revealReasonMax, revealReasonMin } from '../legal/thread-rules'
import type { AskerView, CaseKind, CaseOutcome, CaseStatus, EscalationStep, LegalCategory, QuestionStatus } from './legal-common'

/**
 * 在线律师, part thread (issue 10 §3 conversation, §4 closing, the identity reveal): one question
 * as each side sees it, its thread, replies, and the member's closing. Shared names live in
 * ./legal-common.
 */


/** legal_message ids are bigint; a JS number holds them exactly far beyond any real count. */
const messageIdSchema = z.number({ error: '编号必须是数字' }).int().positive().max(Number.MAX_SAFE_INTEGER)

export const threadSchemas = {
  /** One question with the caller's part in it: its asker, its lawyer, a lawyer of its queue, a legal_admin in scope. */
  question: z.object({ id: idSchema }).strict(),
  /**
   * The thread, oldest first. Without `afterId`: the newest `limit` messages, `olderCursor` for
   * the ones before. With `afterId` (polling): the messages after it, at most `limit`.
   */
  messages: z
    .object({ questionId: idSchema, afterId: messageIdSchema.nullish(), cursor: cursorSchema, limit: limitSchema })
    .strict()
    .refine((input) => input.afterId == null || input.cursor == null, '轮询新消息时不能同时翻看更早的消息'),
  sendMessage: z
    .object({
      questionId: idSchema,
      body: plainText({ min: 1, max: messageBodyMax, multiline: true, minMessage: '请输入回复内容', maxMessage: `回复不超过 ${messageBodyMax} 字` }),
      fileIds: z
        .array(idSchema)
        .max(maxThreadFiles, `附件最多 ${maxThreadFiles} 个`)
        .refine((ids) => new Set(ids).size === ids.length, '同一文件不能重复添加')
        .default([]),
      requestId: requestIdSchema,
    })
    .strict(),
  /** The assigned lawyer: this question needs help offline (a hand-off follows, part cases). */
  markNeedsOffline: z.object({ questionId: idSchema }).strict(),
  /** The asker: the answer solved it. */
  resolveQuestion: z.object({ questionId: idSchema }).strict(),
  /** The asker, once, on a resolved or closed question. */
  rateQuestion: z
    .object({
      questionId: idSchema,
      stars: z.number({ error: '请选择评分' }).int('评分须为 1 到 5 星').min(1, '评分须为 1 到 5 星').max(5, '评分须为 1 到 5 星'),
      comment: plainText({ max: ratingCommentMax, multiline: true, maxMessage: `评价不超过 ${ratingCommentMax} 字` }).nullish(),
    })
    .strict(),
  /** A legal_admin in scope, with a reason that is logged: who asked. */
  revealIdentity: z
    .object({
      questionId: idSchema,
      reason: plainText({
        min: revealReasonMin,
        max: revealReasonMax,
        minMessage: `请填写查看身份的原因（至少 ${revealReasonMin} 个字）`,
        maxMessage: `原因不超过 ${revealReasonMax} 字`,
      }),
    })
    .strict(),
}

/** An attachment with a URL to open it (private: signed, valid for minutes). */
export interface ThreadFile {
  file: StoredFile
  read: FileReadUrl
}

/** Who is looking: shapes what the question shows and which buttons it offers. */
export type ThreadViewer = 'asker' | 'lawyer' | 'legal_admin'

export interface ThreadMessage {
  id: number
  side: 'member' | 'lawyer'
  /** Written by the caller. */
  mine: boolean
  /** 「匿名职工」 for an anonymous asker shown to staff; the lawyer's name for the lawyer's side. */
  author: string
  body: string
  files: ThreadFile[]
  createdAt: string
}

export interface QuestionCase {
  id: number
  kind: CaseKind
  status: CaseStatus
  outcome: CaseOutcome | null
  contactConsented: boolean
}

/** What the caller may do now; the server checks each again when it is done. */
export interface QuestionAbilities {
  reply: boolean
  claim: boolean
  assign: boolean
  reveal: boolean
  markNeedsOffline: boolean
  handOff: boolean
  resolve: boolean
  rate: boolean
  publish: boolean
  consentContact: boolean
}

export interface QuestionDetail {
  id: number
  viewer: ThreadViewer
  category: LegalCategory
  title: string
  body: string
  anonymous: boolean
  status: QuestionStatus
  awaiting: 'lawyer' | 'member'
  /** Staff only (null for the asker): who asked, through askerViews. */
  asker: AskerView | null
  /** The queue's branch (a county, or the city). */
  queue: string
  /** The lawyer's display name once claimed or assigned. */
  lawyer: string | null
  askedAt: string
  dueAt: string
  firstResponseAt: string | null
  /** Unanswered past the due time. */
  overdue: boolean
  escalationStep: EscalationStep
  needsOffline: boolean
  rating: { stars: number; comment: string | null; ratedAt: string } | null
  closedAt: string | null
  case: QuestionCase | null
  attachments: ThreadFile[]
  can: QuestionAbilities
}

export interface ThreadPage {
  items: ThreadMessage[]
  /** Older messages exist: pass this as `cursor`. */
  olderCursor: string | null
  /** The question's state as of this read, so a polling page notices a claim or a close. */
  status: QuestionStatus
  awaiting: 'lawyer' | 'member'
  claimed: boolean
}

/** What a legal_admin's logged reveal shows. */
export interface RevealedIdentity {
  name: string
  phone: string
  memberNo: string
  enterprise: string
  county: string
}

export interface ThreadOutputs {
  question: QuestionDetail
  messages: ThreadPage
  sendMessage: { message: ThreadMessage; replayed: boolean }
  markNeedsOffline: { needsOffline: true }
  resolveQuestion: { status: 'resolved' }
  rateQuestion: { stars: number }
  revealIdentity: RevealedIdentity
}
