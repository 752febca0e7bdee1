import type { Queryable } from '../db'
import { AppError } from '../errors'

/**
 * SQL condition: the dating_profile rows aliased `a` and `b` must not see each other. A block
 * either way hides both from each other everywhere; 同单位隐身 hides members of one unit from each
 * other whichever of the two asked for it. Discovery, profiles, chat, events and 互选 all use this
 * one condition, so "hidden" means the same thing everywhere.
 */
export function separatedSql(a: string, b: string): string {
  return `(EXISTS (SELECT 1 FROM dating_block k
                    WHERE (k.member_id = ${a}.member_id AND k.target_id = ${b}.member_id)
                       OR (k.member_id = ${b}.member_id AND k.target_id = ${a}.member_id))
           OR (${a}.unit_branch_id = ${b}.unit_branch_id AND (${a}.hide_from_unit OR ${b}.hide_from_unit)))`
}

/** SQL condition: the profile aliased `p` is shown to others (approved and active). */
export function shownSql(p: string): string {
  return `(${p}.state = 'active' AND ${p}.approved_at IS NOT NULL)`
}

/** Whether `viewerId` may see `targetId`'s profile now: shown, and not separated from the viewer. */
export async function canSee(db: Queryable, viewerId: number, targetId: number): Promise<boolean> {
  if (viewerId === targetId) return false
  const rows = await db.query(
    `SELECT 1 FROM dating_profile me, dating_profile p
      WHERE me.member_id = $1 AND p.member_id = $2 AND ${shownSql('p')} AND NOT ${separatedSql('me', 'p')}`,
    [viewerId, targetId],
  )
  return rows.length > 0
}

/**
 * The same as a refusal: DATING_PROFILE_UNAVAILABLE, whether the profile is paused, unapproved,
 * deleted, blocking the viewer or hidden from colleagues, so a refusal never tells which.
 */
export async function requireVisible(db: Queryable, viewerId: number, targetId: number): Promise<void> {
  if (!(await canSee(db, viewerId, targetId))) throw new AppError('DATING_PROFILE_UNAVAILABLE')
}
