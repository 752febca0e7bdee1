import { z } from 'zod'
import { routes, withQuery } from '../../src/routes'
import type {
  DatingEventDetail,
  DatingEventPhase,
  DatingEventSummary,
  ManagedEvent,
  MySignup,
  SaveEventInput,
} from '../../src/shared/api/dating-event'
import type { BranchRef } from '../../src/shared/api/common'
import type { DatingEventStatus, EventSignupStatus, Gender, ProfileCard } from '../../src/shared/api/dating-common'
import { ageAt, eventSignupStatusNames } from '../../src/shared/dating/names'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { notify, sentence } from '../notify'
import { chainOf, covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { branchRefSql, iso, isoOrNull } from '../sql'
import type { Dater } from './dater'
import { photosExpireAt, signPhotos } from './photos'
import { separatedSql, shownSql } from './visibility'

/**
 * 联谊活动 (issue 13 §7): events, as matchmakers manage them and members find them. Sign-ups and
 * places are in ./event-signups, check-in and 互选 in ./event-picks.
 */

export interface EventRow {
  id: number
  branch_id: number
  branch_path: string
  branch: BranchRef
  title: string
  intro: string
  place: string
  starts_at: Date
  ends_at: Date
  signup_deadline: Date
  picks_close_at: Date
  capacity_male: number
  capacity_female: number
  taken_male: number
  taken_female: number
  status: DatingEventStatus
  published_at: Date | null
  cancel_reason: string | null
  created_by: number
  my_signup?: EventSignupStatus | null
}

export const eventColumns = `e.id, e.branch_id, e.branch_path, ${branchRefSql('b')} AS branch, e.title, e.intro, e.place, e.starts_at, e.ends_at,
  e.signup_deadline, e.picks_close_at, e.capacity_male, e.capacity_female, e.taken_male, e.taken_female, e.status,
  e.published_at, e.cancel_reason, e.created_by`

/** The event row, locked as asked (`FOR UPDATE OF e` for anything that moves places). */
export async function loadEvent(db: Queryable, eventId: number, lock: '' | 'FOR UPDATE OF e' | 'FOR SHARE OF e' = ''): Promise<EventRow | null> {
  const [row] = await db.query<EventRow>(`SELECT ${eventColumns} FROM dating_event e JOIN branch b ON b.id = e.branch_id WHERE e.id = $1 ${lock}`, [eventId])
  return row ?? null
}

export const eventNotFound = () => new AppError('NOT_FOUND', '活动不存在或已删除')

export function phaseOf(event: Pick<EventRow, 'status' | 'signup_deadline' | 'starts_at' | 'ends_at' | 'picks_close_at'>, now: Date): DatingEventPhase {
  if (event.status !== 'published') return event.status
  if (now < event.signup_deadline) return 'signup'
  if (now < event.starts_at) return 'closed'
  if (now < event.ends_at) return 'ongoing'
  if (now < event.picks_close_at) return 'picking'
  return 'finished'
}

export function summaryOf(row: EventRow, now: Date): DatingEventSummary {
  return {
    id: row.id,
    title: row.title,
    place: row.place,
    branch: row.branch,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    signupDeadline: iso(row.signup_deadline),
    picksCloseAt: iso(row.picks_close_at),
    status: row.status,
    phase: phaseOf(row, now),
    capacity: { male: row.capacity_male, female: row.capacity_female },
    placesLeft: { male: row.capacity_male - row.taken_male, female: row.capacity_female - row.taken_female },
    mySignup: row.my_signup ?? null,
  }
}

/** Matchmaker: the event, when its audience lies in the caller's scope; NOT_FOUND otherwise (existence is not revealed). */
export async function requireManagedEvent(db: Queryable, caller: Caller, eventId: number, lock: '' | 'FOR UPDATE OF e' | 'FOR SHARE OF e' = ''): Promise<EventRow> {
  const event = await loadEvent(db, eventId, lock)
  if (!event || !covers(caller, 'matchmaker', event.branch_path)) throw eventNotFound()
  return event
}

/** Member: a published (or cancelled) event whose audience includes the member, or one they signed up for. */
export async function requireMemberEvent(db: Queryable, dater: Dater, eventId: number, lock: '' | 'FOR UPDATE OF e' | 'FOR SHARE OF e' = ''): Promise<EventRow> {
  const event = await loadEvent(db, eventId, lock)
  if (!event || event.status === 'draft') throw eventNotFound()
  if (!chainOf(dater.branchPath).includes(event.branch_id)) {
    const [signed] = await db.query('SELECT 1 FROM dating_event_signup WHERE event_id = $1 AND member_id = $2', [eventId, dater.memberId])
    if (!signed) throw eventNotFound()
  }
  return event
}

const summaryCursor = z.object({ t: cursorTime, id: cursorId }).strict()

/** Matchmaker: events of the caller's matchmaker scope, newest start first. */
export async function manageEvents(db: Queryable, caller: Caller, input: { status?: DatingEventStatus; cursor?: string | null; limit: number }, now = new Date()) {
  const after = decodeCursor(input.cursor, summaryCursor)
  const rows = await db.query<EventRow>(
    `SELECT ${eventColumns} FROM dating_event e JOIN branch b ON b.id = e.branch_id
      WHERE ${inSubtreesSql('e.branch_path', '$1')}
        AND ($2::text IS NULL OR e.status = $2)
        AND ($3::timestamptz IS NULL OR (e.starts_at, e.id) < ($3, $4))
      ORDER BY e.starts_at DESC, e.id DESC LIMIT $5`,
    [scopePaths(caller, 'matchmaker'), input.status ?? null, after?.t ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, (row) => summaryOf(row, now), (row) => ({ t: iso(row.starts_at), id: row.id }))
}

/** Matchmaker: one event with its sign-up counts. */
export async function managedEventView(db: Queryable, event: EventRow, now = new Date()): Promise<ManagedEvent> {
  const counted = await db.query<{ status: EventSignupStatus; n: number; attended: number }>(
    `SELECT status, count(*)::int AS n, count(checked_in_at)::int AS attended FROM dating_event_signup WHERE event_id = $1 GROUP BY status`,
    [event.id],
  )
  const counts = Object.fromEntries(Object.keys(eventSignupStatusNames).map((s) => [s, 0])) as Record<EventSignupStatus, number>
  let attended = 0
  for (const row of counted) {
    counts[row.status] = row.n
    attended += row.attended
  }
  const [matches] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM dating_match WHERE event_id = $1 AND via = 'event'`, [event.id])
  return {
    ...summaryOf(event, now),
    intro: event.intro,
    cancelReason: event.cancel_reason,
    publishedAt: isoOrNull(event.published_at),
    counts: { ...counts, attended },
    eventMatches: matches.n,
  }
}

/** Only a future event is planned: its sign-up deadline must still be ahead. */
function requireFuture(signupDeadline: string, now: Date): void {
  if (Date.parse(signupDeadline) <= now.getTime()) throw new AppError('INVALID_SCHEDULE', '报名截止时间须晚于现在')
}

/**
 * Matchmaker: a new draft (a retry with the same requestId answers the same draft) or an edit of
 * a draft. The audience branch must lie in the caller's matchmaker scope.
 */
export async function saveEvent(db: Db, caller: Caller, input: SaveEventInput, now = new Date()): Promise<ManagedEvent> {
  const branch = await requireBranchInScope(db, caller, 'matchmaker', input.branchId)
  const fields = [
    branch.id, branch.path, input.title, input.intro, input.place, input.startsAt, input.endsAt, input.signupDeadline,
    input.picksCloseAt, input.capacityMale, input.capacityFemale,
  ]
  return db.transaction(async (tx) => {
    if (input.eventId === undefined) {
      const [existing] = await tx.query<{ id: number }>('SELECT id FROM dating_event WHERE created_by = $1 AND request_id = $2', [caller.userId, input.requestId])
      if (existing) return managedEventView(tx, await requireManagedEvent(tx, caller, existing.id), now)
      requireFuture(input.signupDeadline, now)
      const [created] = await tx.query<{ id: number }>(
        `INSERT INTO dating_event (branch_id, branch_path, title, intro, place, starts_at, ends_at, signup_deadline, picks_close_at,
                                   capacity_male, capacity_female, created_by, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [...fields, caller.userId, input.requestId],
      )
      // A simultaneous retry inserted it first: answer what it made.
      const id = created?.id ?? (await tx.query<{ id: number }>('SELECT id FROM dating_event WHERE created_by = $1 AND request_id = $2', [caller.userId, input.requestId]))[0].id
      return managedEventView(tx, await requireManagedEvent(tx, caller, id), now)
    }
    const event = await requireManagedEvent(tx, caller, input.eventId, 'FOR UPDATE OF e')
    if (event.status !== 'draft') throw new AppError('DATING_EVENT_STATE', '已发布或已取消的活动不能修改；如需变更，请取消后重新创建')
    requireFuture(input.signupDeadline, now)
    await tx.query(
      `UPDATE dating_event SET branch_id = $2, branch_path = $3, title = $4, intro = $5, place = $6, starts_at = $7, ends_at = $8,
              signup_deadline = $9, picks_close_at = $10, capacity_male = $11, capacity_female = $12, updated_at = now()
        WHERE id = $1`,
      [event.id, ...fields],
    )
    return managedEventView(tx, await requireManagedEvent(tx, caller, event.id), now)
  })
}

