import { z } from 'zod'
import { daySchema } from './aid-claims'
import { cursorSchema, idSchema, isoTimeSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { courseIdSchema, courseLimits, courseOrderStatusNames, signupStatusNames } from './course-common'
import type { CourseCategory, CourseOrderStatus, SessionStatus, SignupStatus } from './course-common'
import { personNameSchema, phoneNumberSchema } from './form-checks'
import { requestIdSchema } from './points'

/**
 * 职工课堂, part training (issue 12 §2): offline courses ordered by enterprises (点单—下单—送单).
 * An enterprise union orders a course for its workers; the county union (a course_editor or admin
 * at county level or above) accepts and schedules sessions with a place, a time and a capacity;
 * workers sign up or join the waitlist; they check in at the session with a rotating code shown
 * as a QR, and attending completes the course (certificate included).
 */

const orderStatuses = Object.keys(courseOrderStatusNames) as [CourseOrderStatus, ...CourseOrderStatus[]]
const signupStatuses = Object.keys(signupStatusNames) as [SignupStatus, ...SignupStatus[]]

/** How long a session may last: a working day of training. */
export const sessionMaxHours = 12

/**
 * A check-in code: the session's id and 8 characters of an HMAC of the session and the minute it
 * was shown, e.g. `42-7KQ2M9XD`. Typed codes are taken in either case.
 */
export const checkinCodePattern = /^[1-9]\d{0,9}-[0-9A-HJ-NP-Z]{8}$/
const checkinCodeSchema = z
  .string({ error: '请输入签到码' })
  .trim()
  .toUpperCase()
  .regex(checkinCodePattern, '签到码格式不正确，应形如 42-7KQ2M9XD')

const orderIdInput = z.object({ id: idSchema }).strict()
const sessionIdInput = z.object({ sessionId: idSchema }).strict()

export const orderCourseInput = z
  .object({
    courseId: courseIdSchema,
    /** The enterprise union ordering for its workers: the caller is admin there (or above). */
    branchId: idSchema,
    headcount: z
      .number({ error: '请填写参训人数' })
      .int('参训人数必须是整数')
      .min(1, '参训人数至少 1 人')
      .max(courseLimits.headcountMax, `参训人数不超过 ${courseLimits.headcountMax} 人`),
    /** Shanghai days after today, in the order of preference. */
    preferredDates: z
      .array(daySchema)
      .min(1, '请至少选择一个期望日期')
      .max(courseLimits.preferredDatesMax, `期望日期最多 ${courseLimits.preferredDatesMax} 个`)
      .refine((days) => new Set(days).size === days.length, '期望日期不能重复'),
    note: plainText({ max: 500, maxMessage: '备注不超过 500 字', multiline: true }),
    contactName: personNameSchema('联系人'),
    contactPhone: phoneNumberSchema,
    requestId: requestIdSchema,
  })
  .strict()
export type OrderCourseInput = z.infer<typeof orderCourseInput>

export const saveSessionInput = z
  .object({
    /** Present: edit that session (place, time, capacity). */
    id: idSchema.optional(),
    /** A session of an accepted order: its audience is the ordering branch's subtree. */
    orderId: idSchema.optional(),
    /** A session not made from an order: the course and the branch whose subtree may sign up. */
    courseId: courseIdSchema.optional(),
    audienceBranchId: idSchema.optional(),
    place: plainText({
      max: courseLimits.placeMaxLength,
      min: 1,
      minMessage: '请填写培训地点',
      maxMessage: `培训地点不超过 ${courseLimits.placeMaxLength} 字`,
    }),
    startsAt: isoTimeSchema,
    endsAt: isoTimeSchema,
    capacity: z
      .number({ error: '请填写名额' })
      .int('名额必须是整数')
      .min(1, '名额至少 1 人')
      .max(courseLimits.sessionCapacityMax, `名额不超过 ${courseLimits.sessionCapacityMax} 人`),
  })
  .strict()
  .refine((s) => s.id !== undefined || s.orderId !== undefined || (s.courseId !== undefined && s.audienceBranchId !== undefined), {
    message: '请选择点单，或选择课程和参训组织',
    path: ['orderId'],
  })
  .refine((s) => s.id === undefined || (s.orderId === undefined && s.courseId === undefined && s.audienceBranchId === undefined), {
    message: '修改培训时不能更换点单、课程或参训组织',
    path: ['id'],
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) <= sessionMaxHours * 3600_000, {
    message: `一场培训不超过 ${sessionMaxHours} 小时`,
    path: ['endsAt'],
  })
export type SaveSessionInput = z.infer<typeof saveSessionInput>

export const trainingSchemas = {
  /** The order form: the course (published, orderable) and the enterprise unions the caller may order for. */
  orderForm: z.object({ courseId: courseIdSchema }).strict(),
  /** 点单: an enterprise union's admin orders a published, orderable course visible to the branch. A retry answers the same order. */
  orderCourse: orderCourseInput,
  /**
   * mine: orders of the branches where the caller is admin (and those they placed); to_decide:
   * orders under the caller's county-level (or higher) course_editor or admin grants.
   */
  orders: z
    .object({
      role: z.enum(['mine', 'to_decide'], { error: '请选择点单列表' }),
      status: z.enum(orderStatuses, { error: '点单状态无效' }).optional(),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  orderDetail: orderIdInput,
  /** 撤回: the person who ordered, while it waits for a decision. */
  cancelOrder: orderIdInput,
  /** 受理: a decider over the ordering branch, never the person who ordered. */
  acceptOrder: orderIdInput,
  declineOrder: z
    .object({ id: idSchema, reason: plainText({ max: 200, min: 1, minMessage: '请填写不受理的原因', maxMessage: '原因不超过 200 字' }) })
    .strict(),
  /** 排课: creates or edits a session (a decider over its audience). A bigger capacity promotes the waitlist at once. */
  saveSession: saveSessionInput,
  /** Cancels a session; everyone signed up or waitlisted is told. */
  cancelSession: z
    .object({ id: idSchema, reason: plainText({ max: 200, min: 1, minMessage: '请填写取消原因', maxMessage: '原因不超过 200 字' }) })
    .strict(),
  /** 结束培训: after its start; the order it came from is then delivered (送单完成). */
  finishSession: orderIdInput,
  /** open: upcoming sessions whose audience covers the member; mine: the member's sign-ups; manage: sessions the caller organises. */
  sessions: z
    .object({ view: z.enum(['open', 'mine', 'manage'], { error: '请选择培训列表' }), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  sessionDetail: z.object({ id: idSchema }).strict(),
  /** 报名: a place while one is left, else the waitlist. Signing up twice changes nothing. */
  signUp: sessionIdInput,
  /** 取消报名: frees the place for the earliest on the waitlist, in the same transaction. */
  cancelSignup: sessionIdInput,
  /** Staff: who signed up, in the order they did; phones masked. */
  sessionRoster: z
    .object({ sessionId: idSchema, status: z.enum(signupStatuses, { error: '报名状态无效' }).optional(), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /** Staff: the code the check-in QR shows, valid for this minute and the next. */
  checkinCode: sessionIdInput,
  /** 签到: a member with a place, during the session (from 30 minutes before its start). A retry answers the same. */
  checkIn: z.object({ code: checkinCodeSchema }).strict(),
}

export interface CourseRef {
  id: number
  title: string
  teacher: string
  category: CourseCategory
}

export interface OrderSummary {
  id: number
  course: CourseRef
  branch: BranchRef
  headcount: number
  preferredDates: string[]
  status: CourseOrderStatus
  createdAt: string
  sessionCount: number
}

export interface OrderDetail extends OrderSummary {
  note: string
  contactName: string
  /** The full number for the deciders and the ordering branch's admins: they arrange the session with this person. */
  contactPhone: string
  orderedBy: string
  decidedBy: string | null
  decidedAt: string | null
  declineReason: string | null
  sessions: SessionSummary[]
  /** The caller placed it and it still waits: 撤回. */
  canCancel: boolean
  /** The caller may accept or decline it now (a decider over it who did not order it). */
  canDecide: boolean
  /** The caller may schedule sessions for it (accepted, and a decider over it). */
  canSchedule: boolean
}

export interface SessionSummary {
  id: number
  course: CourseRef
  orderId: number | null
  audience: BranchRef
  organiser: BranchRef
  place: string
  startsAt: string
  endsAt: string
  capacity: number
  signedCount: number
  waitlistCount: number
  status: SessionStatus
  /** The caller's sign-up, if any. */
  myStatus: SignupStatus | null
  /** 候补第 N 位 (1-based) while waitlisted. */
  waitlistPosition: number | null
}

export interface SessionDetail extends SessionSummary {
  /** The organiser's staff: roster, check-in QR, edit, cancel, finish. */
  canManage: boolean
  /** A member of the audience may sign up now (before the start, not an organiser). */
  canSignUp: boolean
  /** Check-in is open: from checkinOpensAt to the end. */
  checkinOpensAt: string
  attendedCount: number
  /** After checking in: the course's certificate. */
  certificateCode: string | null
}

export interface SignupState {
  sessionId: number
  status: SignupStatus
  waitlistPosition: number | null
  signedCount: number
}

export interface RosterLine {
  name: string
  branchName: string
  /** 138****1234 */
  phoneMasked: string
  status: SignupStatus
  queuedAt: string
  checkedInAt: string | null
}

export interface CheckinCode {
  code: string
  /** The code is accepted until then (this minute and the next); the page refreshes it every 30 s. */
  validUntil: string
  serverNow: string
}

export interface CheckinResult {
  sessionId: number
  course: CourseRef
  checkedInAt: string
  certificateCode: string
  /** False when the member had already checked in (a retry or a second scan). */
  firstTime: boolean
}

export interface OrderForm {
  course: CourseRef
  /** Enterprise unions under the caller's admin grants that can see the course. */
  branches: BranchRef[]
}

export interface TrainingOutputs {
  orderForm: OrderForm
  orderCourse: { id: number; status: CourseOrderStatus }
  orders: { items: OrderSummary[]; nextCursor: string | null }
  orderDetail: OrderDetail
  cancelOrder: { id: number; status: CourseOrderStatus }
  acceptOrder: { id: number; status: CourseOrderStatus }
  declineOrder: { id: number; status: CourseOrderStatus }
  saveSession: { id: number; promoted: number }
  cancelSession: { id: number; status: SessionStatus }
  finishSession: { id: number; status: SessionStatus }
  sessions: { items: SessionSummary[]; nextCursor: string | null }
  sessionDetail: SessionDetail
  signUp: SignupState
  cancelSignup: SignupState & { promoted: boolean }
  sessionRoster: { items: RosterLine[]; nextCursor: string | null }
  checkinCode: CheckinCode
  checkIn: CheckinResult
}
