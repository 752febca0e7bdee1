import { z } from 'zod'
import type { RosterEntry, SignupResult } from '../../src/shared/api/dating-event'
import type { EventSignupStatus, Gender } from '../../src/shared/api/dating-common'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { notify, sentence } from '../notify'
import { audit, iso, isoOrNull } from '../sql'
import type { Dater } from './dater'
import { cardColumns, cardJoin, cardsOf, eventNotFound, loadEvent, requireManagedEvent, requireMemberEvent, summaryOf } from './events'
import type { CardRow, EventRow } from './events'
import { photosExpireAt } from './photos'

/**
 * 联谊活动 sign-ups. Places per gender are counted in dating_event.taken_* (pending and approved
 * sign-ups hold one), changed only under the event's row lock, so the last place goes to exactly
 * one of two members signing up at once and the other is waitlisted. A place that frees (a
 * cancellation, a rejection) goes to the earliest waitlisted member of that gender.
 */

const holdsPlace = (status: EventSignupStatus) => status === 'pending' || status === 'approved'
const takenColumn = (gender: Gender) => (gender === 'male' ? 'taken_male' : 'taken_female')

async function placesLeft(tx: Queryable, eventId: number) {
  const event = await loadEvent(tx, eventId)
  if (!event) throw eventNotFound()
  return summaryOf(event, new Date()).placesLeft
}

async function waitlistPosition(tx: Queryable, eventId: number, memberId: number): Promise<number | null> {
  const [row] = await tx.query<{ position: number }>(
    `SELECT (SELECT count(*)::int FROM dating_event_signup w
              WHERE w.event_id = s.event_id AND w.gender = s.gender AND w.status = 'waitlisted' AND w.queued_at <= s.queued_at) AS position
       FROM dating_event_signup s WHERE s.event_id = $1 AND s.member_id = $2 AND s.status = 'waitlisted'`,
    [eventId, memberId],
  )
  return row?.position ?? null
}

async function resultOf(tx: Queryable, eventId: number, memberId: number, status: EventSignupStatus): Promise<SignupResult> {
  return { eventId, status, waitlistPosition: await waitlistPosition(tx, eventId, memberId), placesLeft: await placesLeft(tx, eventId) }
}

/**
 * Frees the place a sign-up held and gives it to the earliest waitlisted member of that gender
 * (who is told), while the event has not started. Call under the event's row lock.
 */
async function freePlace(tx: Queryable, event: EventRow, gender: Gender, now: Date): Promise<void> {
  const column = takenColumn(gender)
  await tx.query(`UPDATE dating_event SET ${column} = ${column} - 1, updated_at = now() WHERE id = $1`, [event.id])
  if (event.status !== 'published' || now >= event.starts_at) return
  const [promoted] = await tx.query<{ member_id: number; user_id: number; queued_ms: string }>(
    `UPDATE dating_event_signup s SET status = 'pending', updated_at = now()
       FROM dating_profile p
      WHERE s.event_id = $1 AND p.member_id = s.member_id
        AND s.member_id = (SELECT member_id FROM dating_event_signup
                            WHERE event_id = $1 AND gender = $2 AND status = 'waitlisted'
                            ORDER BY queued_at, member_id LIMIT 1)
      RETURNING s.member_id, p.user_id, floor(extract(epoch FROM s.queued_at) * 1000)::bigint::text AS queued_ms`,
    [event.id, gender],
  )
  if (!promoted) return
  await tx.query(`UPDATE dating_event SET ${column} = ${column} + 1 WHERE id = $1`, [event.id])
  await notify(tx, {
    userId: promoted.user_id,
    kind: 'dating_event_promoted',
    source: `dating_event_signup:${event.id}:${promoted.member_id}:${promoted.queued_ms}`,
    title: '鹊桥会：候补成功',
    body: `活动「${event.title}」空出了名额，您已从候补转为待审核，请等待红娘审核。`,
    link: withQuery(routes.datingEvent, { id: event.id }),
    payload: { eventTitle: event.title, startsAt: iso(event.starts_at), place: event.place },
  })
}

