import type { MatchEndReason, MatchVia } from '../../src/shared/dating/names'
import { routes, withQuery } from '../../src/routes'
import type { Queryable } from '../db'
import { notify } from '../notify'

/**
 * Serialises everything that may turn one pair into a match (a like each way, a 互选 pick each way),
 * inside the caller's transaction: whichever of two simultaneous likes commits second sees the
 * first, so a mutual like at the same moment is still exactly one match.
 */
export async function lockPair(tx: Queryable, a: number, b: number): Promise<void> {
  const [lo, hi] = a < b ? [a, b] : [b, a]
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`dating-pair:${lo}:${hi}`])
}

export interface CreatedMatch {
  matchId: number
  /** This call made the match (both were told); false when the pair had one already, live or ended. */
  created: boolean
}

/**
 * THE one way two members become a match (a mutual like or a mutual 互选 pick), in the caller's
 * transaction after lockPair. A pair matches once, ever: after an unmatch or a block they do not
 * match again. Both members are told once, by the message centre (kind dating_match), linking the chat.
 */
export async function createMatch(tx: Queryable, a: number, b: number, via: MatchVia, eventId: number | null = null): Promise<CreatedMatch> {
  const [lo, hi] = a < b ? [a, b] : [b, a]
  const [inserted] = await tx.query<{ id: number }>(
    `INSERT INTO dating_match (member_lo, member_hi, via, event_id, county_lo, county_hi)
     SELECT $1, $2, $3, $4, lo.county_branch_id, hi.county_branch_id
       FROM dating_profile lo, dating_profile hi
      WHERE lo.member_id = $1 AND hi.member_id = $2
     ON CONFLICT (member_lo, member_hi) DO NOTHING
     RETURNING id`,
    [lo, hi, via, eventId],
  )
  if (!inserted) {
    const [existing] = await tx.query<{ id: number }>('SELECT id FROM dating_match WHERE member_lo = $1 AND member_hi = $2', [lo, hi])
    return { matchId: existing.id, created: false }
  }
  const sides = await tx.query<{ user_id: number; other_nickname: string }>(
    `SELECT me.user_id, other.nickname AS other_nickname
       FROM dating_profile me JOIN dating_profile other ON other.member_id = CASE WHEN me.member_id = $1 THEN $2 ELSE $1 END::int
      WHERE me.member_id IN ($1, $2)`,
    [lo, hi],
  )
  for (const side of sides) {
    await notify(tx, {
      userId: side.user_id,
      kind: 'dating_match',
      source: `dating_match:${inserted.id}`,
      title: '鹊桥会：配对成功',
      body: via === 'event' ? `你和「${side.other_nickname}」在活动中互选成功，现在可以聊天并查看对方的联系方式。` : `你和「${side.other_nickname}」互相喜欢，现在可以聊天并查看对方的联系方式。`,
      link: withQuery(routes.datingChat, { matchId: inserted.id }),
      payload: { nickname: side.other_nickname },
    })
  }
  return { matchId: inserted.id, created: true }
}

/**
 * Ends a live match and its chat (an unmatch, a block, a deleted or closed profile), in the
 * caller's transaction. Ending an ended match changes nothing. Returns whether this call ended it.
 */
export async function endMatch(tx: Queryable, a: number, b: number, endedBy: number | null, reason: MatchEndReason): Promise<boolean> {
  const [lo, hi] = a < b ? [a, b] : [b, a]
  const rows = await tx.query(
    `UPDATE dating_match SET ended_at = now(), ended_by = $3, end_reason = $4
      WHERE member_lo = $1 AND member_hi = $2 AND ended_at IS NULL
      RETURNING id`,
    [lo, hi, endedBy, reason],
  )
  return rows.length > 0
}
