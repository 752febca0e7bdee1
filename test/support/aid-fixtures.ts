import type { PlanRules } from '../../src/shared/api/aid-plans'
import { createEnrolments } from '../../server/aid/coverage'
import type { Queryable } from '../../server/db'
import { shanghaiDay, shanghaiYear } from '../../server/points/calendar'
import { demoAidRules } from '../../server/seed/demo-aid'

/** A plan inserted directly (the plans actions have their own tests), eligible to a named branch's subtree. */
export async function insertAidPlan(
  db: Queryable,
  fields: { branch?: string; status?: 'draft' | 'open'; rules?: PlanRules; year?: number; name?: string } = {},
): Promise<number> {
  const status = fields.status ?? 'open'
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, filing_window_days, rules, status, opened_at)
     SELECT $1, $2, 10000, b.id, true, 180, $3, $4, CASE WHEN $4 = 'draft' THEN NULL ELSE now() END FROM branch b WHERE b.name = $5
     RETURNING id`,
    [fields.name ?? '测试互助计划', fields.year ?? shanghaiYear(new Date()), JSON.stringify(fields.rules ?? demoAidRules), status, fields.branch ?? '嘉兴市总工会'],
  )
  return row.id
}

/** Enrols a member, active, with the observation period behind them unless startsOn says otherwise. */
export async function enrolInPlan(db: Queryable, planId: number, memberId: number, startsOn?: string): Promise<number> {
  const [plan] = await db.query<{ id: number; coverage_year: number; rules: PlanRules }>('SELECT id, coverage_year, rules FROM aid_plan WHERE id = $1', [planId])
  const [member] = await db.query<{ branch_id: number }>('SELECT branch_id FROM member WHERE id = $1', [memberId])
  const [created] = await createEnrolments(
    db,
    plan,
    [{ memberId, branchId: member.branch_id, source: 'individual', status: 'active', startsOn: startsOn ?? `${plan.coverage_year}-01-01` }],
    shanghaiDay(new Date()),
  )
  if (!created) throw new Error(`member ${memberId} is already enrolled this coverage year`)
  if (!startsOn) await db.query('UPDATE aid_enrolment SET observation_ends_on = starts_on WHERE id = $1', [created.enrolmentId])
  return created.enrolmentId
}