/** Matchmaker: opens a draft for sign-ups. Publishing a published event answers the same. */
export async function publishEvent(db: Db, caller: Caller, eventId: number, now = new Date()): Promise<ManagedEvent> {
  return db.transaction(async (tx) => {
    const event = await requireManagedEvent(tx, caller, eventId, 'FOR UPDATE OF e')
    if (event.status === 'cancelled') throw new AppError('DATING_EVENT_STATE', '活动已取消，不能发布')
    if (event.status === 'draft') {
      if (event.signup_deadline <= now) throw new AppError('INVALID_SCHEDULE', '报名截止时间已过，请修改时间后再发布')
      await tx.query(`UPDATE dating_event SET status = 'published', published_at = $2, updated_at = $2 WHERE id = $1`, [eventId, now])
    }
    return managedEventView(tx, await requireManagedEvent(tx, caller, eventId), now)
  })
}

/**
 * Matchmaker: cancels a draft, or a published event that has not ended; everyone signed up
 * (pending, approved or waitlisted) is told why. Their sign-ups stay as they were, for the record.
 */
export async function cancelEvent(db: Db, caller: Caller, eventId: number, reason: string, now = new Date()): Promise<ManagedEvent> {
  return db.transaction(async (tx) => {
    const event = await requireManagedEvent(tx, caller, eventId, 'FOR UPDATE OF e')
    if (event.status === 'cancelled') return managedEventView(tx, event, now)
    if (event.ends_at <= now) throw new AppError('DATING_EVENT_STATE', '活动已结束，不能取消')
    await tx.query(`UPDATE dating_event SET status = 'cancelled', cancel_reason = $2, updated_at = $3 WHERE id = $1`, [eventId, reason, now])
    const signed = await tx.query<{ user_id: number }>(
      `SELECT p.user_id FROM dating_event_signup s JOIN dating_profile p ON p.member_id = s.member_id
        WHERE s.event_id = $1 AND s.status IN ('pending', 'approved', 'waitlisted')`,
      [eventId],
    )
    for (const { user_id } of signed) {
      await notify(tx, {
        userId: user_id,
        kind: 'dating_event_cancelled',
        source: `dating_event:${eventId}`,
        title: '鹊桥会：活动已取消',
        body: `您报名的活动「${event.title}」已取消：${sentence(reason)}`,
        link: withQuery(routes.datingEvent, { id: eventId }),
        payload: { eventTitle: event.title, startsAt: iso(event.starts_at), place: event.place, reason },
      })
    }
    return managedEventView(tx, await requireManagedEvent(tx, caller, eventId), now)
  })
}