/**
 * Member: signs up before the deadline. A free place of my gender → pending (held), else
 * waitlisted. A live sign-up answers the same; a cancelled one may sign up again (at the end of
 * the queue); a rejected one may not.
 */
export async function signUp(db: Db, dater: Dater, eventId: number, now = new Date()): Promise<SignupResult> {
  return db.transaction(async (tx) => {
    const event = await requireMemberEvent(tx, dater, eventId, 'FOR UPDATE OF e')
    const [mine] = await tx.query<{ status: EventSignupStatus }>('SELECT status FROM dating_event_signup WHERE event_id = $1 AND member_id = $2', [eventId, dater.memberId])
    if (mine && mine.status !== 'cancelled') {
      if (mine.status === 'rejected') throw new AppError('DATING_EVENT_STATE', '您的报名未通过审核，不能再次报名')
      return resultOf(tx, eventId, dater.memberId, mine.status)
    }
    if (event.status === 'cancelled') throw new AppError('DATING_EVENT_SIGNUP_CLOSED', '活动已取消')
    if (now >= event.signup_deadline) throw new AppError('DATING_EVENT_SIGNUP_CLOSED')
    const capacity = dater.gender === 'male' ? event.capacity_male : event.capacity_female
    const taken = dater.gender === 'male' ? event.taken_male : event.taken_female
    const status: EventSignupStatus = taken < capacity ? 'pending' : 'waitlisted'
    if (status === 'pending') {
      const column = takenColumn(dater.gender)
      await tx.query(`UPDATE dating_event SET ${column} = ${column} + 1, updated_at = now() WHERE id = $1`, [eventId])
    }
    await tx.query(
      `INSERT INTO dating_event_signup (event_id, member_id, gender, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id, member_id) DO UPDATE
          SET status = EXCLUDED.status, queued_at = clock_timestamp(), decided_by = NULL, decided_at = NULL,
              reject_reason = NULL, checked_in_at = NULL, updated_at = now()`,
      [eventId, dater.memberId, dater.gender, status],
    )
    return resultOf(tx, eventId, dater.memberId, status)
  })
}

/** Member: cancels before the start. A held place goes to the waitlist. Cancelling again answers the same. */
export async function cancelSignup(db: Db, dater: Dater, eventId: number, now = new Date()): Promise<SignupResult> {
  return db.transaction(async (tx) => {
    const event = await requireMemberEvent(tx, dater, eventId, 'FOR UPDATE OF e')
    const [mine] = await tx.query<{ status: EventSignupStatus; gender: Gender }>(
      'SELECT status, gender FROM dating_event_signup WHERE event_id = $1 AND member_id = $2',
      [eventId, dater.memberId],
    )
    if (!mine) throw new AppError('DATING_EVENT_STATE', '您没有报名这场活动')
    if (mine.status === 'cancelled') return resultOf(tx, eventId, dater.memberId, 'cancelled')
    if (mine.status === 'rejected') throw new AppError('DATING_EVENT_STATE', '您的报名未通过审核，无需取消')
    if (now >= event.starts_at) throw new AppError('DATING_EVENT_STATE', '活动已开始，不能取消报名')
    await tx.query(`UPDATE dating_event_signup SET status = 'cancelled', updated_at = now() WHERE event_id = $1 AND member_id = $2`, [eventId, dater.memberId])
    if (holdsPlace(mine.status)) await freePlace(tx, event, mine.gender, now)
    return resultOf(tx, eventId, dater.memberId, 'cancelled')
  })
}

/**
 * Cancels the member's live sign-ups (pending, approved, waitlisted) of events not yet started,
 * freeing their places and promoting the waitlists, in the caller's transaction. Deleting or
 * closing a profile calls it BEFORE the profile row goes (its sign-ups cascade away with it, and
 * the places they held would never be freed). Events are locked in id order, as everywhere.
 * Returns how many sign-ups it cancelled.
 */
