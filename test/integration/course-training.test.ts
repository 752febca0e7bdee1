/**
 * 点单—下单—送单 (issue 12 §2): an enterprise union orders a course, the county union accepts
 * and schedules a session, workers sign up (a waitlist past the capacity), a cancellation promotes
 * the earliest on the waitlist, and checking in with the rotating code completes the course with a
 * certificate. Scope, self-service and forged or expired codes are refused and write nothing. On
 * PostgreSQL the sign-ups are real races over a pool of 20 connections; PGlite runs them one at a
 * time and shows the same outcome sequentially.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkinCodeFor } from '../../server/course/training-checkin'
import { finishSession } from '../../server/course/training-sessions'
import { loadCaller } from '../../server/caller'
import { addDays, shanghaiDay } from '../../server/points/calendar'
import type { ActionName } from '../../src/shared/api'
import type { OrderCourseInput } from '../../src/shared/api/course-training'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertCourse } from '../support/course-fixtures'
import { insertLegalMember } from '../support/legal-fixtures'

let app: TestApp
let courseId: number
let enterprise: number
let town: number
let countyEditor: number
const tomorrow = addDays(shanghaiDay(new Date()), 1)
const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString()

const order = (fields: Partial<OrderCourseInput> = {}): OrderCourseInput => ({
  courseId,
  branchId: enterprise,
  headcount: 30,
  preferredDates: [tomorrow],
  note: '车间两班倒，请安排在下午。',
  contactName: '李伟',
  contactPhone: '13857300001',
  requestId: randomUUID(),
  ...fields,
})

/** A session for the enterprise's workers (or the town's), starting in `startsIn` minutes. */
async function schedule(capacity: number, fields: { audience?: number; startsIn?: number } = {}): Promise<number> {
  const startsIn = fields.startsIn ?? 10
  const { id } = await app.ok(countyEditor, 'course', 'saveSession', {
    courseId,
    audienceBranchId: fields.audience ?? enterprise,
    place: '油车港镇职工学校 201 教室',
    startsAt: minutes(startsIn),
    endsAt: minutes(startsIn + 120),
    capacity,
  })
  return id
}

async function workers(n: number, branch = '嘉兴恒创电子有限公司工会') {
  const made = []
  for (let i = 0; i < n; i += 1) made.push(await insertLegalMember(app, { branch, name: '钱学员', phone: `1385730${String(1000 + i).slice(-4)}` }))
  return made
}

/** Rows of every table this part writes: a refused call must leave them as they were. */
async function trainingRows(): Promise<string> {
  const [row] = await app.db.query<{ s: string }>(
    `SELECT concat_ws('|',
       (SELECT string_agg(id || status || COALESCE(decided_by, 0), ',' ORDER BY id) FROM course_order),
       (SELECT string_agg(id || status || capacity || signed_count, ',' ORDER BY id) FROM course_session),
       (SELECT string_agg(session_id || ':' || member_id || status, ',' ORDER BY session_id, member_id) FROM course_session_signup),
       (SELECT count(*) FROM course_certificate), (SELECT count(*) FROM message), (SELECT count(*) FROM points_ledger)) AS s`,
  )
  return row.s
}

async function refusedWithoutWrites(as: number, action: ActionName<'course'>, input: unknown, code: string) {
  const before = await trainingRows()
  const error = await app.fail(as, 'course', action, input)
  expect(error.code).toBe(code)
  expect(await trainingRows()).toBe(before)
  return error
}

async function secretOf(sessionId: number): Promise<string> {
  const [row] = await app.db.query<{ checkin_secret: string }>('SELECT checkin_secret FROM course_session WHERE id = $1', [sessionId])
  return row.checkin_secret
}

beforeAll(async () => {
  app = await openTestApp()
  enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
  town = await app.branchId('油车港镇总工会')
  countyEditor = app.users['county-course-editor']
  ;({ courseId } = await insertCourse(app.db, {
    title: '数控机床操作与维护',
    category: 'skills',
    orderable: true,
    createdBy: app.users['course-editor'],
    lessons: [{ title: '安全操作规程', kind: 'article', html: '<p>开机前检查润滑与防护装置。</p>' }],
  }))
})
afterAll(() => app?.close())

