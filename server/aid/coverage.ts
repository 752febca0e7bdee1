import type { CoverageState, CoverageYear, EnrolmentStatus, PlanRules } from '../../src/shared/api/aid-plans'
import type { BranchRef } from '../../src/shared/api'
import type { Queryable } from '../db'
import { shanghaiDay } from '../points/calendar'
import { AppError } from '../errors'
import { branchRefSql } from '../sql'
import type { PlanRow } from './plans'

export interface NewEnrolment {
  memberId: number
  /** The member's branch now: figures by branch keep it. */
  branchId: number
  source: 'batch' | 'individual'
  batchId?: number | null
  /** Batches wait for payment confirmation; the demo seed enrols as paid. */
  status: 'pending_payment' | 'active'
  /** Defaults to today, or the coverage year's first day when enrolling ahead of it. */
  startsOn?: string
}

export interface CreatedEnrolment {
  memberId: number
  enrolmentId: number
}

/** The first and last day of a plan's coverage year. */
export function coveragePeriod(coverageYear: number): { from: string; to: string } {
  return { from: `${coverageYear}-01-01`, to: `${coverageYear}-12-31` }
}

/**
 * Enrols members in a plan in one statement, each with their yearly counters. The observation
 * period starts with the enrolment and is waived for members who had an active enrolment in the
 * previous coverage year (a renewal). A member already enrolled this coverage year (in this plan
 * or another version of it) is skipped: the result lists only the enrolments made, so the caller
 * tells each skipped row why. Call inside the caller's transaction.
 */
export async function createEnrolments(tx: Queryable, plan: Pick<PlanRow, 'id' | 'coverage_year' | 'rules'>, rows: NewEnrolment[], today = shanghaiDay(new Date())): Promise<CreatedEnrolment[]> {
  if (rows.length === 0) return []
  const period = coveragePeriod(plan.coverage_year)
  if (rows.some((row) => (row.startsOn ?? today) > period.to)) throw new AppError('AID_PLAN_STATE_CONFLICT', '该计划的保障年度已结束，不能再参保')
  const startOf = (row: NewEnrolment) => {
    const day = row.startsOn ?? today
    return day < period.from ? period.from : day
  }
  // One enrolment per member and coverage year spans plans (a city plan and a county plan may both be
  // open), which no unique key can say: enrolments of a year are written one transaction at a time.
  // Lists are rare and short to write, and a lock per member would fill the lock table on a 20,000-row list.
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`aid-enrol-year:${plan.coverage_year}`])
  const created = await tx.query<{ id: number; member_id: number }>(
    `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::text[], $6::date[])
         AS t(member_id, branch_id, source, batch_id, status, starts_on)
     ), renewing AS (
       SELECT DISTINCT e.member_id FROM aid_enrolment e JOIN aid_plan p ON p.id = e.plan_id
        WHERE p.coverage_year = $7 - 1 AND e.status = 'active' AND e.member_id = ANY($1::int[])
     ), inserted AS (
       INSERT INTO aid_enrolment (plan_id, member_id, branch_id, source, batch_id, status, starts_on, observation_ends_on, ends_on)
       SELECT $8, i.member_id, i.branch_id, i.source, i.batch_id, i.status, i.starts_on,
              CASE WHEN r.member_id IS NULL THEN i.starts_on + $9::int ELSE i.starts_on END, $10::date
         FROM input i LEFT JOIN renewing r ON r.member_id = i.member_id
        WHERE NOT EXISTS (SELECT 1 FROM aid_enrolment x JOIN aid_plan xp ON xp.id = x.plan_id
                           WHERE x.member_id = i.member_id AND xp.coverage_year = $7 AND x.status <> 'cancelled')
       ON CONFLICT (plan_id, member_id) DO NOTHING
       RETURNING id, member_id
     ), usage AS (
       INSERT INTO aid_year_usage (enrolment_id, coverage_year) SELECT id, $7 FROM inserted
     )
     SELECT id, member_id FROM inserted`,
    [
      rows.map((r) => r.memberId),
      rows.map((r) => r.branchId),
      rows.map((r) => r.source),
      rows.map((r) => r.batchId ?? null),
      rows.map((r) => r.status),
      rows.map(startOf),
      plan.coverage_year,
      plan.id,
      plan.rules.observationDays,
      period.to,
    ],
  )
  return created.map((r) => ({ memberId: r.member_id, enrolmentId: r.id }))
}

