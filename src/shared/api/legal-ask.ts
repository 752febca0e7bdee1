/** 在线律师, part ask (issue 10 §1 asking, §2 routing): the member's question, the duty roster, the lawyers' queue. */
import { z } from 'zod'
import type { Page } from '../errors'
import { idSchema, pageInput, plainText } from './common'
import type { BranchRef } from './common'
import { legalCategorySchema } from './legal-common'
import type { AskerView, EscalationStep, LegalCategory, QuestionStatus } from './legal-common'
import { requestIdSchema } from './points'
import { maxQuestionBody, maxQuestionFiles, maxQuestionTitle, minQuestionBody, queueFilters } from '../legal/ask-rules'
import type { Weekday } from '../legal/ask-rules'

const weekdaySchema = z.number({ error: '请选择星期' }).int().min(1, '星期无效').max(7, '星期无效')

export const askSchemas = {
  /** A member asks; a retry with the same requestId answers the question the first call made. */
  ask: z
    .object({
      requestId: requestIdSchema,
      category: legalCategorySchema,
      title: plainText({ min: 1, max: maxQuestionTitle, minMessage: '请填写标题', maxMessage: `标题不超过 ${maxQuestionTitle} 字` }),
      body: plainText({
        multiline: true,
        min: minQuestionBody,
        max: maxQuestionBody,
        minMessage: `问题描述至少 ${minQuestionBody} 个字`,
        maxMessage: `问题描述不超过 ${maxQuestionBody} 字`,
      }),
      anonymous: z.boolean({ error: '请选择是否匿名' }),
      fileIds: z
        .array(idSchema)
        .max(maxQuestionFiles, `附件最多 ${maxQuestionFiles} 个`)
        .refine((ids) => new Set(ids).size === ids.length, '同一附件不能重复提交')
        .default([]),
    })
    .strict(),
  /** 我的咨询: the caller's own questions, newest first. */
  myQuestions: pageInput.strict(),
  /** 值班表 of a county or the city (default: the first the caller runs). */
  rosterList: z.object({ branchId: idSchema.nullish() }).strict(),
  /** Adds one slot per weekday for a lawyer; slots of one lawyer never overlap. */
  rosterSave: z
    .object({
      branchId: idSchema,
      lawyerUserId: idSchema,
      weekdays: z
        .array(weekdaySchema)
        .min(1, '请选择星期')
        .max(7, '星期无效')
        .refine((days) => new Set(days).size === days.length, '星期不能重复'),
      startMinute: z.number({ error: '请选择开始时间' }).int().min(0, '开始时间无效').max(1439, '开始时间无效'),
      endMinute: z.number({ error: '请选择结束时间' }).int().min(1, '结束时间无效').max(1440, '结束时间无效'),
    })
    .strict()
    .refine((slot) => slot.startMinute < slot.endMinute, { path: ['endMinute'], message: '结束时间须晚于开始时间' }),
  rosterRemove: z.object({ id: idSchema }).strict(),
  /** Who is on duty now for a queue (default: the queue the caller's own questions go to). */
  onDuty: z.object({ branchId: idSchema.nullish() }).strict(),
  /** The lawyers' work list, oldest first. */
  lawyerQueue: z
    .object({
      filter: z.enum(queueFilters, { error: '筛选条件无效' }).default('unclaimed'),
    })
    .extend(pageInput.shape)
    .strict(),
  /** An on-duty lawyer takes an unclaimed question. */
  claimQuestion: z.object({ questionId: idSchema }).strict(),
  /** The assigned lawyer gives the question back to the queue. */
  releaseQuestion: z.object({ questionId: idSchema }).strict(),
  /** A legal_admin assigns (or reassigns) a question to a lawyer of its queue. */
  assignQuestion: z.object({ questionId: idSchema, lawyerUserId: idSchema }).strict(),
  /** The lawyers a legal_admin may assign a question to, with who is on duty now. */
  assignOptions: z.object({ questionId: idSchema }).strict(),
}

export interface LawyerRef {
  userId: number
  name: string
}

export interface MyQuestionSummary {
  id: number
  category: LegalCategory
  title: string
  status: QuestionStatus
  /** Whose turn it is in the thread. */
  awaiting: 'lawyer' | 'member'
  anonymous: boolean
  askedAt: string
  firstResponseAt: string | null
  /** A lawyer holds the question. */
  claimed: boolean
  rated: boolean
}

export interface RosterSlot {
  id: number
  lawyer: LawyerRef
  weekday: Weekday
  startMinute: number
  endMinute: number
}

export interface RosterView {
  branch: BranchRef
  /** The queues (counties or the city) the caller may set the roster of. */
  branches: BranchRef[]
  slots: RosterSlot[]
  /** Who may be put on this roster: holders of a lawyer grant covering the branch. */
  lawyers: LawyerRef[]
}

export interface OnDuty {
  queue: BranchRef
  lawyers: LawyerRef[]
}

export interface QueueItem {
  id: number
  category: LegalCategory
  title: string
  /** The start of the description. */
  excerpt: string
  queue: { id: number; name: string }
  asker: AskerView
  askedAt: string
  dueAt: string
  /** Unanswered past its due time: shown red with 已超时. */
  overdue: boolean
  escalationStep: EscalationStep
  awaiting: 'lawyer' | 'member'
  answered: boolean
  /** Null while unclaimed. */
  lawyer: LawyerRef | null
  /** The caller holds it. */
  mine: boolean
}

export interface AssignOption extends LawyerRef {
  onDuty: boolean
  current: boolean
}

export interface AskOutputs {
  ask: { questionId: number }
  myQuestions: Page<MyQuestionSummary>
  rosterList: RosterView
  rosterSave: RosterView
  rosterRemove: RosterView
  onDuty: OnDuty
  lawyerQueue: Page<QueueItem>
  claimQuestion: { questionId: number; claimedAt: string }
  releaseQuestion: { questionId: number }
  assignQuestion: { questionId: number; lawyer: LawyerRef }
  assignOptions: { lawyers: AssignOption[] }
}
