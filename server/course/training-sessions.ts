import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { SessionStatus, SignupStatus } from '../../src/shared/api/course-common'
import type { CourseRef, RosterLine, SaveSessionInput, SessionDetail, SessionSummary, SignupState } from '../../src/shared/api/course-training'
import { maskPhone } from '../../src/shared/id-number'
import { routes, withQuery } from '../../src/routes'
import { requireMember } from '../caller'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { ancestorPaths } from '../library/books'
import { notify } from '../notify'
import { findBranch, inSubtreesSql } from '../scope'
import type { BranchRef } from '../sql'
import { audit, branchRefSql, iso } from '../sql'
import { courseRefSql, deciderPaths, isDecider, organiserFor, requireDecider } from './training-scope'

/**
 * 送单 (issue 12 §2): sessions with a place, a time and a capacity, and members' sign-ups.
 *
 * Capacity is kept under the session's row lock: every sign-up, cancellation and capacity change
 * locks the session first, so `signed_count` and the statuses move together and two members can
 * never both take the last place. Whenever a place frees up (a cancellation, a bigger capacity)
 * the earliest on the waitlist takes it in the same transaction, so a free place and a waiting
 * member never coexist: a new sign-up is signed exactly when signed_count < capacity.
 */

/** Check-in opens this long before the start (members arrive early). */
export const checkinLeadMs = 30 * 60_000

interface SessionRow {
  id: number
  course: CourseRef
  order_id: number | null
  audience: BranchRef
  organiser: BranchRef
  audience_path: string
  organiser_path: string
  place: string
  starts_at: Date
  ends_at: Date
  capacity: number
  signed_count: number
  waitlist_count: number
  status: SessionStatus
  my_status: SignupStatus | null
  waitlist_position: number | null
}

/** `$1` is the caller's member id (or NULL): their own sign-up and waitlist place come along. */
const sessionSelect = `
  SELECT s.id, ${courseRefSql('c')} AS course, s.order_id, ${branchRefSql('ab')} AS audience, ${branchRefSql('ob')} AS organiser,
         s.audience_path, ob.path AS organiser_path, s.place, s.starts_at, s.ends_at, s.capacity, s.signed_count, s.status,
         (SELECT count(*)::int FROM course_session_signup w WHERE w.session_id = s.id AND w.status = 'waitlisted') AS waitlist_count,
         me.status AS my_status,
         CASE WHEN me.status = 'waitlisted' THEN
           (SELECT count(*)::int + 1 FROM course_session_signup w
             WHERE w.session_id = s.id AND w.status = 'waitlisted' AND (w.queued_at, w.member_id) < (me.queued_at, me.member_id))
         END AS waitlist_position
    FROM course_session s
    JOIN course c ON c.id = s.course_id
    JOIN branch ab ON ab.id = s.audience_branch_id
    JOIN branch ob ON ob.id = s.organiser_branch_id
    LEFT JOIN course_session_signup me ON me.session_id = s.id AND me.member_id = $1`

function summaryOf(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    course: row.course,
    orderId: row.order_id,
    audience: row.audience,
    organiser: row.organiser,
    place: row.place,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    capacity: row.capacity,
    signedCount: row.signed_count,
    waitlistCount: row.waitlist_count,
    status: row.status,
    myStatus: row.my_status,
    waitlistPosition: row.waitlist_position,
  }
}

const notFound = () => new AppError('NOT_FOUND', '培训场次不存在')

/** A member sees a session whose audience is their branch or above it, or one they signed up for. */
function memberSees(caller: Caller, row: { audience_path: string; my_status: SignupStatus | null }): boolean {
  return caller.member !== null && (row.my_status !== null || ancestorPaths(caller.member.branchPath).includes(row.audience_path))
}

