import { z } from 'zod'
import type { BranchRef } from './common'
import { cursorSchema, emptyInput, limitSchema, plainText } from './common'
import { reportActions, reportQueueStatuses, suspendDaysMax } from '../dating/review-names'
import type { RevisionField } from '../dating/review-names'
import { datingLimits, datingRequestIdSchema, matchIdSchema, profileIdSchema, reportReasons } from './dating-common'
import type {
  ContentCheck,
  Education,
  Gender,
  Marital,
  PhotoView,
  ProfileState,
  ReportReason,
  ReportStatus,
  RevisionStatus,
  SignedUntil,
} from './dating-common'

/**
 * 嘉工鹊桥会, part review (issue 13 §3, §6, §8): matchmakers (红娘) approve or reject every submitted
 * profile change, members report, matchmakers act on reports, and the union reads figures per
 * county. Shared names live in ./dating-common.
 */

export const revisionIdSchema = z.number({ error: '请选择待审核的资料' }).int().positive().max(2_147_483_647)
/** One entry of the word list: what a profile's text must not contain (dating_word.word: 1–20 characters). */
export const datingWordSchema = plainText({ min: 1, minMessage: '请填写敏感词', max: 20, maxMessage: '敏感词不超过 20 字' }).refine(
  (word) => !/\s/.test(word),
  '敏感词不能包含空格',
)
export const reportIdSchema = z.number({ error: '请选择举报' }).int().positive().max(2_147_483_647)

export type { ReportAction, ReportQueueStatus, RevisionField } from '../dating/review-names'

export const reviewSchemas = {
  /** Pending revisions of members in the caller's 红娘 scope, oldest first. */
  reviewQueue: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** One revision beside the approved version (audited: a staff read of a profile). */
  reviewDetail: z.object({ revisionId: revisionIdSchema }).strict(),
  /** Makes the revision what others see. A retry of the same decision answers the same. */
  approveRevision: z.object({ revisionId: revisionIdSchema }).strict(),
  rejectRevision: z
    .object({
      revisionId: revisionIdSchema,
      reason: plainText({
        min: 2,
        minMessage: '请填写未通过的原因',
        max: datingLimits.rejectReasonMaxLength,
        maxMessage: `原因不超过 ${datingLimits.rejectReasonMaxLength} 字`,
        multiline: true,
      }),
    })
    .strict(),
  /** A member reports someone they can see, were matched with, or blocked. */
  report: z
    .object({
      targetId: profileIdSchema,
      reason: z.enum(reportReasons, { error: '请选择举报原因' }),
      detail: plainText({ max: datingLimits.reportDetailMaxLength, maxMessage: `补充说明不超过 ${datingLimits.reportDetailMaxLength} 字`, multiline: true }),
      matchId: matchIdSchema.optional(),
      requestId: datingRequestIdSchema,
    })
    .strict(),
  /** Reports about members in the caller's 红娘 scope: open ones oldest first, handled ones newest first. */
  reportQueue: z.object({ status: z.enum(reportQueueStatuses).default('open'), cursor: cursorSchema, limit: limitSchema }).strict(),
  /** A report with the target's profile, earlier reports on them and, for a match, its last messages (audited). */
  reportDetail: z.object({ reportId: reportIdSchema }).strict(),
  handleReport: z
    .object({
      reportId: reportIdSchema,
      action: z.enum(reportActions, { error: '请选择处理方式' }),
      /** Suspension only: 1–90 days. */
      days: z.number({ error: '暂停天数必须是数字' }).int('暂停天数必须是整数').min(1, '暂停至少 1 天').max(suspendDaysMax, `暂停不超过 ${suspendDaysMax} 天`).optional(),
      note: plainText({ min: 2, minMessage: '请填写处理说明', max: 200, maxMessage: '处理说明不超过 200 字', multiline: true }),
    })
    .strict()
    .refine((input) => (input.action === 'suspend') === (input.days !== undefined), {
      message: '暂停使用须填写天数，其他处理方式不填',
      path: ['days'],
    }),
  /** What waits for the caller on the 红娘工作台. */
  matchmakerSummary: emptyInput,
  /** Per county in the caller's scope (admins and matchmakers). */
  figures: emptyInput,
  /** The word list profile text is checked against, in text order (every matchmaker reads it). */
  datingWords: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** City matchmakers keep the list; adding a word already there (in any case) changes nothing. */
  addDatingWord: z.object({ word: datingWordSchema }).strict(),
  removeDatingWord: z.object({ word: datingWordSchema }).strict(),
}

