import type { LikeResult } from '../../src/shared/api/dating-match'
import { datingLimits } from '../../src/shared/dating/names'
import type { Caller } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { shanghaiDay } from '../points/calendar'
import { requireDater } from './dater'
import { createMatch, lockPair } from './matches'
import { separatedSql, shownSql } from './visibility'

/** Likes the member may still give today (Shanghai day). */
export async function likesLeftToday(db: Queryable, memberId: number, now: Date): Promise<number> {
  const [row] = await db.query<{ likes: number }>('SELECT likes FROM dating_like_day WHERE member_id = $1 AND day = $2', [memberId, shanghaiDay(now)])
  return Math.max(0, datingLimits.likesPerDay - (row?.likes ?? 0))
}

/** Someone the caller may like or pass: shown, not separated from them, of the other gender. */
async function requireCandidate(tx: Queryable, meId: number, targetId: number): Promise<void> {
  if (meId === targetId) throw new AppError('DATING_SELF_LIKE')
  const rows = await tx.query(
    `SELECT 1 FROM dating_profile me, dating_profile p
      WHERE me.member_id = $1 AND p.member_id = $2 AND p.gender <> me.gender AND ${shownSql('p')} AND NOT ${separatedSql('me', 'p')}`,
    [meId, targetId],
  )
  if (rows.length === 0) throw new AppError('DATING_PROFILE_UNAVAILABLE')
}

async function liveMatchOf(tx: Queryable, a: number, b: number): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    'SELECT id FROM dating_match WHERE member_lo = LEAST($1::int, $2::int) AND member_hi = GREATEST($1::int, $2::int) AND ended_at IS NULL',
    [a, b],
  )
  return row?.id ?? null
}

/**
 * 喜欢. The day's count row is locked first, so every like of one member queues behind the last:
 * 21 likes at once with 20 left give exactly 20, and a retried like finds the first and answers it
 * without counting again. Then the pair lock (lockPair) makes a like each way at the same moment
 * exactly one match.
 */
export async function like(db: Db, caller: Caller, targetId: number): Promise<LikeResult> {
  return db.transaction(async (tx) => {
    const me = await requireDater(tx, caller, 'active')
    if (me.memberId === targetId) throw new AppError('DATING_SELF_LIKE')
    const day = shanghaiDay(new Date())
    const [count] = await tx.query<{ likes: number }>(
      `INSERT INTO dating_like_day (member_id, day) VALUES ($1, $2)
       ON CONFLICT (member_id, day) DO UPDATE SET likes = dating_like_day.likes
       RETURNING likes`,
      [me.memberId, day],
    )
    const left = datingLimits.likesPerDay - count.likes
    const [earlier] = await tx.query('SELECT 1 FROM dating_like WHERE member_id = $1 AND target_id = $2', [me.memberId, targetId])
    if (earlier) {
      const matchId = await liveMatchOf(tx, me.memberId, targetId)
      return { matched: matchId !== null, matchId, likesLeft: Math.max(0, left) }
    }
    await requireCandidate(tx, me.memberId, targetId)
    if (left <= 0) throw new AppError('DATING_LIKE_QUOTA')
    await tx.query('INSERT INTO dating_like (member_id, target_id) VALUES ($1, $2)', [me.memberId, targetId])
    await tx.query('DELETE FROM dating_pass WHERE member_id = $1 AND target_id = $2', [me.memberId, targetId])
    await tx.query('UPDATE dating_like_day SET likes = likes + 1 WHERE member_id = $1 AND day = $2', [me.memberId, day])
    await lockPair(tx, me.memberId, targetId)
    const [back] = await tx.query('SELECT 1 FROM dating_like WHERE member_id = $1 AND target_id = $2', [targetId, me.memberId])
    if (!back) return { matched: false, matchId: null, likesLeft: left - 1 }
    const match = await createMatch(tx, me.memberId, targetId, 'like')
    // A pair matches once, ever: a like after an unmatch or a block lifted makes no new match.
    const matchId = match.created ? match.matchId : await liveMatchOf(tx, me.memberId, targetId)
    return { matched: matchId !== null, matchId, likesLeft: left - 1 }
  })
}

/** 跳过: the member leaves discovery for good. Passing twice changes nothing. */
export async function pass(db: Db, caller: Caller, targetId: number): Promise<{ passed: true }> {
  return db.transaction(async (tx) => {
    const me = await requireDater(tx, caller, 'active')
    const [earlier] = await tx.query('SELECT 1 FROM dating_pass WHERE member_id = $1 AND target_id = $2', [me.memberId, targetId])
    if (earlier) return { passed: true as const }
    await requireCandidate(tx, me.memberId, targetId)
    await tx.query('INSERT INTO dating_pass (member_id, target_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [me.memberId, targetId])
    return { passed: true as const }
  })
}
