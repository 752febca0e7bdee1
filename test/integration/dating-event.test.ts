/**
 * 嘉工鹊桥会 联谊活动 (issue 13 §7): a matchmaker publishes an event for a subtree with places per
 * gender; members sign up (a held place or the waitlist), a cancellation or a rejection promotes
 * the earliest waitlisted, attendees check in with the rotating code, and after the event mutual
 * 互选 picks become matches. Every refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SaveEventInput } from '../../src/shared/api/dating-event'
import type { ActionName } from '../../src/shared/api'
import { checkinCodeFor } from '../../server/course/training-checkin'
import { leaveAllEvents } from '../../server/dating/event-signups'
import { seedDemoDatingEvents } from '../../server/seed/demo-dating-events'
import { signText } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater } from '../support/dating-fixtures'
import { testEnv } from '../support/env'

let app: TestApp
let matchmaker: number
let county: number
beforeAll(async () => {
  app = await openTestApp()
  matchmaker = app.users.matchmaker
  county = await app.branchId('秀洲区总工会')
})
afterAll(() => app?.close())

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString()
let serial = 0
const requestId = () => `evt-test-${Date.now().toString(36)}-${serial++}`

function draft(fields: Partial<SaveEventInput> = {}): SaveEventInput {
  return {
    branchId: county,
    title: '秀洲区青年职工联谊会',
    intro: '轻松的破冰游戏和茶歇。',
    place: '秀洲区职工服务中心三楼',
    startsAt: hours(48),
    endsAt: hours(51),
    signupDeadline: hours(24),
    picksCloseAt: hours(72),
    capacityMale: 2,
    capacityFemale: 1,
    requestId: requestId(),
    ...fields,
  }
}

async function publishedEvent(fields: Partial<SaveEventInput> = {}): Promise<number> {
  const event = await app.ok(matchmaker, 'dating', 'saveEvent', draft(fields))
  await app.ok(matchmaker, 'dating', 'publishEvent', { eventId: event.id })
  return event.id
}

/** Moves the event's clock: `startsInHours` from now (negative: it started that long ago), keeping its shape. */
async function shiftEvent(eventId: number, startsInHours: number, lengthHours = 3) {
  await app.db.query(
    `UPDATE dating_event SET signup_deadline = now() + make_interval(secs => $2::float8 * 3600 - 3600), starts_at = now() + make_interval(secs => $2::float8 * 3600),
            ends_at = now() + make_interval(secs => ($2::float8 + $3::float8) * 3600), picks_close_at = now() + make_interval(secs => ($2::float8 + $3::float8 + 24) * 3600)
      WHERE id = $1`,
    [eventId, startsInHours, lengthHours],
  )
}

async function refusedWithoutWrites(as: number, action: ActionName<'dating'>, input: unknown, code: string) {
  const before = await app.snapshot()
  const error = await app.fail(as, 'dating', action, input)
  expect(error.code).toBe(code)
  expect(await app.snapshot()).toEqual(before)
  return error
}

async function messagesOf(userId: number, kind: string) {
  return app.db.query<{ title: string; body: string; link: string }>('SELECT title, body, link FROM message WHERE user_id = $1 AND kind = $2 ORDER BY id', [userId, kind])
}

const codeFor = (eventId: number, at = new Date()) => checkinCodeFor(signText(testEnv.appSecret, 'dating-event-checkin', String(eventId)), eventId, at)

