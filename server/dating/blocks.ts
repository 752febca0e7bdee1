import { z } from 'zod'
import type { BlockedMember } from '../../src/shared/api/dating-match'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorBigId, cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import { requireDater } from './dater'
import { fromMicrosSql, microsSql } from './discovery'
import { endMatch } from './matches'
import { canSee } from './visibility'

/**
 * 拉黑: anyone the member can see, or was ever matched with (a block from the chat after an
 * unmatch). Any joined member may block, even while paused or suspended: safety comes first.
 * Ends a live match between the two; blocking twice changes nothing.
 */
export async function block(db: Db, caller: Caller, targetId: number): Promise<{ blocked: true; matchEnded: boolean }> {
  return db.transaction(async (tx) => {
    const me = await requireDater(tx, caller, 'joined')
    if (me.memberId === targetId) throw new AppError('DATING_SELF_LIKE')
    const [known] = await tx.query<{ blocked: boolean; matched: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM dating_block WHERE member_id = $1 AND target_id = $2) AS blocked,
              EXISTS (SELECT 1 FROM dating_match WHERE member_lo = LEAST($1::int, $2::int) AND member_hi = GREATEST($1::int, $2::int)) AS matched`,
      [me.memberId, targetId],
    )
    if (known.blocked) return { blocked: true as const, matchEnded: false }
    if (!known.matched && !(await canSee(tx, me.memberId, targetId))) throw new AppError('DATING_PROFILE_UNAVAILABLE')
    const inserted = await tx.query(
      `INSERT INTO dating_block (member_id, target_id) SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM dating_profile WHERE member_id = $2)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [me.memberId, targetId],
    )
    // A matched member who has since deleted their profile has no row left to block: nothing to hide.
    if (inserted.length === 0) throw new AppError('DATING_PROFILE_UNAVAILABLE')
    const matchEnded = await endMatch(tx, me.memberId, targetId, me.memberId, 'block')
    return { blocked: true as const, matchEnded }
  })
}

/** 解除拉黑. The two see each other again as anyone else; an ended match stays ended. */
export async function unblock(db: Db, caller: Caller, targetId: number): Promise<{ unblocked: true }> {
  const me = await requireDater(db, caller, 'joined')
  await db.query('DELETE FROM dating_block WHERE member_id = $1 AND target_id = $2', [me.memberId, targetId])
  return { unblocked: true as const }
}

const blocksCursor = z.object({ t: cursorBigId, id: cursorId }).strict()

/** My blocks, newest first: the nickname and when (no photos: they are hidden from me now). */
export async function listBlocks(db: Db, caller: Caller, input: { cursor?: string | null; limit: number }): Promise<Page<BlockedMember>> {
  const after = decodeCursor(input.cursor, blocksCursor)
  const me = await requireDater(db, caller, 'joined')
  const rows = await db.query<{ target_id: number; nickname: string | null; created_at: Date; created_us: string }>(
    `SELECT k.target_id, p.nickname, k.created_at, ${microsSql('k.created_at')} AS created_us
       FROM dating_block k JOIN dating_profile p ON p.member_id = k.target_id
      WHERE k.member_id = $1
        AND ($2::bigint IS NULL OR (k.created_at, k.target_id) < (${fromMicrosSql('$2')}, $3::int))
      ORDER BY k.created_at DESC, k.target_id DESC
      LIMIT $4`,
    [me.memberId, after?.t ?? null, after?.id ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (row) => ({ id: row.target_id, nickname: row.nickname ?? '会员', blockedAt: iso(row.created_at) }),
    (row) => ({ t: Number(row.created_us), id: row.target_id }),
  )
}
