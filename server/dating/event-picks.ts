import type { CheckinCode } from '../../src/shared/api/course-training'
import type { PicksResult } from '../../src/shared/api/dating-event'
import { datingEventLimits } from '../../src/shared/api/dating-event'
import type { Caller } from '../caller'
import { checkinCodeView, judgeCode } from '../course/training-checkin'
import type { Db } from '../db'
import type { Env } from '../env'
import { AppError } from '../errors'
import { iso } from '../sql'
import { signText } from '../tokens'
import type { Dater } from './dater'
import { eventMatchesOf, requireManagedEvent, requireMemberEvent, visibleAttendees } from './events'
import type { EventRow } from './events'
import { createMatch, lockPair } from './matches'

/**
 * 联谊活动 at the venue and after it: check-in by the rotating QR code (the same codes as 职工课堂's
 * training check-in, under a per-event secret derived from the app secret, so no secret column is
 * needed), and 互选, where a pick both ways is a match.
 */

const checkinLeadMs = datingEventLimits.checkinLeadMinutes * 60_000

function checkinSecret(env: Env, eventId: number): string {
  return signText(env.appSecret, 'dating-event-checkin', String(eventId))
}

function requireCheckinOpen(event: EventRow, now: Date): void {
  if (event.status !== 'published') throw new AppError('DATING_EVENT_STATE', '活动未发布或已取消')
  if (now.getTime() < event.starts_at.getTime() - checkinLeadMs || now > event.ends_at) throw new AppError('DATING_CHECKIN_CLOSED')
}

/** Matchmaker: the code of this minute for the QR at the venue. */
export async function eventCheckinCode(db: Db, env: Env, caller: Caller, eventId: number, now = new Date()): Promise<CheckinCode> {
  const event = await requireManagedEvent(db, caller, eventId)
  requireCheckinOpen(event, now)
  return checkinCodeView(checkinSecret(env, eventId), eventId, now)
}

/**
 * Member: checks in with the code on the QR. Approved sign-ups only, while check-in is open; a
 * second scan (or a retry) answers the first check-in. The event is share-locked so a
 * cancellation waits for it.
 */
export async function eventCheckIn(db: Db, env: Env, dater: Dater, input: { eventId: number; code: string }, now = new Date()) {
  const [idText, digest] = input.code.split('-')
  if (Number(idText) !== input.eventId) throw new AppError('DATING_CHECKIN_CODE_INVALID')
  return db.transaction(async (tx) => {
    const event = await requireMemberEvent(tx, dater, input.eventId, 'FOR SHARE OF e')
    const judged = judgeCode(checkinSecret(env, event.id), event.id, digest, now)
    if (judged === 'invalid') throw new AppError('DATING_CHECKIN_CODE_INVALID')
    if (judged === 'expired') throw new AppError('DATING_CHECKIN_CODE_EXPIRED')
    const [mine] = await tx.query<{ status: string; checked_in_at: Date | null }>(
      'SELECT status, checked_in_at FROM dating_event_signup WHERE event_id = $1 AND member_id = $2 FOR UPDATE',
      [event.id, dater.memberId],
    )
    if (mine?.checked_in_at) return { eventId: event.id, checkedInAt: iso(mine.checked_in_at), firstTime: false }
    requireCheckinOpen(event, now)
    if (mine?.status !== 'approved') {
      throw new AppError(
        'DATING_EVENT_NOT_APPROVED',
        mine?.status === 'pending' ? '您的报名还在等待红娘审核，通过后才能签到' : mine?.status === 'waitlisted' ? '您还在候补名单中，没有获得名额，不能签到' : undefined,
      )
    }
    await tx.query('UPDATE dating_event_signup SET checked_in_at = $3, updated_at = $3 WHERE event_id = $1 AND member_id = $2', [event.id, dater.memberId, now])
    return { eventId: event.id, checkedInAt: iso(now), firstTime: true }
  })
}

/**
 * 互选: after the end and before picks close, an attendee sets their picks among the attendees
 * they can see. Each pick the other side also made becomes a match (lockPair first, pairs in one
 * global order so two members saving at once cannot deadlock); a match once made stays.
 */
export async function savePicks(db: Db, dater: Dater, input: { eventId: number; targetIds: number[] }, now = new Date()): Promise<PicksResult> {
  return db.transaction(async (tx) => {
    const event = await requireMemberEvent(tx, dater, input.eventId, 'FOR SHARE OF e')
    if (event.status !== 'published' || now < event.ends_at || now >= event.picks_close_at) throw new AppError('DATING_PICKS_CLOSED')
    const [mine] = await tx.query('SELECT 1 FROM dating_event_signup WHERE event_id = $1 AND member_id = $2 AND checked_in_at IS NOT NULL', [event.id, dater.memberId])
    if (!mine) throw new AppError('DATING_NOT_ATTENDED')
    const targets = [...input.targetIds].sort((a, b) => a - b)
    if (targets.length > 0) {
      const visible = await visibleAttendees(tx, event.id, dater.memberId, targets)
      if (visible.length !== targets.length) throw new AppError('DATING_PROFILE_UNAVAILABLE')
    }
    await tx.query('DELETE FROM dating_event_pick WHERE event_id = $1 AND member_id = $2 AND NOT (target_id = ANY($3::int[]))', [event.id, dater.memberId, targets])
    await tx.query(
      `INSERT INTO dating_event_pick (event_id, member_id, target_id) SELECT $1, $2, unnest($3::int[])
       ON CONFLICT DO NOTHING`,
      [event.id, dater.memberId, targets],
    )
    // One global order of pair locks: by the pair's (lower, higher) member ids.
    const ordered = targets.map((t) => (t < dater.memberId ? [t, dater.memberId] : [dater.memberId, t])).sort((x, y) => x[0] - y[0] || x[1] - y[1])
    for (const [lo, hi] of ordered) {
      const other = lo === dater.memberId ? hi : lo
      await lockPair(tx, lo, hi)
      const [back] = await tx.query('SELECT 1 FROM dating_event_pick WHERE event_id = $1 AND member_id = $2 AND target_id = $3', [event.id, other, dater.memberId])
      if (back) await createMatch(tx, dater.memberId, other, 'event', event.id)
    }
    const kept = await tx.query<{ target_id: number }>('SELECT target_id FROM dating_event_pick WHERE event_id = $1 AND member_id = $2 ORDER BY created_at, target_id', [event.id, dater.memberId])
    return { eventId: event.id, myPicks: kept.map((r) => r.target_id), matchedIds: await eventMatchesOf(tx, event.id, dater.memberId) }
  })
}