/** Where an enrolment stands on a day (Asia/Shanghai), for claims and the coverage page. */
export function coverageStateOn(enrolment: { status: EnrolmentStatus; startsOn: string; observationEndsOn: string; endsOn: string }, day: string): CoverageState {
  if (enrolment.status !== 'active') return 'inactive'
  if (day < enrolment.startsOn) return 'not_started'
  if (day > enrolment.endsOn) return 'lapsed'
  if (day < enrolment.observationEndsOn) return 'observation'
  return 'covered'
}

interface CoverageRow {
  enrolment_id: number
  status: EnrolmentStatus
  source: 'batch' | 'individual'
  starts_on: string
  observation_ends_on: string
  ends_on: string
  plan_id: number
  plan_name: string
  coverage_year: number
  version: number
  filing_window_days: number
  rules: PlanRules
  branch: BranchRef
  deductible_used_fen: number
  paid_fen: number
  hospital_days_paid: number
  critical_codes_paid: string[]
  payouts: number
}

export const coverageSelect = `
  SELECT e.id AS enrolment_id, e.status, e.source, e.starts_on::text AS starts_on,
         e.observation_ends_on::text AS observation_ends_on, e.ends_on::text AS ends_on,
         p.id AS plan_id, p.name AS plan_name, p.coverage_year, p.version, p.filing_window_days, p.rules,
         ${branchRefSql('b')} AS branch,
         u.deductible_used_fen, u.paid_fen, u.hospital_days_paid, u.critical_codes_paid,
         (SELECT count(*) FROM aid_payout ap WHERE ap.enrolment_id = e.id)::int AS payouts
    FROM aid_enrolment e
    JOIN aid_plan p ON p.id = e.plan_id
    JOIN branch b ON b.id = e.branch_id
    JOIN aid_year_usage u ON u.enrolment_id = e.id`

export function toCoverageYear(row: CoverageRow, today: string): CoverageYear {
  const state = coverageStateOn(
    { status: row.status, startsOn: row.starts_on, observationEndsOn: row.observation_ends_on, endsOn: row.ends_on },
    today,
  )
  return {
    enrolmentId: row.enrolment_id,
    plan: { id: row.plan_id, name: row.plan_name, coverageYear: row.coverage_year, version: row.version, filingWindowDays: row.filing_window_days, rules: row.rules },
    branch: row.branch,
    status: row.status,
    source: row.source,
    startsOn: row.starts_on,
    observationEndsOn: row.observation_ends_on,
    endsOn: row.ends_on,
    state,
    inObservation: state === 'observation',
    current: state === 'covered' || state === 'observation',
    usage: {
      yearlyCapFen: row.rules.yearlyCapFen,
      paidFen: row.paid_fen,
      leftFen: Math.max(0, row.rules.yearlyCapFen - row.paid_fen),
      deductibleFen: row.rules.deductibleFen,
      deductibleUsedFen: row.deductible_used_fen,
      hospitalDaysPaid: row.hospital_days_paid,
      criticalCodesPaid: row.critical_codes_paid,
      payouts: row.payouts,
    },
  }
}

/** Years of history the coverage page shows; a member has one enrolment a year. */
const historyYears = 30

/** The member's enrolments, newest coverage year first. */
export async function coverageOf(db: Queryable, memberId: number, today = shanghaiDay(new Date())): Promise<CoverageYear[]> {
  const rows = await db.query<CoverageRow>(
    `${coverageSelect} WHERE e.member_id = $1 ORDER BY e.member_id, e.starts_on DESC, e.id DESC LIMIT ${historyYears}`,
    [memberId],
  )
  return rows.map((row) => toCoverageYear(row, today))
}

/** One enrolment of the member's own, or null: another member's reads as none at all. */
export async function ownEnrolment(db: Queryable, memberId: number, enrolmentId: number, today = shanghaiDay(new Date())): Promise<CoverageYear | null> {
  const [row] = await db.query<CoverageRow>(`${coverageSelect} WHERE e.id = $1 AND e.member_id = $2`, [enrolmentId, memberId])
  return row ? toCoverageYear(row, today) : null
}