describe('点单 → 受理 → 排课 → 报名/候补 → 签到 → 完成', () => {
  it('runs the whole flow for an enterprise order', async () => {
    const admin = app.users['enterprise-admin']
    const form = await app.ok(admin, 'course', 'orderForm', { courseId })
    expect(form).toEqual({ course: { id: courseId, title: '数控机床操作与维护', teacher: '王老师', category: 'skills' }, branches: [expect.objectContaining({ id: enterprise })] })
    const input = order()
    const placed = await app.ok(admin, 'course', 'orderCourse', input)
    expect(placed.status).toBe('requested')
    // A retried order (the same request id) answers the same order.
    expect(await app.ok(admin, 'course', 'orderCourse', input)).toEqual(placed)
    const mine = await app.ok(admin, 'course', 'orders', { role: 'mine', limit: 20 })
    expect(mine.items.map((o) => o.id)).toContain(placed.id)
    const queue = await app.ok(countyEditor, 'course', 'orders', { role: 'to_decide', status: 'requested', limit: 20 })
    expect(queue.items.map((o) => o.id)).toContain(placed.id)
    const seen = await app.ok(countyEditor, 'course', 'orderDetail', { id: placed.id })
    expect(seen).toMatchObject({ canDecide: true, canSchedule: false, contactPhone: '13857300001', orderedBy: '李伟' })

    await app.ok(countyEditor, 'course', 'acceptOrder', { id: placed.id })
    // A retried accept by the same person answers the same; nobody may decline it now.
    expect(await app.ok(countyEditor, 'course', 'acceptOrder', { id: placed.id })).toEqual({ id: placed.id, status: 'accepted' })
    await refusedWithoutWrites(app.users['county-admin'], 'declineOrder', { id: placed.id, reason: '师资不足' }, 'TRAINING_ORDER_STATE')
    const [told] = await app.db.query<{ title: string; link: string }>(
      `SELECT title, link FROM message WHERE user_id = $1 AND kind = 'training_order_decided' AND source = $2`,
      [admin, `course_order:${placed.id}`],
    )
    expect(told).toEqual({ title: '点单「数控机床操作与维护」已受理', link: `/pages/training/order/index?id=${placed.id}` })

    const session = await app.ok(countyEditor, 'course', 'saveSession', {
      orderId: placed.id,
      place: '恒创电子三楼培训室',
      startsAt: minutes(10),
      endsAt: minutes(130),
      capacity: 2,
    })
    const sessionId = session.id
    const scheduled = await app.db.query<{ link: string }>(`SELECT link FROM message WHERE user_id = $1 AND kind = 'training_session_scheduled'`, [admin])
    expect(scheduled).toEqual([{ link: `/pages/training/order/index?id=${placed.id}` }])
    const [row] = await app.db.query<{ audience_branch_id: number; organiser: string }>(
      'SELECT s.audience_branch_id, b.name AS organiser FROM course_session s JOIN branch b ON b.id = s.organiser_branch_id WHERE s.id = $1',
      [sessionId],
    )
    expect(row).toEqual({ audience_branch_id: enterprise, organiser: '秀洲区总工会' })

    const member = app.users.member
    const [third, fourth] = await workers(2)
    expect(await app.ok(member, 'course', 'signUp', { sessionId })).toMatchObject({ status: 'signed', waitlistPosition: null, signedCount: 1 })
    expect(await app.ok(admin, 'course', 'signUp', { sessionId })).toMatchObject({ status: 'signed', signedCount: 2 })
    expect(await app.ok(third.userId, 'course', 'signUp', { sessionId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(await app.ok(fourth.userId, 'course', 'signUp', { sessionId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    // Signing up twice changes nothing.
    expect(await app.ok(fourth.userId, 'course', 'signUp', { sessionId })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    const open = await app.ok(member, 'course', 'sessions', { view: 'open', limit: 20 })
    expect(open.items.find((s) => s.id === sessionId)).toMatchObject({ myStatus: 'signed', signedCount: 2, waitlistCount: 2, capacity: 2 })

    // 李伟 gives up his place: the earliest on the waitlist takes it, and is told.
    expect(await app.ok(admin, 'course', 'cancelSignup', { sessionId })).toMatchObject({ status: 'cancelled', promoted: true, signedCount: 2 })
    expect(await app.ok(third.userId, 'course', 'sessionDetail', { id: sessionId })).toMatchObject({ myStatus: 'signed', waitlistPosition: null })
    expect(await app.ok(fourth.userId, 'course', 'sessionDetail', { id: sessionId })).toMatchObject({ myStatus: 'waitlisted', waitlistPosition: 1 })
    const promoted = await app.db.query(`SELECT 1 FROM message WHERE user_id = $1 AND kind = 'training_waitlist_promoted'`, [third.userId])
    expect(promoted).toHaveLength(1)

    const roster = await app.ok(countyEditor, 'course', 'sessionRoster', { sessionId, limit: 20 })
    expect(roster.items.map((r) => r.status)).toEqual(['signed', 'signed', 'waitlisted', 'cancelled'])
    expect(roster.items[0]).toMatchObject({ name: '张晓梅', branchName: '嘉兴恒创电子有限公司工会' })
    for (const line of roster.items) expect(line.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)

    // The organiser shows the code; the member checks in and the course is complete.
    const { code } = await app.ok(countyEditor, 'course', 'checkinCode', { sessionId })
    const checked = await app.ok(member, 'course', 'checkIn', { code: code.toLowerCase() })
    expect(checked).toMatchObject({ sessionId, firstTime: true, course: { id: courseId, title: '数控机床操作与维护' } })
    const again = await app.ok(member, 'course', 'checkIn', { code })
    expect(again).toEqual({ ...checked, firstTime: false })
    const [enrolment] = await app.db.query<{ completed_via: string }>(
      'SELECT e.completed_via FROM course_enrolment e JOIN member m ON m.id = e.member_id WHERE e.course_id = $1 AND m.user_id = $2',
      [courseId, member],
    )
    expect(enrolment.completed_via).toBe('offline')
    const [cert] = await app.db.query<{ code: string; completed_via: string }>(
      'SELECT c.code, c.completed_via FROM course_certificate c JOIN member m ON m.id = c.member_id WHERE c.course_id = $1 AND m.user_id = $2',
      [courseId, member],
    )
    expect(cert).toEqual({ code: checked.certificateCode, completed_via: 'offline' })
    expect(await app.ok(member, 'course', 'sessionDetail', { id: sessionId })).toMatchObject({ myStatus: 'attended', certificateCode: checked.certificateCode })
    await refusedWithoutWrites(member, 'cancelSignup', { sessionId }, 'TRAINING_ALREADY_ATTENDED')

    // Still on the waitlist: no place, no check-in.
    const waiting = await refusedWithoutWrites(fourth.userId, 'checkIn', { code }, 'TRAINING_NOT_SIGNED')
    expect(waiting.message).toContain('候补')

    // Finishing before the start is refused; after it, the order is delivered (送单).
    await refusedWithoutWrites(countyEditor, 'finishSession', { id: sessionId }, 'TRAINING_SESSION_NOT_STARTED')
    const editor = await loadCaller(app.db, countyEditor)
    if (!editor) throw new Error('no editor')
    expect(await finishSession(app.db, editor, sessionId, new Date(Date.now() + 60 * 60_000))).toEqual({ id: sessionId, status: 'finished' })
    expect(await app.ok(admin, 'course', 'orderDetail', { id: placed.id })).toMatchObject({ status: 'delivered', sessions: [{ id: sessionId, status: 'finished' }] })
  })

  it('lets only a decider over the ordering branch decide, never the person who ordered', async () => {
    const placed = await app.ok(app.users['enterprise-admin'], 'course', 'orderCourse', order())
    const siblingCountyEditor = await app.newStaff('南湖区总工会', 'course_editor')
    await refusedWithoutWrites(siblingCountyEditor, 'acceptOrder', { id: placed.id }, 'NOT_FOUND')
    await refusedWithoutWrites(siblingCountyEditor, 'orderDetail', { id: placed.id }, 'NOT_FOUND')
    const siblingQueue = await app.ok(siblingCountyEditor, 'course', 'orders', { role: 'to_decide', limit: 50 })
    expect(siblingQueue.items.map((o) => o.id)).not.toContain(placed.id)
    // The town admin sees the order of an enterprise below, but a town does not run offline courses.
    await refusedWithoutWrites(app.users['town-admin'], 'acceptOrder', { id: placed.id }, 'TRAINING_NOT_DECIDER')
    await refusedWithoutWrites(app.users['enterprise-admin'], 'acceptOrder', { id: placed.id }, 'TRAINING_NOT_DECIDER')

    // The county admin orders for an enterprise below and may not then accept it.
    const own = await app.ok(app.users['county-admin'], 'course', 'orderCourse', order())
    await refusedWithoutWrites(app.users['county-admin'], 'acceptOrder', { id: own.id }, 'TRAINING_SELF_DECISION')
    await refusedWithoutWrites(app.users['county-admin'], 'declineOrder', { id: own.id, reason: '时间冲突' }, 'TRAINING_SELF_DECISION')
    // Someone else may; the orderer is told why.
    expect(await app.ok(countyEditor, 'course', 'declineOrder', { id: own.id, reason: '本月师资已排满，请下月再点' })).toEqual({ id: own.id, status: 'declined' })
    expect(await app.ok(app.users['county-admin'], 'course', 'orderDetail', { id: own.id })).toMatchObject({ declineReason: '本月师资已排满，请下月再点', canCancel: false })

    // Only the orderer withdraws, and only while it waits.
    await refusedWithoutWrites(app.users['county-admin'], 'cancelOrder', { id: placed.id }, 'TRAINING_NOT_ORDERER')
    expect(await app.ok(app.users['enterprise-admin'], 'course', 'cancelOrder', { id: placed.id })).toEqual({ id: placed.id, status: 'cancelled' })
    await refusedWithoutWrites(countyEditor, 'acceptOrder', { id: placed.id }, 'TRAINING_ORDER_STATE')
    await refusedWithoutWrites(countyEditor, 'saveSession', { orderId: placed.id, place: '会议室', startsAt: minutes(60), endsAt: minutes(120), capacity: 10 }, 'TRAINING_ORDER_STATE')
  })

  it('refuses orders that are not an enterprise’s, not orderable or not in the future', async () => {
    const admin = app.users['enterprise-admin']
    await refusedWithoutWrites(app.users['town-admin'], 'orderCourse', order({ branchId: town }), 'TRAINING_NOT_ENTERPRISE')
    await refusedWithoutWrites(admin, 'orderCourse', order({ branchId: await app.branchId('嘉兴王江泾织造有限公司工会') }), 'OUT_OF_SCOPE')
    await refusedWithoutWrites(admin, 'orderCourse', order({ preferredDates: [shanghaiDay(new Date())] }), 'TRAINING_DATE_PAST')
    const { courseId: plain } = await insertCourse(app.db, {
      title: '不接受点单的课程',
      createdBy: app.users['course-editor'],
      lessons: [{ title: '第一课', kind: 'article', html: '<p>内容</p>' }],
    })
    await refusedWithoutWrites(admin, 'orderCourse', order({ courseId: plain }), 'TRAINING_COURSE_NOT_ORDERABLE')
    const { courseId: siblingCourse } = await insertCourse(app.db, {
      title: '南湖区的课程',
      orderable: true,
      branchName: '南湖区总工会',
      createdBy: app.users['course-editor'],
      lessons: [{ title: '第一课', kind: 'article', html: '<p>内容</p>' }],
    })
    await refusedWithoutWrites(admin, 'orderCourse', order({ courseId: siblingCourse }), 'TRAINING_COURSE_NOT_ORDERABLE')
    const duplicate = await app.fail(admin, 'course', 'orderCourse', order({ preferredDates: [tomorrow, tomorrow] }))
    expect(duplicate.code).toBe('VALIDATION_FAILED')
  })

  it('keeps sign-ups to the audience and organisers off their own sessions', async () => {
    const sessionId = await schedule(5)
    await refusedWithoutWrites(app.users['sibling-member'], 'signUp', { sessionId }, 'NOT_FOUND')
    await refusedWithoutWrites(app.users['sibling-member'], 'sessionDetail', { id: sessionId }, 'NOT_FOUND')
    const siblingOpen = await app.ok(app.users['sibling-member'], 'course', 'sessions', { view: 'open', limit: 50 })
    expect(siblingOpen.items.map((s) => s.id)).not.toContain(sessionId)
    await refusedWithoutWrites(await app.newStaff('南湖区总工会', 'course_editor'), 'sessionRoster', { sessionId }, 'NOT_FOUND')
    await refusedWithoutWrites(await app.newStaff('南湖区总工会', 'course_editor'), 'checkinCode', { sessionId }, 'NOT_FOUND')
    // A county editor who is also a member of the enterprise: organiser, so not a participant.
    const [editorMember] = await workers(1)
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'course_editor', (SELECT id FROM branch WHERE name = '秀洲区总工会'))`, [editorMember.userId])
    await refusedWithoutWrites(editorMember.userId, 'signUp', { sessionId }, 'TRAINING_SELF_SERVICE')
    // A town-wide session is open to the town's enterprises, the sibling town's excepted.
    const townSession = await schedule(5, { audience: town })
    expect(await app.ok(app.users.member, 'course', 'signUp', { sessionId: townSession })).toMatchObject({ status: 'signed' })
    await refusedWithoutWrites(app.users['sibling-member'], 'signUp', { sessionId: townSession }, 'NOT_FOUND')
    // A smaller capacity than the signed is refused; a bigger one promotes the waitlist at once.
    const small = await schedule(1)
    const [a, b, c] = await workers(3)
    for (const w of [a, b, c]) await app.ok(w.userId, 'course', 'signUp', { sessionId: small })
    const [current] = await app.db.query<{ starts_at: Date; ends_at: Date }>('SELECT starts_at, ends_at FROM course_session WHERE id = $1', [small])
    const edit = { id: small, place: '油车港镇职工学校 201 教室', startsAt: current.starts_at.toISOString(), endsAt: current.ends_at.toISOString() }
    expect(await app.ok(countyEditor, 'course', 'saveSession', { ...edit, capacity: 3 })).toEqual({ id: small, promoted: 2 })
    await refusedWithoutWrites(countyEditor, 'saveSession', { ...edit, capacity: 2 }, 'TRAINING_CAPACITY_BELOW_SIGNED')
    // Cancelling the session tells everyone signed up.
    await app.ok(countyEditor, 'course', 'cancelSession', { id: small, reason: '台风预警，培训延期' })
    for (const w of [a, b, c]) {
      const told = await app.db.query(`SELECT 1 FROM message WHERE user_id = $1 AND kind = 'training_session_cancelled'`, [w.userId])
      expect(told).toHaveLength(1)
    }
    await refusedWithoutWrites(a.userId, 'cancelSignup', { sessionId: small }, 'TRAINING_SESSION_STATE')
    await refusedWithoutWrites(countyEditor, 'saveSession', { courseId, audienceBranchId: enterprise, place: '会议室', startsAt: minutes(-5), endsAt: minutes(60), capacity: 5 }, 'TRAINING_SESSION_TIME')
  })

  it('refuses forged, expired and foreign check-in codes, and check-in outside its hours', async () => {
    const sessionId = await schedule(5)
    const [worker] = await workers(1)
    await app.ok(worker.userId, 'course', 'signUp', { sessionId })
    const secret = await secretOf(sessionId)
    await refusedWithoutWrites(worker.userId, 'checkIn', { code: `${sessionId}-ABCDEFGH` }, 'TRAINING_CHECKIN_CODE_INVALID')
    await refusedWithoutWrites(worker.userId, 'checkIn', { code: checkinCodeFor(secret, sessionId, new Date(Date.now() - 5 * 60_000)) }, 'TRAINING_CHECKIN_CODE_EXPIRED')
    // Another session's code under this session's id: the HMAC does not match.
    const other = await schedule(5)
    const foreign = checkinCodeFor(await secretOf(other), other, new Date()).replace(`${other}-`, `${sessionId}-`)
    await refusedWithoutWrites(worker.userId, 'checkIn', { code: foreign }, 'TRAINING_CHECKIN_CODE_INVALID')
    await refusedWithoutWrites(worker.userId, 'checkIn', { code: '999999999-ABCDEFGH' }, 'TRAINING_CHECKIN_CODE_INVALID')
    expect((await app.fail(worker.userId, 'course', 'checkIn', { code: 'not a code' })).code).toBe('VALIDATION_FAILED')
    // A session three hours ahead has not opened check-in; nor does its organiser get a code yet.
    const later = await schedule(5, { startsIn: 180 })
    await app.ok(worker.userId, 'course', 'signUp', { sessionId: later })
    await refusedWithoutWrites(countyEditor, 'checkinCode', { sessionId: later }, 'TRAINING_CHECKIN_CLOSED')
    await refusedWithoutWrites(worker.userId, 'checkIn', { code: checkinCodeFor(await secretOf(later), later, new Date()) }, 'TRAINING_CHECKIN_CLOSED')
    // The code of the minute before still works (a member scanning as it turns over).
    expect(await app.ok(worker.userId, 'course', 'checkIn', { code: checkinCodeFor(secret, sessionId, new Date(Date.now() - 60_000)) })).toMatchObject({ firstTime: true })
  })
})

describe('lists', () => {
  it('pages open sessions soonest first, the member\'s sign-ups and the roster, and refuses a forged cursor', async () => {
    const [worker] = await workers(1)
    const ids = [await schedule(3, { startsIn: 300 }), await schedule(3, { startsIn: 200 }), await schedule(3, { startsIn: 400 })]
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number; startsAt: string }[]; nextCursor: string | null } = await app.ok(worker.userId, 'course', 'sessions', { view: 'open', cursor, limit: 2 })
      seen.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    const ours = seen.filter((id) => ids.includes(id))
    expect(ours).toEqual([ids[1], ids[0], ids[2]])
    for (const id of ids) await app.ok(worker.userId, 'course', 'signUp', { sessionId: id })
    const mine = await app.ok(worker.userId, 'course', 'sessions', { view: 'mine', limit: 2 })
    expect(mine.items.map((s) => s.id)).toEqual([ids[2], ids[0]])
    const rest = await app.ok(worker.userId, 'course', 'sessions', { view: 'mine', cursor: mine.nextCursor, limit: 2 })
    expect(rest).toEqual({ items: [expect.objectContaining({ id: ids[1], myStatus: 'signed' })], nextCursor: null })
    const managed = await app.ok(countyEditor, 'course', 'sessions', { view: 'manage', limit: 50 })
    expect(managed.items.map((s) => s.id)).toEqual(expect.arrayContaining(ids))

    const people = await workers(3)
    for (const p of people) await app.ok(p.userId, 'course', 'signUp', { sessionId: ids[0] })
    const first = await app.ok(countyEditor, 'course', 'sessionRoster', { sessionId: ids[0], limit: 3 })
    const second = await app.ok(countyEditor, 'course', 'sessionRoster', { sessionId: ids[0], cursor: first.nextCursor, limit: 3 })
    expect([...first.items, ...second.items].map((r) => r.status)).toEqual(['signed', 'signed', 'signed', 'waitlisted'])
    expect(second.nextCursor).toBeNull()

    const forged = Buffer.from(JSON.stringify({ t: 'yesterday', id: -1 })).toString('base64url')
    expect((await app.fail(worker.userId, 'course', 'sessions', { view: 'open', cursor: forged, limit: 2 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(countyEditor, 'course', 'orders', { role: 'to_decide', cursor: forged, limit: 2 })).code).toBe('VALIDATION_FAILED')
  })
})

describe('capacity under concurrency', () => {
  it('gives the last place to one of two members signing up at once; the other is waitlisted', async () => {
    const sessionId = await schedule(2)
    const [first, ...racers] = await workers(3)
    await app.ok(first.userId, 'course', 'signUp', { sessionId })
    const results = await Promise.all(racers.map((w) => app.ok(w.userId, 'course', 'signUp', { sessionId })))
    expect(results.map((r) => r.status).sort()).toEqual(['signed', 'waitlisted'])
    const [row] = await app.db.query<{ signed_count: number }>('SELECT signed_count FROM course_session WHERE id = $1', [sessionId])
    expect(row.signed_count).toBe(2)
  })

  it('30 sign-ups at once for 10 places: exactly 10 signed, 20 waitlisted in order; 5 cancellations at once promote the 5 earliest', async () => {
    const sessionId = await schedule(10)
    const members = await workers(30)
    const results = await Promise.all(members.map((w) => app.ok(w.userId, 'course', 'signUp', { sessionId })))
    expect(results.filter((r) => r.status === 'signed')).toHaveLength(10)
    const waitlisted = results.filter((r) => r.status === 'waitlisted')
    expect(waitlisted.map((r) => r.waitlistPosition).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    // Every signed member queued before every waitlisted one, and the queue is the order they came in.
    const queue = await app.db.query<{ member_id: number; status: string }>(
      'SELECT member_id, status FROM course_session_signup WHERE session_id = $1 ORDER BY queued_at, member_id',
      [sessionId],
    )
    expect(queue.map((q) => q.status)).toEqual([...Array(10).fill('signed'), ...Array(20).fill('waitlisted')])
    const signed = queue.slice(0, 10).map((q) => q.member_id)
    const waiting = queue.slice(10).map((q) => q.member_id)
    const byMember = new Map(members.map((m) => [m.memberId, m.userId]))

    const leaving = signed.slice(0, 5).map((id) => byMember.get(id) as number)
    const cancelled = await Promise.all(leaving.map((userId) => app.ok(userId, 'course', 'cancelSignup', { sessionId })))
    expect(cancelled.every((c) => c.promoted)).toBe(true)
    const after = await app.db.query<{ member_id: number }>(
      `SELECT member_id FROM course_session_signup WHERE session_id = $1 AND status = 'signed' ORDER BY member_id`,
      [sessionId],
    )
    expect(after.map((a) => a.member_id)).toEqual([...signed.slice(5), ...waiting.slice(0, 5)].sort((x, y) => x - y))
    const [row] = await app.db.query<{ signed_count: number }>('SELECT signed_count FROM course_session WHERE id = $1', [sessionId])
    expect(row.signed_count).toBe(10)
    const detail = await app.ok(byMember.get(waiting[5]) as number, 'course', 'sessionDetail', { id: sessionId })
    expect(detail).toMatchObject({ myStatus: 'waitlisted', waitlistPosition: 1, waitlistCount: 15 })
  })

  it('makes one order of the same request sent twice at once', async () => {
    const input = order()
    const results = await Promise.all(Array.from({ length: 12 }, () => app.ok(app.users['enterprise-admin'], 'course', 'orderCourse', input)))
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    const rows = await app.db.query('SELECT 1 FROM course_order WHERE request_id = $1', [input.requestId])
    expect(rows).toHaveLength(1)
  })

  // Needs a second connection held inside a transaction: PGlite has one, and would wait forever.
  it.runIf(process.env.TEST_DB === 'pg')('answers a retry that waited on the first attempt\'s insert with that order', async () => {
    const input = order()
    const [enterpriseAdmin] = await app.db.query<{ user_id: number }>(`SELECT id AS user_id FROM app_user WHERE demo_key = 'enterprise-admin'`)
    let retry: ReturnType<TestApp['call']> | null = null
    const first = await app.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO course_order (course_id, branch_id, branch_path, ordered_by, headcount, preferred_dates, contact_name, contact_phone, request_id)
         SELECT $1, b.id, b.path, $2, 30, ARRAY[$3::date], '李伟', '13857300003', $4 FROM branch b WHERE b.id = $5 RETURNING id`,
        [courseId, enterpriseAdmin.user_id, tomorrow, input.requestId, enterprise],
      )
      retry = app.call(app.users['enterprise-admin'], 'course', 'orderCourse', input)
      // The retry's insert now waits for this transaction's row: commit once it does.
      await expect
        .poll(async () => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO course_order%'`))[0].n)
        .toBe(1)
      return row.id
    })
    expect(await retry).toEqual({ ok: true, data: { id: first, status: 'requested' } })
  })

  it('checks a member in once when the same code is scanned twice at once', async () => {
    const sessionId = await schedule(5)
    const [worker] = await workers(1)
    await app.ok(worker.userId, 'course', 'signUp', { sessionId })
    const { code } = await app.ok(countyEditor, 'course', 'checkinCode', { sessionId })
    const results = await Promise.all([0, 1, 2].map(() => app.ok(worker.userId, 'course', 'checkIn', { code })))
    expect(results.filter((r) => r.firstTime)).toHaveLength(1)
    expect(new Set(results.map((r) => r.certificateCode)).size).toBe(1)
    const points = await app.db.query(`SELECT 1 FROM points_ledger WHERE member_id = $1 AND rule = 'course_completed'`, [worker.memberId])
    expect(points).toHaveLength(1)
  })
})