/** A profile's reviewed text, as a revision holds it (dating_revision.content). */
export interface RevisionContent {
  nickname: string
  heightCm: number
  education: Education
  occupation: string
  hometown: string
  marital: Marital
  intro: string
  interests: string[]
}

/** Who a staff screen is about: never the real name, unit, birth month or contact. */
export interface DaterBasics {
  memberId: number
  /** The approved nickname, or the submitted one before the first approval. */
  nickname: string
  gender: Gender
  age: number
  county: BranchRef
  state: ProfileState
}

export interface DatingReviewItem {
  revisionId: number
  member: DaterBasics
  submittedAt: string
  /** No version was approved yet. */
  firstSubmission: boolean
  changed: RevisionField[]
  wordHits: string[]
  contentCheck: ContentCheck
  avatar: PhotoView | null
}

export interface DatingReviewDetail extends SignedUntil {
  revisionId: number
  status: RevisionStatus
  member: DaterBasics
  submittedAt: string
  content: RevisionContent
  photos: PhotoView[]
  /** The version others see now; null before the first approval. */
  approved: { content: RevisionContent; photos: PhotoView[]; approvedAt: string } | null
  changed: RevisionField[]
  wordHits: string[]
  contentCheck: ContentCheck
  reviewedAt: string | null
  rejectReason: string | null
  /** Earlier decisions on this member's revisions, newest first (up to 5). */
  history: { revisionId: number; status: RevisionStatus; submittedAt: string; rejectReason: string | null }[]
  /** The caller may decide it (pending, not their own). */
  canDecide: boolean
}

export interface RevisionDecision {
  revisionId: number
  status: 'approved' | 'rejected'
}

export interface DatingReportItem {
  reportId: number
  reason: ReportReason
  detail: string
  status: ReportStatus
  createdAt: string
  targetId: number
  /** null: the member has deleted their profile (the report stays as evidence). */
  target: DaterBasics | null
  /** Reports on the same target, this one included. */
  targetReports: number
  withMatch: boolean
}

export interface DatingReportMessage {
  id: number
  fromTarget: boolean
  kind: 'text' | 'image'
  text: string | null
  image: PhotoView | null
  createdAt: string
}

export interface DatingReportDetail extends SignedUntil {
  reportId: number
  reason: ReportReason
  detail: string
  status: ReportStatus
  createdAt: string
  handledAt: string | null
  handlingNote: string | null
  targetId: number
  /** null: the member has deleted their profile. */
  target: (DaterBasics & { suspendedUntil: string | null; intro: string | null; photos: PhotoView[] }) | null
  reporter: { memberId: number; nickname: string | null }
  earlier: { reportId: number; reason: ReportReason; status: ReportStatus; createdAt: string; handlingNote: string | null }[]
  /** The last 50 messages of the reported match, oldest first; null when the report names no match. */
  messages: DatingReportMessage[] | null
  canHandle: boolean
}

export interface DatingCountyFigures {
  county: BranchRef
  members: number
  joined: number
  active: number
  matches: number
  attendance: number
  couples: number
}

export interface DatingFigures {
  rows: DatingCountyFigures[]
  totals: Omit<DatingCountyFigures, 'county'>
  at: string
}

export interface DatingWordItem {
  word: string
  createdAt: string
  /** Who added it (a staff nickname); null for the starting list. */
  createdBy: string | null
}

export interface ReviewOutputs {
  reviewQueue: { items: DatingReviewItem[]; nextCursor: string | null } & SignedUntil
  reviewDetail: DatingReviewDetail
  approveRevision: RevisionDecision
  rejectRevision: RevisionDecision
  report: { reportId: number }
  reportQueue: { items: DatingReportItem[]; nextCursor: string | null }
  reportDetail: DatingReportDetail
  handleReport: { reportId: number; status: ReportStatus }
  matchmakerSummary: { pendingRevisions: number; openReports: number }
  figures: DatingFigures
  datingWords: { items: DatingWordItem[]; nextCursor: string | null; canEdit: boolean }
  addDatingWord: { word: string; added: boolean }
  removeDatingWord: { word: string; removed: boolean }
}
