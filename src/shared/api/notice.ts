import { z } from 'zod'
import { cursorSchema, idSchema, isoTimeSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'
import { requestIdSchema } from './points'

const noticeFields = {
  title: plainText({ min: 2, minMessage: '标题至少 2 个字', max: 60, maxMessage: '标题不超过 60 字' }),
  summary: plainText({ max: 120, maxMessage: '摘要不超过 120 字' }).default(''),
  /** Rich text; the server keeps only a safe subset of HTML, and images only from our own uploads. */
  bodyHtml: z.string().min(1, '请填写正文').max(40000, '正文过长'),
  /** The uploaded cover (purpose notice_cover). Absent: the notice keeps its cover; null: no cover. */
  coverFileId: idSchema.nullish(),
  /**
   * Images uploaded into the body since the editor opened (purpose notice_image): the save
   * attaches those the body shows. Images the saved notice already had need not be listed.
   */
  bodyImageFileIds: z.array(idSchema).max(50, '正文最多 50 张图片').default([]),
  targetBranchId: idSchema,
}

export const noticeSchemas = {
  /** Member feed: own branch and every ancestor, pinned first, then newest. */
  feed: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** Member view of one notice; marks it read. */
  read: z.object({ id: idSchema }).strict(),
  manageList: z.object({
    status: z.enum(['all', 'draft', 'scheduled', 'published', 'withdrawn', 'expired']).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  manageGet: z.object({ id: idSchema }).strict(),
  /** Without `id`: a new draft; its `requestId` makes a resend find that draft instead of making another. */
  save: z.object({ id: idSchema.nullish(), requestId: requestIdSchema.nullish(), ...noticeFields }).strict(),
  publish: z.object({
    id: idSchema,
    /** Absent: publish now. */
    publishAt: isoTimeSchema.nullish(),
    expireAt: isoTimeSchema.nullish(),
  }).strict(),
  setPinned: z.object({ id: idSchema, pinned: z.boolean() }).strict(),
  withdraw: z.object({ id: idSchema }).strict(),
  /** Who a notice would reach if published now: asked before 发布. */
  audience: z.object({ id: idSchema }).strict(),
}

export type NoticeState = 'draft' | 'scheduled' | 'published' | 'withdrawn' | 'expired'

export interface FeedItem {
  id: number
  title: string
  summary: string
  coverUrl: string | null
  /** A small copy of the cover for the feed; null for covers set by URL before uploads existed. */
  coverThumbUrl: string | null
  pinned: boolean
  publishedAt: string
  publisher: string
  read: boolean
}

export interface NoticeDetail {
  id: number
  title: string
  bodyHtml: string
  coverUrl: string | null
  publishedAt: string
  publisher: string
  target: BranchRef
}

export interface ManagedNotice {
  id: number
  title: string
  summary: string
  bodyHtml: string
  coverUrl: string | null
  coverThumbUrl: string | null
  /** The uploaded cover's file; null for none or a cover set by URL before uploads existed. */
  coverFileId: number | null
  state: NoticeState
  pinned: boolean
  target: BranchRef
  publisher: BranchRef
  publishAt: string | null
  expireAt: string | null
  readCount: number
  updatedAt: string
}

export interface NoticeAudience {
  target: BranchRef
  /** Branches below the target, all of whose members see the notice too. */
  branches: number
  /** Members of the target and every branch below it, today. */
  members: number
}

export interface NoticeOutputs {
  feed: Page<FeedItem>
  read: NoticeDetail
  manageList: Page<ManagedNotice>
  manageGet: ManagedNotice
  save: ManagedNotice
  publish: ManagedNotice
  setPinned: ManagedNotice
  withdraw: ManagedNotice
  audience: NoticeAudience
}