/** A position in an event list; checked before anything else, so a forged one is refused as such. */
export function eventListCursor(cursor: string | null | undefined) {
  return decodeCursor(cursor, summaryCursor)
}

/** Member: open events of my branch's chain (soonest first), or the events I signed up for (latest first). */
export async function memberEvents(
  db: Queryable,
  dater: Dater,
  input: { scope: 'open' | 'mine'; after: z.output<typeof summaryCursor> | null; limit: number },
  now = new Date(),
) {
  const { after } = input
  const rows =
    input.scope === 'open'
      ? await db.query<EventRow>(
          `SELECT ${eventColumns}, s.status AS my_signup
             FROM dating_event e JOIN branch b ON b.id = e.branch_id
             LEFT JOIN dating_event_signup s ON s.event_id = e.id AND s.member_id = $2
            WHERE e.status = 'published' AND e.branch_id = ANY($1::int[]) AND e.ends_at > $3
              AND ($4::timestamptz IS NULL OR (e.starts_at, e.id) > ($4, $5))
            ORDER BY e.starts_at, e.id LIMIT $6`,
          [chainOf(dater.branchPath), dater.memberId, now, after?.t ?? null, after?.id ?? 0, input.limit + 1],
        )
      : await db.query<EventRow>(
          `SELECT ${eventColumns}, s.status AS my_signup
             FROM dating_event_signup s JOIN dating_event e ON e.id = s.event_id JOIN branch b ON b.id = e.branch_id
            WHERE s.member_id = $1 AND e.status <> 'draft'
              AND ($2::timestamptz IS NULL OR (e.starts_at, e.id) < ($2, $3))
            ORDER BY e.starts_at DESC, e.id DESC LIMIT $4`,
          [dater.memberId, after?.t ?? null, after?.id ?? 0, input.limit + 1],
        )
  return pageOf(rows, input.limit, (row) => summaryOf(row, now), (row) => ({ t: iso(row.starts_at), id: row.id }))
}

