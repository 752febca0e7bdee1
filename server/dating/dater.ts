import type { Gender, ProfileState } from '../../src/shared/dating/names'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'

/** The caller's own dating profile, as every dating action sees it. */
export interface Dater {
  memberId: number
  userId: number
  gender: Gender
  birthYear: number
  birthMonth: number
  birthYm: number
  countyBranchId: number
  unitBranchId: number
  /** The member's branch path: the audience of events and the matchmakers over them follow it. */
  branchPath: string
  state: ProfileState
  suspendedUntil: Date | null
  /** A matchmaker has approved a version of the profile: others may see it. */
  approved: boolean
  hideFromUnit: boolean
}

interface DaterRow {
  member_id: number
  user_id: number
  gender: Gender
  birth_year: number
  birth_month: number
  birth_ym: number
  county_branch_id: number
  unit_branch_id: number
  state: ProfileState
  suspended_until: Date | null
  approved: boolean
  hide_from_unit: boolean
}

const daterColumns = `member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id, state,
  suspended_until, approved_at IS NOT NULL AS approved, hide_from_unit`

const daterSql = `SELECT ${daterColumns} FROM dating_profile WHERE member_id = $1`

/**
 * The profile, after ending a suspension whose time has passed and marking the member active for
 * discovery's order (at most every 10 minutes). The row is written only when one of those is due:
 * every dating call (a chat polls every few seconds) would otherwise write a new row version.
 */
const activeDaterSql = `WITH touched AS (
  UPDATE dating_profile
     SET state = CASE WHEN state = 'suspended' AND suspended_until <= now() THEN 'active' ELSE state END,
         suspended_until = CASE WHEN state = 'suspended' AND suspended_until <= now() THEN NULL ELSE suspended_until END,
         last_active_at = CASE WHEN last_active_at < now() - interval '10 minutes' THEN now() ELSE last_active_at END
   WHERE member_id = $1
     AND (last_active_at < now() - interval '10 minutes' OR (state = 'suspended' AND suspended_until <= now()))
  RETURNING ${daterColumns}
)
SELECT * FROM touched
UNION ALL
SELECT ${daterColumns} FROM dating_profile WHERE member_id = $1 AND NOT EXISTS (SELECT 1 FROM touched)`

/**
 * What an action needs of the caller's profile:
 * - `joined`: any profile not closed (see and edit one's own, pause, resume, delete; a suspended
 *   member can still read why and delete);
 * - `erasable`: any profile, closed ones too: a member whose profile a matchmaker closed may still
 *   erase it (the reports about them stay, as evidence);
 * - `active`: approved, shown and not suspended: everything done to or with other members
 *   (discovery, likes, chat, reports, events). Acting marks the profile active for discovery's order.
 */
export type DaterNeed = 'erasable' | 'joined' | 'active'

/**
 * The caller's dating profile, or the reason they may not do this: NOT_MEMBER, DATING_NOT_JOINED,
 * DATING_CLOSED, and for `active` also DATING_SUSPENDED, DATING_PAUSED, DATING_NOT_APPROVED. A
 * suspension whose time has passed ends here, when the member next acts.
 */
export async function requireDater(db: Queryable, caller: Caller, need: DaterNeed): Promise<Dater> {
  const member = requireMember(caller)
  const [row] = await db.query<DaterRow>(need === 'active' ? activeDaterSql : daterSql, [member.id])
  if (!row) throw new AppError('DATING_NOT_JOINED')
  if (row.state === 'closed' && need !== 'erasable') throw new AppError('DATING_CLOSED')
  if (need === 'active') {
    if (row.state === 'suspended') throw new AppError('DATING_SUSPENDED')
    if (row.state === 'paused') throw new AppError('DATING_PAUSED')
    if (!row.approved) throw new AppError('DATING_NOT_APPROVED')
  }
  return {
    memberId: row.member_id,
    userId: row.user_id,
    gender: row.gender,
    birthYear: row.birth_year,
    birthMonth: row.birth_month,
    birthYm: row.birth_ym,
    countyBranchId: row.county_branch_id,
    unitBranchId: row.unit_branch_id,
    branchPath: member.branchPath,
    state: row.state,
    suspendedUntil: row.suspended_until,
    approved: row.approved,
    hideFromUnit: row.hide_from_unit,
  }
}

/**
 * SQL expression: the county (level-2 branch) id on a branch path '/1/5/37/…', or the city's id for
 * a branch above county level. Profiles, matches and the union's figures count by it.
 */
export function countyIdSql(path: string): string {
  return `COALESCE(NULLIF(split_part(${path}, '/', 3), '')::int, split_part(${path}, '/', 2)::int)`
}