/** Sessions matching `where` (parameters from $2), for an order's detail: upcoming first. */
export async function listSessionsWhere(db: Queryable, caller: Caller, where: string, params: unknown[]): Promise<SessionSummary[]> {
  const rows = await db.query<SessionRow>(`${sessionSelect} WHERE ${where} ORDER BY s.starts_at, s.id`, [caller.member?.id ?? null, ...params])
  return rows.map(summaryOf)
}

const sessionsCursor = z.object({ t: cursorTime, id: cursorId }).strict()

export async function listSessions(
  db: Queryable,
  caller: Caller,
  input: { view: 'open' | 'mine' | 'manage'; cursor?: string | null; limit: number },
  now = new Date(),
): Promise<{ items: SessionSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, sessionsCursor)
  // $1 member, $2..$4 the page; each view's own parameters follow.
  let where: string
  let params: unknown[]
  // Open sessions come soonest first; the member's own and the organiser's, latest first.
  let ascending = false
  if (input.view === 'manage') {
    where = inSubtreesSql('ob.path', '$5')
    params = [deciderPaths(caller)]
  } else if (input.view === 'open') {
    where = `s.status = 'scheduled' AND s.ends_at > $5 AND s.audience_path = ANY($6::text[])`
    params = [now, ancestorPaths(requireMember(caller).branchPath)]
    ascending = true
  } else {
    requireMember(caller)
    where = `me.member_id IS NOT NULL AND me.status <> 'cancelled'`
    params = []
  }
  const keyset = ascending ? '(s.starts_at, s.id) > ($2::timestamptz, $3::int)' : '(s.starts_at, s.id) < ($2::timestamptz, $3::int)'
  const order = ascending ? 's.starts_at, s.id' : 's.starts_at DESC, s.id DESC'
  const rows = await db.query<SessionRow>(
    `${sessionSelect}
      WHERE ${where} AND ($2::timestamptz IS NULL OR ${keyset})
      ORDER BY ${order}
      LIMIT $4`,
    [caller.member?.id ?? null, after?.t ?? null, after?.id ?? 0, input.limit + 1, ...params],
  )
  return pageOf(rows, input.limit, summaryOf, (r) => ({ t: iso(r.starts_at), id: r.id }))
}

async function loadSession(db: Queryable, caller: Caller, sessionId: number): Promise<SessionRow & { canManage: boolean }> {
  const [row] = await db.query<SessionRow>(`${sessionSelect} WHERE s.id = $2`, [caller.member?.id ?? null, sessionId])
  if (!row) throw notFound()
  const canManage = isDecider(caller, row.organiser_path)
  if (!canManage && !memberSees(caller, row)) throw notFound()
  return { ...row, canManage }
}

export async function sessionDetail(db: Queryable, caller: Caller, sessionId: number, now = new Date()): Promise<SessionDetail> {
  const row = await loadSession(db, caller, sessionId)
  const [extra] = await db.query<{ attended: number; code: string | null }>(
    `SELECT (SELECT count(*)::int FROM course_session_signup WHERE session_id = $1 AND status = 'attended') AS attended,
            (SELECT code FROM course_certificate WHERE course_id = $2 AND member_id = $3 AND $4) AS code`,
    [sessionId, row.course.id, caller.member?.id ?? null, row.my_status === 'attended'],
  )
  const inAudience = caller.member !== null && ancestorPaths(caller.member.branchPath).includes(row.audience_path)
  return {
    ...summaryOf(row),
    canManage: row.canManage,
    canSignUp: inAudience && !row.canManage && row.status === 'scheduled' && now < row.starts_at,
    checkinOpensAt: iso(new Date(row.starts_at.getTime() - checkinLeadMs)),
    attendedCount: extra.attended,
    certificateCode: extra.code,
  }
}