export interface CardRow {
  member_id: number
  nickname: string | null
  gender: Gender
  birth_ym: number
  height_cm: number | null
  education: ProfileCard['education'] | null
  occupation: string | null
  county: BranchRef
  marital: ProfileCard['marital'] | null
  interests: string[]
  avatar_id: number | null
}

/** The columns of a ProfileCard from a dating_profile aliased `p` (joins the county as `pc`). */
export const cardColumns = `p.member_id, p.nickname, p.gender, p.birth_ym, p.height_cm, p.education, p.occupation,
  ${branchRefSql('pc')} AS county, p.marital, p.interests, p.photo_file_ids[1] AS avatar_id`
export const cardJoin = 'JOIN branch pc ON pc.id = p.county_branch_id'

/**
 * ProfileCards of profiles the caller has already been allowed to see (approved fields only:
 * never contact, birth month or unit), avatars signed. Only approved profiles sign up (the
 * 'active' gate), so the fallbacks below only satisfy the columns' NULL before a first approval.
 */
export async function cardsOf(deps: Deps, rows: CardRow[], now = new Date()): Promise<Map<number, ProfileCard>> {
  const photos = await signPhotos(deps, rows.flatMap((r) => (r.avatar_id ? [r.avatar_id] : [])))
  return new Map(
    rows.map((r) => [
      r.member_id,
      {
        id: r.member_id,
        nickname: r.nickname ?? '（未审核）',
        gender: r.gender,
        age: ageAt(r.birth_ym, now),
        heightCm: r.height_cm ?? 0,
        education: r.education ?? 'junior',
        occupation: r.occupation ?? '',
        county: r.county,
        marital: r.marital ?? 'never',
        interests: r.interests,
        avatar: r.avatar_id ? (photos.get(r.avatar_id) ?? null) : null,
      },
    ]),
  )
}