describe('联谊活动: matchmakers plan events in their scope', () => {
  it('creates a draft once per requestId, edits only drafts, publishes, and hides events outside the scope', async () => {
    const input = draft()
    const first = await app.ok(matchmaker, 'dating', 'saveEvent', input)
    expect(await app.ok(matchmaker, 'dating', 'saveEvent', input)).toMatchObject({ id: first.id, status: 'draft', phase: 'draft' })
    const edited = await app.ok(matchmaker, 'dating', 'saveEvent', { ...input, eventId: first.id, title: '秀洲区冬日联谊会', capacityFemale: 3 })
    expect(edited).toMatchObject({ id: first.id, title: '秀洲区冬日联谊会', capacity: { male: 2, female: 3 }, placesLeft: { male: 2, female: 3 } })

    // A member does not see a draft.
    const member = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    expect((await app.ok(member.userId, 'dating', 'events', { scope: 'open', limit: 50 })).items.map((e) => e.id)).not.toContain(first.id)
    await refusedWithoutWrites(member.userId, 'eventDetail', { eventId: first.id }, 'NOT_FOUND')

    const published = await app.ok(matchmaker, 'dating', 'publishEvent', { eventId: first.id })
    expect(published).toMatchObject({ status: 'published', phase: 'signup' })
    expect(await app.ok(matchmaker, 'dating', 'publishEvent', { eventId: first.id })).toMatchObject({ status: 'published' })
    await refusedWithoutWrites(matchmaker, 'saveEvent', { ...input, eventId: first.id }, 'DATING_EVENT_STATE')
    expect((await app.ok(member.userId, 'dating', 'events', { scope: 'open', limit: 50 })).items.map((e) => e.id)).toContain(first.id)

    // Another county's matchmaker neither finds nor plans for 秀洲区.
    const other = await app.newStaff('南湖区总工会', 'matchmaker')
    await refusedWithoutWrites(other, 'managedEvent', { eventId: first.id }, 'NOT_FOUND')
    await refusedWithoutWrites(other, 'eventRoster', { eventId: first.id }, 'NOT_FOUND')
    await refusedWithoutWrites(other, 'saveEvent', draft(), 'OUT_OF_SCOPE')
    expect((await app.ok(other, 'dating', 'manageEvents', {})).items.map((e) => e.id)).not.toContain(first.id)
    expect((await app.ok(matchmaker, 'dating', 'manageEvents', { status: 'published' })).items.map((e) => e.id)).toContain(first.id)

    // A member of another county is not the audience.
    const elsewhere = await insertDater(app.db, { gender: 'male', birthYear: 1990, branchName: '南湖区总工会' })
    expect((await app.ok(elsewhere.userId, 'dating', 'events', { scope: 'open', limit: 50 })).items.map((e) => e.id)).not.toContain(first.id)
    await refusedWithoutWrites(elsewhere.userId, 'signUp', { eventId: first.id }, 'NOT_FOUND')
  })

  it('refuses times in the past and shapes that do not hold, writing nothing', async () => {
    await refusedWithoutWrites(matchmaker, 'saveEvent', draft({ signupDeadline: hours(-1), startsAt: hours(1), endsAt: hours(2) }), 'INVALID_SCHEDULE')
    await refusedWithoutWrites(matchmaker, 'saveEvent', draft({ signupDeadline: hours(50) }), 'VALIDATION_FAILED')
    await refusedWithoutWrites(matchmaker, 'saveEvent', draft({ picksCloseAt: hours(50) }), 'VALIDATION_FAILED')
    await refusedWithoutWrites(matchmaker, 'saveEvent', draft({ capacityMale: 0 }), 'VALIDATION_FAILED')
    await refusedWithoutWrites(matchmaker, 'saveEvent', { ...draft(), gender: 'male' }, 'VALIDATION_FAILED')
  })
})

