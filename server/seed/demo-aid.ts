import type { PlanRules } from '../../src/shared/api/aid-plans'
import { createEnrolments } from '../aid/coverage'
import { applyPayout } from '../aid/payout'
import type { Queryable } from '../db'
import { dayStart, shanghaiDay, shanghaiYear } from '../points/calendar'

/**
 * Realistic rules for the demo plan: contribution 100.00 元, 90 days' observation, 800 元 deductible
 * a year, 60% up to 50,000 元 and 70% above, 20,000 元 a claim, 50,000 元 a year, 30 元 a day in
 * hospital from day 4 for up to 60 days, and three critical illnesses.
 */
export const demoAidRules: PlanRules = {
  observationDays: 90,
  deductibleFen: 80_000,
  bands: [
    { uptoFen: 5_000_000, ratioBp: 6000 },
    { uptoFen: null, ratioBp: 7000 },
  ],
  perClaimCapFen: 2_000_000,
  yearlyCapFen: 5_000_000,
  hospitalAllowance: { fromDay: 4, perDayFen: 3000, maxDays: 60 },
  criticalIllness: [
    { code: 'CI01', name: '恶性肿瘤', lumpSumFen: 1_000_000 },
    { code: 'CI02', name: '急性心肌梗塞', lumpSumFen: 800_000 },
    { code: 'CI03', name: '脑中风后遗症', lumpSumFen: 800_000 },
  ],
}

export const demoAidPlan = {
  contributionFen: 10_000,
  filingWindowDays: 180,
  participationMinBp: 8000,
}

/**
 * The city's plans: last year's (closed) and this year's (open). The demo member was enrolled in
 * both, so this year is a renewal without an observation period, and last year shows one
 * settled payout in their history. Runs once: it stops if any plan exists.
 */
export async function seedDemoAid(tx: Queryable, cityId: number, now = new Date()): Promise<boolean> {
  const [existing] = await tx.query('SELECT 1 FROM aid_plan LIMIT 1')
  if (existing) return false
  const year = shanghaiYear(now)
  const [admin] = await tx.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'city-admin'`)
  const [member] = await tx.query<{ id: number; branch_id: number }>(
    `SELECT m.id, m.branch_id FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = 'member'`,
  )
  for (const coverageYear of [year - 1, year]) {
    const closed = coverageYear < year
    const [plan] = await tx.query<{ id: number; coverage_year: number; rules: PlanRules }>(
      `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, participation_min_bp,
                             filing_window_days, rules, status, created_by, opened_at, closed_at)
       VALUES ($1, $2, $3, $4, true, $5, $6, $7, $8, $9, $10, $11) RETURNING id, coverage_year, rules`,
      [
        `${coverageYear}年度职工医疗互助`, coverageYear, demoAidPlan.contributionFen, cityId, demoAidPlan.participationMinBp,
        demoAidPlan.filingWindowDays, JSON.stringify(demoAidRules), closed ? 'closed' : 'open', admin?.id ?? null,
        dayStart(`${coverageYear - 1}-12-01`), closed ? dayStart(`${coverageYear}-01-01`) : null,
      ],
    )
    if (!member) continue
    const [enrolment] = await createEnrolments(
      tx,
      plan,
      [{ memberId: member.id, branchId: member.branch_id, source: 'individual', status: 'active', startsOn: `${coverageYear}-01-01` }],
      shanghaiDay(now),
    )
    if (closed) {
      await applyPayout(tx, {
        enrolmentId: enrolment.enrolmentId,
        source: 'settlement',
        sourceRef: `demo:${coverageYear}:1`,
        bill: { eligibleFen: 1_200_000, hospitalDays: 6 },
      })
    }
  }
  return true
}
