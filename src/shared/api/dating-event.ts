import { z } from 'zod'
import { cursorSchema, idSchema, isoTimeSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { checkinCodePattern } from './course-training'
import type { CheckinCode } from './course-training'
import { datingLimits, datingRequestIdSchema, eventIdSchema, eventSignupStatusNames, eventStatusNames, profileIdSchema } from './dating-common'
import type { DatingEventStatus, EventSignupStatus, Gender, ProfileCard, SignedUntil } from './dating-common'

/**
 * 嘉工鹊桥会, part event (issue 13 §7): 联谊活动. A matchmaker publishes an offline event for the
 * members of a subtree with places per gender; members sign up (a free place of their gender holds
 * one, 'pending', until the matchmaker decides; otherwise the waitlist), a cancellation promotes the
 * earliest waitlisted of that gender; attendees check in with a rotating QR code; after the event
 * each attendee picks up to 3 others (互选) and a pick both ways is a match.
 */

const eventStatuses = Object.keys(eventStatusNames) as [DatingEventStatus, ...DatingEventStatus[]]
const signupStatuses = Object.keys(eventSignupStatusNames) as [EventSignupStatus, ...EventSignupStatus[]]

export const datingEventLimits = {
  titleMaxLength: 40,
  introMaxLength: 1000,
  placeMaxLength: 100,
  capacityMax: 1000,
  cancelReasonMaxLength: 200,
  /** Check-in opens this long before the start and closes at the end. */
  checkinLeadMinutes: 60,
  /** An event lasts at most this long. */
  maxHours: 24,
} as const

const capacity = (label: string) =>
  z
    .number({ error: `请填写${label}名额` })
    .int(`${label}名额必须是整数`)
    .min(1, `${label}名额至少 1 人`)
    .max(datingEventLimits.capacityMax, `${label}名额不超过 ${datingEventLimits.capacityMax} 人`)

export const saveEventInput = z
  .object({
    /** Present: edit that draft. Absent: a new draft (requestId makes a retry answer the same). */
    eventId: eventIdSchema.optional(),
    /** The audience: members of this branch's subtree. Within the caller's matchmaker scope. */
    branchId: idSchema,
    title: plainText({ max: datingEventLimits.titleMaxLength, min: 1, minMessage: '请填写活动名称', maxMessage: `活动名称不超过 ${datingEventLimits.titleMaxLength} 字` }),
    intro: plainText({ max: datingEventLimits.introMaxLength, maxMessage: `活动介绍不超过 ${datingEventLimits.introMaxLength} 字`, multiline: true }),
    place: plainText({ max: datingEventLimits.placeMaxLength, min: 1, minMessage: '请填写活动地点', maxMessage: `活动地点不超过 ${datingEventLimits.placeMaxLength} 字` }),
    startsAt: isoTimeSchema,
    endsAt: isoTimeSchema,
    signupDeadline: isoTimeSchema,
    /** 互选 closes here: after the end. */
    picksCloseAt: isoTimeSchema,
    capacityMale: capacity('男嘉宾'),
    capacityFemale: capacity('女嘉宾'),
    requestId: datingRequestIdSchema,
  })
  .strict()
  .refine((e) => Date.parse(e.signupDeadline) <= Date.parse(e.startsAt), { message: '报名截止时间不能晚于活动开始时间', path: ['signupDeadline'] })
  .refine((e) => Date.parse(e.endsAt) > Date.parse(e.startsAt), { message: '结束时间须晚于开始时间', path: ['endsAt'] })
  .refine((e) => Date.parse(e.endsAt) - Date.parse(e.startsAt) <= datingEventLimits.maxHours * 3600_000, {
    message: `一场活动不超过 ${datingEventLimits.maxHours} 小时`,
    path: ['endsAt'],
  })
  .refine((e) => Date.parse(e.picksCloseAt) > Date.parse(e.endsAt), { message: '互选截止时间须晚于活动结束时间', path: ['picksCloseAt'] })
export type SaveEventInput = z.infer<typeof saveEventInput>

const eventInput = z.object({ eventId: eventIdSchema }).strict()

export const eventSchemas = {
  // Matchmaker (红娘): events of branches in their scope.
  /** Events whose audience branch lies in the caller's matchmaker scope, newest start first. */
  manageEvents: z
    .object({ status: z.enum(eventStatuses, { error: '活动状态无效' }).optional(), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  managedEvent: eventInput,
  /** Creates or edits a draft. Published or cancelled events are not edited (DATING_EVENT_STATE). */
  saveEvent: saveEventInput,
  /** Opens a draft for sign-ups; its sign-up deadline must still be ahead. */
  publishEvent: eventInput,
  /** Cancels a draft or a published event not yet ended; every live sign-up is told the reason. */
  cancelEvent: z
    .object({
      eventId: eventIdSchema,
      reason: plainText({ max: datingEventLimits.cancelReasonMaxLength, min: 1, minMessage: '请填写取消原因', maxMessage: `取消原因不超过 ${datingEventLimits.cancelReasonMaxLength} 字` }),
    })
    .strict(),
  /** Sign-ups with each member's card (audited: a staff read of personal data), queue order. */
  eventRoster: z
    .object({ eventId: eventIdSchema, status: z.enum(signupStatuses, { error: '报名状态无效' }).optional(), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /**
   * approve: a pending sign-up (holding a place) becomes approved. reject: a pending, approved or
   * waitlisted one is refused with a reason; a held place is freed and the waitlist promoted. Never
   * one's own (DATING_SELF_REVIEW). The same decision again answers the same.
   */
  decideSignup: z
    .object({
      eventId: eventIdSchema,
      memberId: profileIdSchema,
      decision: z.enum(['approve', 'reject'], { error: '请选择通过或不通过' }),
      reason: plainText({ max: datingLimits.rejectReasonMaxLength, maxMessage: `原因不超过 ${datingLimits.rejectReasonMaxLength} 字` }).optional(),
    })
    .strict()
    .refine((d) => d.decision === 'approve' || (d.reason !== undefined && d.reason.trim().length > 0), { message: '请填写不通过的原因', path: ['reason'] }),
  /** The code of this minute for the QR at the venue, from 1 h before the start to the end. */
  checkinCode: eventInput,

  // Member (approved, shown, not suspended).
  /**
   * open: published events not yet ended whose audience includes the caller (its branch is the
   * caller's branch or an ancestor), soonest first. mine: events the caller signed up for, latest first.
   */
  events: z
    .object({ scope: z.enum(['open', 'mine'], { error: '请选择活动列表' }), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /** Detail, places left, my sign-up; after the event, if I attended, the other attendees and my picks. */
  eventDetail: eventInput,
  /** Before the deadline: a free place of my gender → pending (held), else waitlisted. A retry answers the same. */
  signUp: eventInput,
  /** Before the start: frees my place and promotes the earliest waitlisted of my gender. */
  cancelSignup: eventInput,
  /** With the code on the QR (e.g. 42-7KQ2M9XD): approved sign-ups, from 1 h before the start to the end. */
  checkIn: z
    .object({
      eventId: eventIdSchema,
      code: z.string({ error: '请输入签到码' }).trim().toUpperCase().regex(checkinCodePattern, '签到码格式不正确，应形如 42-7KQ2M9XD'),
    })
    .strict(),
  /**
   * 互选: after the end and before picks close, an attendee sets their picks (up to 3 other
   * attendees they can see); a pick both ways makes a match. A match once made stays when a pick is withdrawn.
   */
  savePicks: z
    .object({
      eventId: eventIdSchema,
      targetIds: z
        .array(profileIdSchema)
        .max(datingLimits.picksPerEvent, `最多选择 ${datingLimits.picksPerEvent} 位`)
        .refine((ids) => new Set(ids).size === ids.length, '不能重复选择同一位'),
    })
    .strict(),
}

/**
 * Where an event stands by the clock: 报名中 (signup), 报名截止 (closed: deadline passed, not
 * started), 进行中 (ongoing), 互选中 (picking), 已结束 (finished), plus draft and cancelled.
 */
export type DatingEventPhase = 'draft' | 'signup' | 'closed' | 'ongoing' | 'picking' | 'finished' | 'cancelled'

export interface PlacesByGender {
  male: number
  female: number
}

export interface DatingEventSummary {
  id: number
  title: string
  place: string
  branch: BranchRef
  startsAt: string
  endsAt: string
  signupDeadline: string
  picksCloseAt: string
  status: DatingEventStatus
  phase: DatingEventPhase
  capacity: PlacesByGender
  /** Places not held by a pending or approved sign-up. */
  placesLeft: PlacesByGender
  /** The caller's sign-up status (member lists), else null. */
  mySignup: EventSignupStatus | null
}

export interface MySignup {
  status: EventSignupStatus
  gender: Gender
  /** 1 = next to be promoted (waitlisted only). */
  waitlistPosition: number | null
  rejectReason: string | null
  checkedInAt: string | null
}

export interface DatingEventDetail extends DatingEventSummary, SignedUntil {
  intro: string
  cancelReason: string | null
  signup: MySignup | null
  /** After the start, for an attendee: the other attendees of the other gender they can see. Else null. */
  attendees: ProfileCard[] | null
  /** The caller's 互选 picks (member ids), and those that became a match with this event. */
  myPicks: number[]
  matchedIds: number[]
}

export interface ManagedEvent extends DatingEventSummary {
  intro: string
  cancelReason: string | null
  publishedAt: string | null
  /** Sign-ups per status, and attendees (checked in). */
  counts: Record<EventSignupStatus, number> & { attended: number }
  /** Mutual 互选 picks that became matches. */
  eventMatches: number
}

export interface RosterEntry {
  member: ProfileCard
  status: EventSignupStatus
  queuedAt: string
  decidedAt: string | null
  rejectReason: string | null
  checkedInAt: string | null
}

export interface SignupResult {
  eventId: number
  status: EventSignupStatus
  waitlistPosition: number | null
  placesLeft: PlacesByGender
}

export interface PicksResult {
  eventId: number
  myPicks: number[]
  /** Member ids matched with the caller by this event (this call or before). */
  matchedIds: number[]
}

export interface EventOutputs {
  manageEvents: { items: DatingEventSummary[]; nextCursor: string | null }
  managedEvent: ManagedEvent
  saveEvent: ManagedEvent
  publishEvent: ManagedEvent
  cancelEvent: ManagedEvent
  eventRoster: { items: RosterEntry[]; nextCursor: string | null } & SignedUntil
  decideSignup: RosterEntry
  checkinCode: CheckinCode
  events: { items: DatingEventSummary[]; nextCursor: string | null }
  eventDetail: DatingEventDetail
  signUp: SignupResult
  cancelSignup: SignupResult
  checkIn: { eventId: number; checkedInAt: string; firstTime: boolean }
  savePicks: PicksResult
}