export async function leaveAllEvents(tx: Queryable, memberId: number, now = new Date()): Promise<number> {
  const live = await tx.query<{ event_id: number }>(
    `SELECT s.event_id FROM dating_event_signup s JOIN dating_event e ON e.id = s.event_id
      WHERE s.member_id = $1 AND s.status IN ('pending', 'approved', 'waitlisted') AND e.starts_at > $2
      ORDER BY s.event_id`,
    [memberId, now],
  )
  let left = 0
  for (const { event_id } of live) {
    const event = await loadEvent(tx, event_id, 'FOR UPDATE OF e')
    const [mine] = await tx.query<{ status: EventSignupStatus; gender: Gender }>(
      `SELECT status, gender FROM dating_event_signup
        WHERE event_id = $1 AND member_id = $2 AND status IN ('pending', 'approved', 'waitlisted') FOR UPDATE`,
      [event_id, memberId],
    )
    if (mine) await tx.query(`UPDATE dating_event_signup SET status = 'cancelled', updated_at = now() WHERE event_id = $1 AND member_id = $2`, [event_id, memberId])
    if (!event || !mine) continue
    left += 1
    if (holdsPlace(mine.status)) await freePlace(tx, event, mine.gender, now)
  }
  return left
}

interface RosterRow extends CardRow {
  status: EventSignupStatus
  queued_at: Date
  queued_key: string
  decided_at: Date | null
  reject_reason: string | null
  checked_in_at: Date | null
}

const rosterColumns = `${cardColumns}, s.status, s.queued_at, to_char(s.queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS queued_key,
  s.decided_at, s.reject_reason, s.checked_in_at`

function rosterEntryOf(row: RosterRow, cards: Map<number, RosterEntry['member']>): RosterEntry {
  const member = cards.get(row.member_id)
  if (!member) throw new Error(`roster: no card for ${row.member_id}`)
  return {
    member,
    status: row.status,
    queuedAt: iso(row.queued_at),
    decidedAt: isoOrNull(row.decided_at),
    rejectReason: row.reject_reason,
    checkedInAt: isoOrNull(row.checked_in_at),
  }
}

/** Microsecond queue positions: a ms cursor would skip members who signed up in the same millisecond. */
const rosterCursor = z.object({ q: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/), id: cursorId }).strict()

/** Matchmaker: the sign-ups in queue order with each member's card. A staff read of personal data: audited. */
export async function eventRoster(
  deps: Deps,
  caller: Caller,
  input: { eventId: number; status?: EventSignupStatus; cursor?: string | null; limit: number },
  now = new Date(),
) {
  const { db } = deps
  const after = decodeCursor(input.cursor, rosterCursor)
  const event = await requireManagedEvent(db, caller, input.eventId)
  const rows = await db.query<RosterRow>(
    `SELECT ${rosterColumns}
       FROM dating_event_signup s JOIN dating_profile p ON p.member_id = s.member_id ${cardJoin}
      WHERE s.event_id = $1 AND ($2::text IS NULL OR s.status = $2)
        AND ($3::timestamp IS NULL OR (s.queued_at AT TIME ZONE 'UTC', s.member_id) > ($3::timestamp, $4))
      ORDER BY s.queued_at, s.member_id LIMIT $5`,
    [event.id, input.status ?? null, after?.q ?? null, after?.id ?? 0, input.limit + 1],
  )
  const cards = await cardsOf(deps, rows, now)
  if (rows.length > 0) {
    await audit(db, { actor: caller.userId, action: 'dating_event_roster', targetType: 'member', targetIds: rows.map((r) => r.member_id), detail: { eventId: event.id } })
  }
  return {
    ...pageOf(rows, input.limit, (row) => rosterEntryOf(row, cards), (row) => ({ q: row.queued_key, id: row.member_id })),
    photosExpireAt: photosExpireAt(now.getTime()),
  }
}

/**
 * Matchmaker: approves a pending sign-up, or rejects one (pending, approved not yet checked in, or
 * waitlisted) with a reason, freeing its place for the waitlist. Never the caller's own sign-up.
 * The same decision again answers the same; the member is told once per decision.
 */
