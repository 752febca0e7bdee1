import type { AidPlan, PlanRules, PlanStatus } from '../../src/shared/api/aid-plans'
import type { BranchRef } from '../../src/shared/api'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { chainOf, covers, pathCovers, scopePaths } from '../scope'
import { branchRefSql, iso, isoOrNull } from '../sql'

export interface PlanRow {
  id: number
  name: string
  coverage_year: number
  contribution_fen: number
  eligible_branch_id: number
  eligible_path: string
  eligible_branch: BranchRef
  individual_enrolment: boolean
  participation_min_bp: number | null
  filing_window_days: number
  rules: PlanRules
  status: PlanStatus
  version: number
  previous_version_id: number | null
  next_version_id: number | null
  created_by: number | null
  created_at: Date
  opened_at: Date | null
  closed_at: Date | null
}

export const planSelect = `
  SELECT p.id, p.name, p.coverage_year, p.contribution_fen, p.eligible_branch_id, b.path AS eligible_path,
         ${branchRefSql('b')} AS eligible_branch, p.individual_enrolment, p.participation_min_bp,
         p.filing_window_days, p.rules, p.status, p.version, p.previous_version_id,
         (SELECT n.id FROM aid_plan n WHERE n.previous_version_id = p.id) AS next_version_id,
         p.created_by, p.created_at, p.opened_at, p.closed_at
    FROM aid_plan p JOIN branch b ON b.id = p.eligible_branch_id`

export async function loadPlan(db: Queryable, id: number, lock = false): Promise<PlanRow | null> {
  const [row] = await db.query<PlanRow>(`${planSelect} WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`, [id])
  return row ?? null
}

/**
 * An aid_admin sees a plan whose members overlap their scope: a plan of their subtree, or one
 * above it that their members enrol in (they confirm those enrolments and import settlements).
 */
export function adminSeesPlan(caller: Caller, plan: Pick<PlanRow, 'eligible_path'>): boolean {
  return scopePaths(caller, 'aid_admin').some((p) => pathCovers(p, plan.eligible_path) || pathCovers(plan.eligible_path, p))
}

/** Plans are defined for the whole city: only an aid_admin granted at the city level writes them. */
export function isCityAidAdmin(caller: Caller): boolean {
  return caller.grants.some((g) => g.role === 'aid_admin' && chainOf(g.branchPath).length === 1)
}

/** Only a city aid_admin, at the plan's eligible branch or above, may change a plan. */
export function adminManagesPlan(caller: Caller, plan: Pick<PlanRow, 'eligible_path'>): boolean {
  return isCityAidAdmin(caller) && covers(caller, 'aid_admin', plan.eligible_path)
}

export function toPlan(row: PlanRow, caller: Caller): AidPlan {
  return {
    id: row.id,
    name: row.name,
    coverageYear: row.coverage_year,
    contributionFen: row.contribution_fen,
    eligibleBranch: row.eligible_branch,
    individualEnrolment: row.individual_enrolment,
    participationMinBp: row.participation_min_bp,
    filingWindowDays: row.filing_window_days,
    rules: row.rules,
    status: row.status,
    version: row.version,
    previousVersionId: row.previous_version_id,
    nextVersionId: row.next_version_id,
    createdAt: iso(row.created_at),
    openedAt: isoOrNull(row.opened_at),
    closedAt: isoOrNull(row.closed_at),
    manageable: adminManagesPlan(caller, row),
    editable: row.status === 'draft' && adminManagesPlan(caller, row),
  }
}