/** The session locked for a change of its places, with what the checks need. */
async function lockSession(tx: Queryable, sessionId: number) {
  const [row] = await tx.query<{
    id: number
    course_id: number
    course_title: string
    order_id: number | null
    audience_path: string
    organiser_path: string
    place: string
    starts_at: Date
    ends_at: Date
    capacity: number
    signed_count: number
    status: SessionStatus
  }>(
    `SELECT s.id, s.course_id, c.title AS course_title, s.order_id, s.audience_path, ob.path AS organiser_path, s.place,
            s.starts_at, s.ends_at, s.capacity, s.signed_count, s.status
       FROM course_session s JOIN course c ON c.id = s.course_id JOIN branch ob ON ob.id = s.organiser_branch_id
      WHERE s.id = $1 FOR UPDATE OF s`,
    [sessionId],
  )
  return row ?? null
}
type LockedSession = NonNullable<Awaited<ReturnType<typeof lockSession>>>

async function lockManaged(tx: Queryable, caller: Caller, sessionId: number): Promise<LockedSession> {
  const row = await lockSession(tx, sessionId)
  if (!row || !isDecider(caller, row.organiser_path)) throw notFound()
  return row
}

function sessionPayload(s: LockedSession) {
  return { title: s.course_title, startsAt: iso(s.starts_at), place: s.place }
}

/**
 * Moves the earliest `places` waitlisted members to signed, under the session lock the caller holds,
 * and tells each. Returns how many moved.
 */
async function promoteWaitlist(tx: Queryable, session: LockedSession, places: number, now: Date): Promise<number> {
  if (places <= 0) return 0
  const promoted = await tx.query<{ user_id: number | null }>(
    `WITH next AS (
       SELECT member_id FROM course_session_signup
        WHERE session_id = $1 AND status = 'waitlisted' ORDER BY queued_at, member_id LIMIT $2
     ), moved AS (
       UPDATE course_session_signup su SET status = 'signed', updated_at = $3
         FROM next WHERE su.session_id = $1 AND su.member_id = next.member_id
       RETURNING su.member_id
     )
     SELECT m.user_id FROM moved JOIN member m ON m.id = moved.member_id`,
    [session.id, places, now],
  )
  if (promoted.length === 0) return 0
  await tx.query('UPDATE course_session SET signed_count = signed_count + $2, updated_at = $3 WHERE id = $1', [session.id, promoted.length, now])
  for (const { user_id } of promoted) {
    if (user_id === null) continue
    await notify(tx, {
      userId: user_id,
      kind: 'training_waitlist_promoted',
      source: `course_session:${session.id}`,
      title: `候补成功：「${session.course_title}」`,
      body: `有学员取消了报名，您已获得名额。请按时到「${session.place}」参加培训，现场扫码签到。`,
      link: withQuery(routes.trainingSession, { id: session.id }),
      payload: sessionPayload(session),
    })
  }
  return promoted.length
}