export async function decideSignup(
  deps: Deps,
  caller: Caller,
  input: { eventId: number; memberId: number; decision: 'approve' | 'reject'; reason?: string },
  now = new Date(),
): Promise<RosterEntry> {
  const eventId = await deps.db.transaction(async (tx) => {
    const event = await requireManagedEvent(tx, caller, input.eventId, 'FOR UPDATE OF e')
    if (caller.member?.id === input.memberId) throw new AppError('DATING_SELF_REVIEW')
    const [mine] = await tx.query<{ status: EventSignupStatus; gender: Gender; checked_in_at: Date | null; user_id: number; queued_ms: string }>(
      `SELECT s.status, s.gender, s.checked_in_at, p.user_id, floor(extract(epoch FROM s.queued_at) * 1000)::bigint::text AS queued_ms
         FROM dating_event_signup s JOIN dating_profile p ON p.member_id = s.member_id
        WHERE s.event_id = $1 AND s.member_id = $2 FOR UPDATE OF s`,
      [event.id, input.memberId],
    )
    if (!mine) throw new AppError('NOT_FOUND', '报名记录不存在')
    const target: EventSignupStatus = input.decision === 'approve' ? 'approved' : 'rejected'
    if (mine.status !== target) {
      if (event.status !== 'published') throw new AppError('DATING_EVENT_STATE', '活动未发布或已取消')
      if (now >= event.ends_at) throw new AppError('DATING_EVENT_STATE', '活动已结束，不能再审核报名')
      if (mine.status === 'cancelled') throw new AppError('DATING_EVENT_STATE', '会员已取消报名')
      if (input.decision === 'approve' && mine.status !== 'pending') {
        throw new AppError('DATING_EVENT_STATE', mine.status === 'waitlisted' ? '候补中的报名还没有名额，有人取消后会自动递补' : '该报名已被拒绝')
      }
      if (input.decision === 'reject' && mine.checked_in_at) throw new AppError('DATING_EVENT_STATE', '会员已签到，不能再拒绝')
      await tx.query(
        `UPDATE dating_event_signup SET status = $3, decided_by = $4, decided_at = $5, reject_reason = $6, updated_at = $5
          WHERE event_id = $1 AND member_id = $2`,
        [event.id, input.memberId, target, caller.userId, now, input.decision === 'reject' ? input.reason : null],
      )
      if (input.decision === 'reject' && holdsPlace(mine.status)) await freePlace(tx, event, mine.gender, now)
      await notify(tx, {
        userId: mine.user_id,
        kind: 'dating_event_decided',
        source: `dating_event_signup:${event.id}:${input.memberId}:${mine.queued_ms}:${target}`,
        title: input.decision === 'approve' ? '鹊桥会：活动报名已通过' : '鹊桥会：活动报名未通过',
        body:
          input.decision === 'approve'
            ? `您报名的活动「${event.title}」已通过审核，请按时到场并扫码签到。`
            : `您报名的活动「${event.title}」未通过审核：${sentence(input.reason ?? '')}`,
        link: withQuery(routes.datingEvent, { id: event.id }),
        payload: { result: input.decision === 'approve' ? '已通过' : '未通过', eventTitle: event.title, note: input.decision === 'approve' ? '请按时到场签到' : (input.reason ?? '') },
      })
      await audit(tx, { actor: caller.userId, action: `dating_event_${input.decision}`, targetType: 'member', targetIds: [input.memberId], detail: { eventId: event.id } })
    }
    return event.id
  })
  const [row] = await deps.db.query<RosterRow>(
    `SELECT ${rosterColumns} FROM dating_event_signup s JOIN dating_profile p ON p.member_id = s.member_id ${cardJoin}
      WHERE s.event_id = $1 AND s.member_id = $2`,
    [eventId, input.memberId],
  )
  return rosterEntryOf(row, await cardsOf(deps, [row], now))
}