/**
 * Member: the event, my sign-up, and, once it has started and if I checked in, the other
 * attendees of the other gender that I can see (shown, not separated from me) with my picks.
 */
export async function eventDetail(deps: Deps, dater: Dater, eventId: number, now = new Date()): Promise<DatingEventDetail> {
  const { db } = deps
  const event = await requireMemberEvent(db, dater, eventId)
  const [mine] = await db.query<{ status: EventSignupStatus; gender: Gender; reject_reason: string | null; checked_in_at: Date | null; position: number | null }>(
    `SELECT s.status, s.gender, s.reject_reason, s.checked_in_at,
            CASE WHEN s.status = 'waitlisted' THEN
              (SELECT count(*)::int FROM dating_event_signup w
                WHERE w.event_id = s.event_id AND w.gender = s.gender AND w.status = 'waitlisted' AND w.queued_at <= s.queued_at) END AS position
       FROM dating_event_signup s WHERE s.event_id = $1 AND s.member_id = $2`,
    [eventId, dater.memberId],
  )
  const signup: MySignup | null = mine
    ? { status: mine.status, gender: mine.gender, waitlistPosition: mine.position, rejectReason: mine.reject_reason, checkedInAt: isoOrNull(mine.checked_in_at) }
    : null
  let attendees: DatingEventDetail['attendees'] = null
  let myPicks: number[] = []
  let matchedIds: number[] = []
  if (mine?.checked_in_at && now >= event.starts_at && event.status === 'published') {
    const rows = await visibleAttendees(db, eventId, dater.memberId)
    const cards = await cardsOf(deps, rows, now)
    attendees = rows.map((r) => cards.get(r.member_id)).filter((c): c is ProfileCard => c !== undefined)
    myPicks = (await db.query<{ target_id: number }>('SELECT target_id FROM dating_event_pick WHERE event_id = $1 AND member_id = $2 ORDER BY created_at, target_id', [eventId, dater.memberId])).map((r) => r.target_id)
    matchedIds = await eventMatchesOf(db, eventId, dater.memberId)
  }
  return {
    ...summaryOf({ ...event, my_signup: mine?.status ?? null }, now),
    photosExpireAt: photosExpireAt(now.getTime()),
    intro: event.intro,
    cancelReason: event.cancel_reason,
    signup,
    attendees,
    myPicks,
    matchedIds,
  }
}

/** Attendees (checked in) of the event of the other gender whom `memberId` can see; `only` narrows to some ids. */
export async function visibleAttendees(db: Queryable, eventId: number, memberId: number, only?: number[]): Promise<CardRow[]> {
  return db.query<CardRow>(
    `SELECT ${cardColumns}
       FROM dating_event_signup s JOIN dating_profile p ON p.member_id = s.member_id ${cardJoin}
       JOIN dating_profile me ON me.member_id = $2
      WHERE s.event_id = $1 AND s.checked_in_at IS NOT NULL AND p.member_id <> me.member_id AND p.gender <> me.gender
        AND ${shownSql('p')} AND NOT ${separatedSql('me', 'p')}
        AND ($3::int[] IS NULL OR p.member_id = ANY($3::int[]))
      ORDER BY s.checked_in_at, p.member_id`,
    [eventId, memberId, only ?? null],
  )
}

/** The members matched with `memberId` through this event's 互选. */
export async function eventMatchesOf(db: Queryable, eventId: number, memberId: number): Promise<number[]> {
  const rows = await db.query<{ other: number }>(
    `SELECT CASE WHEN member_lo = $2 THEN member_hi ELSE member_lo END AS other
       FROM dating_match WHERE event_id = $1 AND via = 'event' AND $2 IN (member_lo, member_hi) ORDER BY id`,
    [eventId, memberId],
  )
  return rows.map((r) => r.other)
}
