import type { DaterBasics } from '../../src/shared/api/dating-review'
import type { BranchRef } from '../../src/shared/api/common'
import { ageAt } from '../../src/shared/dating/names'
import type { Gender, ProfileState } from '../../src/shared/dating/names'
import type { Caller } from '../caller'
import { AppError } from '../errors'
import { inSubtreesSql, scopePaths } from '../scope'
import { branchRefSql } from '../sql'

/**
 * What the 红娘 screens share: the caller's scope over members, and who a screen is about (never
 * the real name, unit, birth month or contact: a matchmaker judges the profile, not the person's file).
 */

/** The branch paths the caller is a matchmaker over; the handlers pass them as one text[] parameter. */
export function matchmakerPaths(caller: Caller): string[] {
  return scopePaths(caller, 'matchmaker')
}

/** SQL condition: member `m` (joined to its branch as `mb`) lies in the subtrees given as `param`. */
export function memberInScopeSql(param: string): string {
  return inSubtreesSql('mb.path', param)
}

/** Columns of DaterBasics over profile `p` and its county branch `cb` (LEFT JOINed: absent when deleted); the nickname others know, once approved. */
export const basicsColumns = `p.member_id AS basics_member_id, CASE WHEN p.approved_at IS NOT NULL THEN p.nickname END AS basics_nickname, p.gender AS basics_gender,
  p.birth_ym AS basics_birth_ym, p.state AS basics_state, CASE WHEN cb.id IS NOT NULL THEN ${branchRefSql('cb')} END AS basics_county`

export interface BasicsRow {
  basics_member_id: number
  basics_nickname: string | null
  basics_gender: Gender
  basics_birth_ym: number
  basics_state: ProfileState
  basics_county: BranchRef
}

/** `fallbackNickname` names a profile never approved (by its submitted nickname). */
export function toBasics(row: BasicsRow, now: Date, fallbackNickname?: string): DaterBasics {
  return {
    memberId: row.basics_member_id,
    nickname: row.basics_nickname ?? fallbackNickname ?? '未命名',
    gender: row.basics_gender,
    age: ageAt(row.basics_birth_ym, now),
    county: row.basics_county,
    state: row.basics_state,
  }
}

/** The same over a LEFT JOIN: null when the member has deleted their profile. */
export function toBasicsOrNull(row: { [K in keyof BasicsRow]: BasicsRow[K] | null }, now: Date): DaterBasics | null {
  const { basics_member_id, basics_gender, basics_birth_ym, basics_state, basics_county } = row
  if (basics_member_id === null || basics_gender === null || basics_birth_ym === null || basics_state === null || basics_county === null) return null
  return toBasics({ basics_member_id, basics_gender, basics_birth_ym, basics_state, basics_county, basics_nickname: row.basics_nickname }, now)
}

/** A matchmaker never decides about themselves: their own profile, or a report by or about them. */
export function refuseSelf(caller: Caller, ...memberIds: (number | null)[]): void {
  if (caller.member && memberIds.includes(caller.member.id)) throw new AppError('DATING_SELF_REVIEW')
}