describe('联谊活动: sign-ups, places and the waitlist', () => {
  it('holds a place per gender, waitlists the rest in order, and promotes the earliest when a place frees', async () => {
    const eventId = await publishedEvent({ capacityFemale: 1, capacityMale: 1 })
    const [a, b, c] = [
      await insertDater(app.db, { gender: 'female', birthYear: 1995 }),
      await insertDater(app.db, { gender: 'female', birthYear: 1996 }),
      await insertDater(app.db, { gender: 'female', birthYear: 1997 }),
    ]
    const man = await insertDater(app.db, { gender: 'male', birthYear: 1992 })
    expect(await app.ok(a.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'pending', waitlistPosition: null, placesLeft: { female: 0, male: 1 } })
    expect(await app.ok(b.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(await app.ok(c.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect(await app.ok(man.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'pending', placesLeft: { female: 0, male: 0 } })
    // A retry answers the same and counts nothing.
    expect(await app.ok(a.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'pending', placesLeft: { female: 0, male: 0 } })

    const detail = await app.ok(c.userId, 'dating', 'eventDetail', { eventId })
    expect(detail).toMatchObject({ mySignup: 'waitlisted', signup: { status: 'waitlisted', waitlistPosition: 2 }, attendees: null })
    expect((await app.ok(c.userId, 'dating', 'events', { scope: 'mine' })).items).toEqual([expect.objectContaining({ id: eventId, mySignup: 'waitlisted' })])

    // a cancels: b (the earliest) gets the place and is told; c moves up.
    expect(await app.ok(a.userId, 'dating', 'cancelSignup', { eventId })).toMatchObject({ status: 'cancelled', placesLeft: { female: 0 } })
    expect(await app.ok(a.userId, 'dating', 'cancelSignup', { eventId })).toMatchObject({ status: 'cancelled' })
    expect((await app.ok(b.userId, 'dating', 'eventDetail', { eventId })).signup).toMatchObject({ status: 'pending', waitlistPosition: null })
    expect((await app.ok(c.userId, 'dating', 'eventDetail', { eventId })).signup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(await messagesOf(b.userId, 'dating_event_promoted')).toHaveLength(1)
    expect(await messagesOf(c.userId, 'dating_event_promoted')).toHaveLength(0)

    // a signs up again: at the end of the queue.
    expect(await app.ok(a.userId, 'dating', 'signUp', { eventId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })

    // The matchmaker rejects b (held place): c is promoted; a waitlisted one may also be rejected.
    await refusedWithoutWrites(matchmaker, 'decideSignup', { eventId, memberId: b.memberId, decision: 'reject' }, 'VALIDATION_FAILED')
    expect(await app.ok(matchmaker, 'dating', 'decideSignup', { eventId, memberId: b.memberId, decision: 'reject', reason: '本场名额优先给首次参加的会员' })).toMatchObject({
      status: 'rejected',
      rejectReason: '本场名额优先给首次参加的会员',
    })
    expect((await app.ok(c.userId, 'dating', 'eventDetail', { eventId })).signup).toMatchObject({ status: 'pending' })
    expect(await messagesOf(b.userId, 'dating_event_decided')).toEqual([expect.objectContaining({ title: '鹊桥会：活动报名未通过' })])
    await refusedWithoutWrites(b.userId, 'signUp', { eventId }, 'DATING_EVENT_STATE')
    await refusedWithoutWrites(matchmaker, 'decideSignup', { eventId, memberId: a.memberId, decision: 'approve' }, 'DATING_EVENT_STATE')

    // Approving twice answers the same and tells once.
    expect(await app.ok(matchmaker, 'dating', 'decideSignup', { eventId, memberId: c.memberId, decision: 'approve' })).toMatchObject({ status: 'approved' })
    expect(await app.ok(matchmaker, 'dating', 'decideSignup', { eventId, memberId: c.memberId, decision: 'approve' })).toMatchObject({ status: 'approved' })
    expect(await messagesOf(c.userId, 'dating_event_decided')).toHaveLength(1)

    const managed = await app.ok(matchmaker, 'dating', 'managedEvent', { eventId })
    expect(managed).toMatchObject({ placesLeft: { female: 0, male: 0 }, counts: { approved: 1, pending: 1, waitlisted: 1, rejected: 1, cancelled: 0, attended: 0 } })
    const [{ taken }] = await app.db.query<{ taken: number }>(
      `SELECT count(*)::int AS taken FROM dating_event_signup WHERE event_id = $1 AND gender = 'female' AND status IN ('pending', 'approved')`,
      [eventId],
    )
    expect(taken).toBe(1)

    // The roster: queue order, cards without contact, the read audited; paged.
    const page1 = await app.ok(matchmaker, 'dating', 'eventRoster', { eventId, limit: 2 })
    const page2 = await app.ok(matchmaker, 'dating', 'eventRoster', { eventId, limit: 2, cursor: page1.nextCursor })
    expect([...page1.items, ...page2.items].map((r) => r.member.id)).toEqual([b.memberId, c.memberId, man.memberId, a.memberId])
    expect(JSON.stringify(page1)).not.toContain('wx_member_')
    const [audited] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'dating_event_roster'`, [matchmaker])
    expect(audited.n).toBeGreaterThan(0)
  })

  it('closes sign-ups at the deadline and tells everyone signed up when an event is cancelled', async () => {
    const eventId = await publishedEvent()
    const early = await insertDater(app.db, { gender: 'male', birthYear: 1991 })
    await app.ok(early.userId, 'dating', 'signUp', { eventId })
    await app.db.query(`UPDATE dating_event SET signup_deadline = now() - interval '1 minute' WHERE id = $1`, [eventId])
    const late = await insertDater(app.db, { gender: 'male', birthYear: 1991 })
    await refusedWithoutWrites(late.userId, 'signUp', { eventId }, 'DATING_EVENT_SIGNUP_CLOSED')
    // Not approved, paused, or not a member at all: the gate says why.
    const waiting = await insertDater(app.db, { gender: 'male', birthYear: 1991, approved: false })
    await refusedWithoutWrites(waiting.userId, 'signUp', { eventId }, 'DATING_NOT_APPROVED')
    await refusedWithoutWrites(await app.newUser(), 'events', { scope: 'open' }, 'NOT_MEMBER')

    await refusedWithoutWrites(matchmaker, 'cancelEvent', { eventId, reason: '' }, 'VALIDATION_FAILED')
    expect(await app.ok(matchmaker, 'dating', 'cancelEvent', { eventId, reason: '场地检修' })).toMatchObject({ status: 'cancelled', cancelReason: '场地检修' })
    expect(await messagesOf(early.userId, 'dating_event_cancelled')).toEqual([expect.objectContaining({ body: expect.stringContaining('场地检修') })])
    expect(await app.ok(early.userId, 'dating', 'eventDetail', { eventId })).toMatchObject({ status: 'cancelled', phase: 'cancelled', cancelReason: '场地检修' })
    await refusedWithoutWrites(matchmaker, 'publishEvent', { eventId }, 'DATING_EVENT_STATE')
  })

  it('never lets a matchmaker decide their own sign-up', async () => {
    const eventId = await publishedEvent()
    const staffMember = await insertDater(app.db, { gender: 'male', birthYear: 1989 })
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'matchmaker', $2)`, [staffMember.userId, county])
    await app.ok(staffMember.userId, 'dating', 'signUp', { eventId })
    await refusedWithoutWrites(staffMember.userId, 'decideSignup', { eventId, memberId: staffMember.memberId, decision: 'approve' }, 'DATING_SELF_REVIEW')
  })

  it('leaveAllEvents frees the places of events not yet started and promotes the waitlist', async () => {
    const eventId = await publishedEvent({ capacityMale: 1 })
    const leaving = await insertDater(app.db, { gender: 'male', birthYear: 1990 })
    const next = await insertDater(app.db, { gender: 'male', birthYear: 1993 })
    await app.ok(leaving.userId, 'dating', 'signUp', { eventId })
    await app.ok(next.userId, 'dating', 'signUp', { eventId })
    expect(await app.db.transaction((tx) => leaveAllEvents(tx, leaving.memberId))).toBe(1)
    expect(await app.db.transaction((tx) => leaveAllEvents(tx, leaving.memberId))).toBe(0)
    expect((await app.ok(next.userId, 'dating', 'eventDetail', { eventId })).signup).toMatchObject({ status: 'pending' })
    expect((await app.ok(matchmaker, 'dating', 'managedEvent', { eventId })).placesLeft.male).toBe(0)
  })
})

describe('联谊活动: check-in and 互选', () => {
  it('checks in approved attendees by code, then turns mutual picks into matches, hiding the separated', async () => {
    const eventId = await publishedEvent({ capacityMale: 3, capacityFemale: 3 })
    const her = await insertDater(app.db, { gender: 'female', birthYear: 1995, nickname: '小雨' })
    const him = await insertDater(app.db, { gender: 'male', birthYear: 1992, nickname: '阿明' })
    const blocked = await insertDater(app.db, { gender: 'male', birthYear: 1990, nickname: '阿强' })
    const absent = await insertDater(app.db, { gender: 'male', birthYear: 1991, nickname: '阿杰' })
    const pendingOne = await insertDater(app.db, { gender: 'female', birthYear: 1996 })
    for (const m of [her, him, blocked, absent, pendingOne]) await app.ok(m.userId, 'dating', 'signUp', { eventId })
    for (const m of [her, him, blocked, absent]) await app.ok(matchmaker, 'dating', 'decideSignup', { eventId, memberId: m.memberId, decision: 'approve' })

    // Check-in opens an hour before the start.
    await refusedWithoutWrites(matchmaker, 'checkinCode', { eventId }, 'DATING_CHECKIN_CLOSED')
    await refusedWithoutWrites(her.userId, 'checkIn', { eventId, code: codeFor(eventId) }, 'DATING_CHECKIN_CLOSED')
    await shiftEvent(eventId, 0.5)
    const { code } = await app.ok(matchmaker, 'dating', 'checkinCode', { eventId })
    expect(code).toBe(codeFor(eventId))
    await refusedWithoutWrites(her.userId, 'checkIn', { eventId, code: `${eventId}-ABCDEFGH` }, 'DATING_CHECKIN_CODE_INVALID')
    await refusedWithoutWrites(her.userId, 'checkIn', { eventId, code: codeFor(eventId, new Date(Date.now() - 10 * 60_000)) }, 'DATING_CHECKIN_CODE_EXPIRED')
    await refusedWithoutWrites(her.userId, 'checkIn', { eventId: eventId + 1000, code }, 'DATING_CHECKIN_CODE_INVALID')
    await refusedWithoutWrites(pendingOne.userId, 'checkIn', { eventId, code }, 'DATING_EVENT_NOT_APPROVED')
    for (const m of [her, him, blocked]) expect(await app.ok(m.userId, 'dating', 'checkIn', { eventId, code: code.toLowerCase() })).toMatchObject({ firstTime: true })
    expect(await app.ok(her.userId, 'dating', 'checkIn', { eventId, code })).toMatchObject({ firstTime: false })
    // Once checked in, nobody takes the place back.
    await refusedWithoutWrites(matchmaker, 'decideSignup', { eventId, memberId: her.memberId, decision: 'reject', reason: '迟到' }, 'DATING_EVENT_STATE')

    // During the event: attendees listed, but picks wait for the end.
    await shiftEvent(eventId, -1)
    await refusedWithoutWrites(absent.userId, 'cancelSignup', { eventId }, 'DATING_EVENT_STATE')
    expect(await app.db.transaction((tx) => leaveAllEvents(tx, absent.memberId))).toBe(0)
    await refusedWithoutWrites(her.userId, 'savePicks', { eventId, targetIds: [him.memberId] }, 'DATING_PICKS_CLOSED')
    await shiftEvent(eventId, -4)

    await app.db.query('INSERT INTO dating_block (member_id, target_id) VALUES ($1, $2)', [blocked.memberId, her.memberId])
    const detail = await app.ok(her.userId, 'dating', 'eventDetail', { eventId })
    expect(detail.phase).toBe('picking')
    expect(detail.attendees?.map((a) => a.id)).toEqual([him.memberId])
    expect(JSON.stringify(detail)).not.toContain('wx_member_')
    expect((await app.ok(blocked.userId, 'dating', 'eventDetail', { eventId })).attendees).toEqual([])

    await refusedWithoutWrites(her.userId, 'savePicks', { eventId, targetIds: [blocked.memberId] }, 'DATING_PROFILE_UNAVAILABLE')
    await refusedWithoutWrites(her.userId, 'savePicks', { eventId, targetIds: [absent.memberId] }, 'DATING_PROFILE_UNAVAILABLE')
    await refusedWithoutWrites(her.userId, 'savePicks', { eventId, targetIds: [him.memberId, him.memberId] }, 'VALIDATION_FAILED')
    await refusedWithoutWrites(her.userId, 'savePicks', { eventId, targetIds: [1, 2, 3, 4] }, 'VALIDATION_FAILED')
    await refusedWithoutWrites(absent.userId, 'savePicks', { eventId, targetIds: [her.memberId] }, 'DATING_NOT_ATTENDED')

    expect(await app.ok(her.userId, 'dating', 'savePicks', { eventId, targetIds: [him.memberId] })).toEqual({ eventId, myPicks: [him.memberId], matchedIds: [] })
    expect(await messagesOf(her.userId, 'dating_match')).toHaveLength(0)
    expect(await app.ok(him.userId, 'dating', 'savePicks', { eventId, targetIds: [her.memberId] })).toEqual({ eventId, myPicks: [her.memberId], matchedIds: [her.memberId] })
    // Saving again changes nothing and tells nobody twice.
    await app.ok(him.userId, 'dating', 'savePicks', { eventId, targetIds: [her.memberId] })
    expect(await messagesOf(her.userId, 'dating_match')).toHaveLength(1)
    expect(await messagesOf(him.userId, 'dating_match')).toHaveLength(1)
    const [match] = await app.db.query<{ via: string; event_id: number }>('SELECT via, event_id FROM dating_match WHERE $1 IN (member_lo, member_hi) AND $2 IN (member_lo, member_hi)', [
      her.memberId,
      him.memberId,
    ])
    expect(match).toEqual({ via: 'event', event_id: eventId })
    // Withdrawing a pick keeps the match.
    expect(await app.ok(her.userId, 'dating', 'savePicks', { eventId, targetIds: [] })).toEqual({ eventId, myPicks: [], matchedIds: [him.memberId] })
    expect(await app.ok(matchmaker, 'dating', 'managedEvent', { eventId })).toMatchObject({ counts: { attended: 3 }, eventMatches: 1, phase: 'picking' })

    // After picks close.
    await app.db.query(`UPDATE dating_event SET picks_close_at = now() - interval '1 second', ends_at = now() - interval '2 seconds', starts_at = now() - interval '3 hours', signup_deadline = now() - interval '4 hours' WHERE id = $1`, [eventId])
    await refusedWithoutWrites(him.userId, 'savePicks', { eventId, targetIds: [] }, 'DATING_PICKS_CLOSED')
  })
})

describe('联谊活动 demo seed', () => {
  it('makes two open events and one already held once, as the demo matchmaker', async () => {
    expect(await seedDemoDatingEvents(app.db)).toBe(true)
    expect(await seedDemoDatingEvents(app.db)).toBe(false)
    const seeded = (await app.ok(matchmaker, 'dating', 'manageEvents', { limit: 50 })).items.filter((e) => e.title.startsWith('秀洲区') || e.title.startsWith('油车港镇'))
    const phases = Object.fromEntries(seeded.map((e) => [e.title, e.phase]))
    expect(phases).toMatchObject({ 秀洲区青年职工冬日联谊会: 'signup', 油车港镇湿地徒步交友: 'signup', 秀洲区金秋读书分享联谊: 'finished' })
  })
})