export async function saveSession(db: Db, caller: Caller, input: SaveSessionInput, now = new Date()): Promise<{ id: number; promoted: number }> {
  const startsAt = new Date(input.startsAt)
  const endsAt = new Date(input.endsAt)
  return db.transaction(async (tx) => {
    if (input.id !== undefined) {
      const session = await lockManaged(tx, caller, input.id)
      if (session.status !== 'scheduled') throw new AppError('TRAINING_SESSION_STATE')
      // A session already under way keeps its start; a new start must still be ahead.
      if (startsAt.getTime() !== session.starts_at.getTime() && startsAt <= now) throw new AppError('TRAINING_SESSION_TIME')
      if (input.capacity < session.signed_count) {
        throw new AppError('TRAINING_CAPACITY_BELOW_SIGNED', `已有 ${session.signed_count} 人报名，名额不能少于 ${session.signed_count}`)
      }
      await tx.query(
        'UPDATE course_session SET place = $2, starts_at = $3, ends_at = $4, capacity = $5, updated_at = $6 WHERE id = $1',
        [input.id, input.place, startsAt, endsAt, input.capacity, now],
      )
      const promoted = await promoteWaitlist(tx, { ...session, place: input.place, starts_at: startsAt }, input.capacity - session.signed_count, now)
      return { id: input.id, promoted }
    }
    if (startsAt <= now) throw new AppError('TRAINING_SESSION_TIME')
    let courseId: number
    let audience: { id: number; path: string }
    let orderedBy: number | null = null
    if (input.orderId !== undefined) {
      const [order] = await tx.query<{ course_id: number; branch_id: number; branch_path: string; status: string; ordered_by: number }>(
        'SELECT course_id, branch_id, branch_path, status, ordered_by FROM course_order WHERE id = $1 FOR SHARE',
        [input.orderId],
      )
      if (!order || !isDecider(caller, order.branch_path)) throw new AppError('NOT_FOUND', '点单不存在')
      if (order.status !== 'accepted') throw new AppError('TRAINING_ORDER_STATE', '点单受理后才能安排培训')
      courseId = order.course_id
      audience = { id: order.branch_id, path: order.branch_path }
      orderedBy = order.ordered_by
    } else {
      const branch = await findBranch(tx, input.audienceBranchId ?? 0)
      if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
      requireDecider(caller, branch.path)
      const [course] = await tx.query<{ id: number }>(
        `SELECT id FROM course WHERE id = $1 AND status = 'published' AND branch_path = ANY($2::text[])`,
        [input.courseId, ancestorPaths(branch.path)],
      )
      if (!course) throw new AppError('TRAINING_COURSE_NOT_ORDERABLE', '课程未发布或不对所选组织的会员开放')
      courseId = course.id
      audience = branch
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO course_session (course_id, order_id, organiser_branch_id, audience_branch_id, audience_path, place, starts_at, ends_at, capacity, checkin_secret, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
      [courseId, input.orderId ?? null, organiserFor(caller, audience.path), audience.id, audience.path, input.place, startsAt, endsAt, input.capacity, randomBytes(32).toString('hex'), caller.userId, now],
    )
    if (orderedBy !== null) {
      // The enterprise that ordered it spreads the word among its workers.
      const [course] = await tx.query<{ title: string }>('SELECT title FROM course WHERE id = $1', [courseId])
      await notify(tx, {
        userId: orderedBy,
        kind: 'training_session_scheduled',
        source: `course_session:${row.id}`,
        title: `「${course.title}」已安排培训`,
        body: `地点：${input.place}，名额 ${input.capacity} 人。请通知本单位职工在“线下课程”中报名。`,
        link: withQuery(routes.trainingOrder, { id: input.orderId ?? 0 }),
        payload: { title: course.title, startsAt: iso(startsAt), place: input.place },
      })
    }
    return { id: row.id, promoted: 0 }
  })
}

export async function cancelSession(db: Db, caller: Caller, input: { id: number; reason: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const session = await lockManaged(tx, caller, input.id)
    if (session.status === 'cancelled') return { id: input.id, status: session.status }
    if (session.status !== 'scheduled') throw new AppError('TRAINING_SESSION_STATE', '培训已结束，不能取消')
    await tx.query(`UPDATE course_session SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [input.id, now])
    const told = await tx.query<{ user_id: number }>(
      `SELECT m.user_id FROM course_session_signup su JOIN member m ON m.id = su.member_id
        WHERE su.session_id = $1 AND su.status IN ('signed', 'waitlisted') AND m.user_id IS NOT NULL`,
      [input.id],
    )
    for (const { user_id } of told) {
      await notify(tx, {
        userId: user_id,
        kind: 'training_session_cancelled',
        source: `course_session:${input.id}`,
        title: `培训取消：「${session.course_title}」`,
        body: `原定在「${session.place}」举行的培训已取消。原因：${input.reason}`,
        link: withQuery(routes.trainingSession, { id: input.id }),
        payload: { ...sessionPayload(session), reason: input.reason },
      })
    }
    return { id: input.id, status: 'cancelled' as const }
  })
}

/** 结束培训: the session is over (or under way); its order, if any, has been delivered (送单). */
export async function finishSession(db: Db, caller: Caller, sessionId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const session = await lockManaged(tx, caller, sessionId)
    if (session.status === 'finished') return { id: sessionId, status: session.status }
    if (session.status !== 'scheduled') throw new AppError('TRAINING_SESSION_STATE')
    if (now < session.starts_at) throw new AppError('TRAINING_SESSION_NOT_STARTED')
    await tx.query(`UPDATE course_session SET status = 'finished', updated_at = $2 WHERE id = $1`, [sessionId, now])
    if (session.order_id !== null) {
      await tx.query(`UPDATE course_order SET status = 'delivered', updated_at = $2 WHERE id = $1 AND status = 'accepted'`, [session.order_id, now])
    }
    return { id: sessionId, status: 'finished' as const }
  })
}

async function signupState(tx: Queryable, sessionId: number, memberId: number): Promise<SignupState> {
  const [row] = await tx.query<{ status: SignupStatus; position: number | null; signed_count: number }>(
    `SELECT me.status, s.signed_count,
            CASE WHEN me.status = 'waitlisted' THEN
              (SELECT count(*)::int + 1 FROM course_session_signup w
                WHERE w.session_id = me.session_id AND w.status = 'waitlisted' AND (w.queued_at, w.member_id) < (me.queued_at, me.member_id))
            END AS position
       FROM course_session_signup me JOIN course_session s ON s.id = me.session_id
      WHERE me.session_id = $1 AND me.member_id = $2`,
    [sessionId, memberId],
  )
  return { sessionId, status: row.status, waitlistPosition: row.position, signedCount: row.signed_count }
}

/** The session locked for a member's sign-up or cancellation, after checking they may see it and are not its organiser. */
async function lockForMember(tx: Queryable, caller: Caller, member: NonNullable<Caller['member']>, sessionId: number) {
  const session = await lockSession(tx, sessionId)
  if (!session) throw notFound()
  const [mine] = await tx.query<{ status: SignupStatus }>(
    'SELECT status FROM course_session_signup WHERE session_id = $1 AND member_id = $2 FOR UPDATE',
    [sessionId, member.id],
  )
  if (!memberSees(caller, { audience_path: session.audience_path, my_status: mine?.status ?? null })) throw notFound()
  if (isDecider(caller, session.organiser_path)) throw new AppError('TRAINING_SELF_SERVICE')
  return { session, mine: mine?.status ?? null }
}

export async function signUp(db: Db, caller: Caller, sessionId: number, now = new Date()): Promise<SignupState> {
  const member = requireMember(caller)
  return db.transaction(async (tx) => {
    const { session, mine } = await lockForMember(tx, caller, member, sessionId)
    if (mine !== null && mine !== 'cancelled') return signupState(tx, sessionId, member.id)
    // Someone who saw the session once but has since moved branch may not sign up again.
    if (!ancestorPaths(member.branchPath).includes(session.audience_path)) throw notFound()
    if (session.status !== 'scheduled') throw new AppError('TRAINING_SESSION_STATE')
    if (now >= session.starts_at) throw new AppError('TRAINING_SIGNUP_CLOSED')
    const status: SignupStatus = session.signed_count < session.capacity ? 'signed' : 'waitlisted'
    // clock_timestamp(): two sign-ups in one statement's time still queue in the order they ran.
    await tx.query(
      `INSERT INTO course_session_signup (session_id, member_id, status, queued_at, updated_at) VALUES ($1, $2, $3, clock_timestamp(), $4)
       ON CONFLICT (session_id, member_id) DO UPDATE SET status = EXCLUDED.status, queued_at = EXCLUDED.queued_at, updated_at = EXCLUDED.updated_at`,
      [sessionId, member.id, status, now],
    )
    if (status === 'signed') await tx.query('UPDATE course_session SET signed_count = signed_count + 1, updated_at = $2 WHERE id = $1', [sessionId, now])
    return signupState(tx, sessionId, member.id)
  })
}

export async function cancelSignup(db: Db, caller: Caller, sessionId: number, now = new Date()): Promise<SignupState & { promoted: boolean }> {
  const member = requireMember(caller)
  return db.transaction(async (tx) => {
    const { session, mine } = await lockForMember(tx, caller, member, sessionId)
    if (mine === null) throw new AppError('NOT_FOUND', '您没有报名这场培训')
    if (mine === 'cancelled') return { ...(await signupState(tx, sessionId, member.id)), promoted: false }
    if (mine === 'attended') throw new AppError('TRAINING_ALREADY_ATTENDED')
    if (session.status !== 'scheduled') throw new AppError('TRAINING_SESSION_STATE')
    if (now >= session.starts_at) throw new AppError('TRAINING_SIGNUP_CLOSED')
    await tx.query(`UPDATE course_session_signup SET status = 'cancelled', updated_at = $3 WHERE session_id = $1 AND member_id = $2`, [sessionId, member.id, now])
    let promoted = 0
    if (mine === 'signed') {
      await tx.query('UPDATE course_session SET signed_count = signed_count - 1, updated_at = $2 WHERE id = $1', [sessionId, now])
      promoted = await promoteWaitlist(tx, session, 1, now)
    }
    return { ...(await signupState(tx, sessionId, member.id)), promoted: promoted > 0 }
  })
}

const rosterCursor = z.object({ o: z.number().int().min(0).max(1_000_000) }).strict()

/**
 * The roster for the organiser's staff: names and branches (they call the roll), phones masked.
 * Offset paging: a session holds at most its capacity plus its waitlist. Each page read is logged.
 */
export async function sessionRoster(
  db: Queryable,
  caller: Caller,
  input: { sessionId: number; status?: SignupStatus; cursor?: string | null; limit: number },
): Promise<{ items: RosterLine[]; nextCursor: string | null }> {
  const offset = decodeCursor(input.cursor, rosterCursor)?.o ?? 0
  const [session] = await db.query<{ organiser_path: string }>(
    'SELECT ob.path AS organiser_path FROM course_session s JOIN branch ob ON ob.id = s.organiser_branch_id WHERE s.id = $1',
    [input.sessionId],
  )
  if (!session || !isDecider(caller, session.organiser_path)) throw notFound()
  const rows = await db.query<{ member_id: number; name: string; branch_name: string; phone: string; status: SignupStatus; queued_at: Date; checked_in_at: Date | null }>(
    `SELECT su.member_id, m.name, b.name AS branch_name, m.phone, su.status, su.queued_at, su.checked_in_at
       FROM course_session_signup su JOIN member m ON m.id = su.member_id JOIN branch b ON b.id = m.branch_id
      WHERE su.session_id = $1 AND ($2::text IS NULL OR su.status = $2)
      ORDER BY CASE su.status WHEN 'attended' THEN 0 WHEN 'signed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, su.queued_at, su.member_id
      LIMIT $3 OFFSET $4`,
    [input.sessionId, input.status ?? null, input.limit + 1, offset],
  )
  const page = pageOf(
    rows.map((r, i) => ({ ...r, o: offset + i + 1 })),
    input.limit,
    (r): RosterLine => ({
      name: r.name,
      branchName: r.branch_name,
      phoneMasked: maskPhone(r.phone),
      status: r.status,
      queuedAt: iso(r.queued_at),
      checkedInAt: r.checked_in_at ? iso(r.checked_in_at) : null,
    }),
    (r) => ({ o: r.o }),
  )
  if (page.items.length > 0) {
    await audit(db, {
      actor: caller.userId,
      action: 'training_roster_read',
      targetType: 'course_session',
      targetIds: [input.sessionId],
      detail: { members: rows.slice(0, input.limit).map((r) => r.member_id) },
    })
  }
  return page
}
