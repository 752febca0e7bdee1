import { z } from 'zod'
import { cursorSchema, idSchema, imageUrlSchema, isoTimeSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'
import { requestIdSchema } from './points'

const noticeFields = {
  title: plainText({ min: 2, minMessage: '标题至少 2 个字', max: 60, maxMessage: '标题不超过 60 字' }),
  summary: plainText({ max: 120, maxMessage: '摘要不超过 120 字' }).default(''),
  /** Rich text; the server keeps only a safe subset of HTML. */
  bodyHtml: z.string().min(1, '请填写正文').max(40000, '正文过长'),
  coverUrl: imageUrlSchema('封面图片地址无效：请使用公网 https 图片地址').nullish(),
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
