import type { BranchRef } from '../../src/shared/api'
import type { LegalFigureLine, LegalFigures } from '../../src/shared/api/legal-sla'
import type { Caller } from '../caller'
import { holidayYears } from '../calendar/china-holidays'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { addDays, dayStart } from '../points/calendar'
import { covers, findBranch, inSubtreeSql } from '../scope'
import { branchRefSql } from '../sql'
import { loadPolicy } from './deadlines'

/** A Shanghai calendar day of a timestamptz, without a time-zone database (PGlite has none; UTC+8 has no DST). */
const shanghaiDateSql = (ts: string) => `((${ts} AT TIME ZONE 'UTC') + interval '8 hours')::date`

/**
 * Working minutes from asking to the first response, as workingMinutesBetween
 * (server/calendar/working-time.ts) counts them, in SQL so the percentiles are taken there: each
 * Shanghai day between the two that is a working day by the holiday calendar ($4 days off, $5
 * 调休 working days; otherwise Monday to Friday) adds the overlap of its working hours ($6, $7
 * minutes after midnight) with the interval; the sum is floored to whole minutes.
 */
const responseMinutesSql = `
  (SELECT floor(COALESCE(sum(GREATEST(0, extract(epoch FROM
            LEAST(d.start + $7 * interval '1 minute', q.first_response_at) - GREATEST(d.start + $6 * interval '1 minute', q.asked_at)))), 0) / 60)
     FROM (SELECT s::date AS day, (s - interval '8 hours') AT TIME ZONE 'UTC' AS start
             FROM generate_series(${shanghaiDateSql('q.asked_at')}::timestamp, ${shanghaiDateSql('q.first_response_at')}::timestamp, interval '1 day') s) d
    WHERE NOT (d.day = ANY($4::date[])) AND (d.day = ANY($5::date[]) OR extract(isodow FROM d.day) < 6))`

/**
 * One row per question asked in the period ($2 ≤ asked_at < $3) by a member of the subtree ($1),
 * grouped three ways at once: in total, per county, per lawyer. Overdue: answered after the due
 * time, or not answered and the due time passed while it was open ($8 now).
 */
const linesSql = `
  WITH facts AS (
    SELECT q.county_branch_id, q.lawyer_user_id, q.first_response_at, q.rating, q.escalation_step, c.kind AS case_kind,
           CASE WHEN c.id IS NULL THEN NULL ELSE COALESCE(c.outcome, 'open') END AS case_outcome,
           CASE WHEN q.first_response_at IS NOT NULL THEN ${responseMinutesSql} END AS response_minutes,
           (q.first_response_at > q.due_at OR (q.first_response_at IS NULL AND q.due_at <= COALESCE(q.closed_at, $8))) AS overdue
      FROM legal_question q LEFT JOIN legal_case c ON c.question_id = q.id
     WHERE ${inSubtreeSql('q.branch_path', '$1')} AND q.asked_at >= $2 AND q.asked_at < $3
  ), lines AS (
    SELECT GROUPING(f.county_branch_id) AS by_county, GROUPING(f.lawyer_user_id) AS by_lawyer, f.county_branch_id, f.lawyer_user_id,
           count(*)::int AS questions, count(f.first_response_at)::int AS answered,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY f.response_minutes))::int AS median,
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY f.response_minutes))::int AS p90,
           count(*) FILTER (WHERE f.overdue)::int AS overdue, count(*) FILTER (WHERE f.escalation_step >= 2)::int AS escalated,
           count(f.rating)::int AS rating_count, round(avg(f.rating), 1)::text AS rating_average,
           count(*) FILTER (WHERE f.case_kind = 'legal_aid')::int AS legal_aid, count(*) FILTER (WHERE f.case_kind = 'mediation')::int AS mediation,
           count(*) FILTER (WHERE f.case_outcome = 'succeeded')::int AS succeeded, count(*) FILTER (WHERE f.case_outcome = 'not_succeeded')::int AS not_succeeded,
           count(*) FILTER (WHERE f.case_outcome = 'withdrawn')::int AS withdrawn, count(*) FILTER (WHERE f.case_outcome = 'referred')::int AS referred,
           count(*) FILTER (WHERE f.case_outcome = 'open')::int AS open
      FROM facts f
     GROUP BY GROUPING SETS ((), (f.county_branch_id), (f.lawyer_user_id))
  )
  SELECT l.*, COALESCE(m.name, u.nickname) AS lawyer_name
    FROM lines l LEFT JOIN app_user u ON l.by_lawyer = 0 AND u.id = l.lawyer_user_id LEFT JOIN member m ON m.user_id = u.id`

interface LineRow {
  by_county: number
  by_lawyer: number
  county_branch_id: number | null
  lawyer_user_id: number | null
  lawyer_name: string | null
  questions: number
  answered: number
  median: number | null
  p90: number | null
  overdue: number
  escalated: number
  rating_count: number
  rating_average: string | null
  legal_aid: number
  mediation: number
  succeeded: number
  not_succeeded: number
  withdrawn: number
  referred: number
  open: number
}

const emptyLine: LegalFigureLine = {
  questions: 0,
  answered: 0,
  firstResponseMedianMinutes: null,
  firstResponseP90Minutes: null,
  overdue: 0,
  escalated: 0,
  ratingCount: 0,
  ratingAverage: null,
  handoffs: { legal_aid: 0, mediation: 0 },
  outcomes: { succeeded: 0, not_succeeded: 0, withdrawn: 0, referred: 0, open: 0 },
}

function toLine(row: LineRow): LegalFigureLine {
  return {
    questions: row.questions,
    answered: row.answered,
    firstResponseMedianMinutes: row.median,
    firstResponseP90Minutes: row.p90,
    overdue: row.overdue,
    escalated: row.escalated,
    ratingCount: row.rating_count,
    ratingAverage: row.rating_average === null ? null : Number(row.rating_average),
    handoffs: { legal_aid: row.legal_aid, mediation: row.mediation },
    outcomes: { succeeded: row.succeeded, not_succeeded: row.not_succeeded, withdrawn: row.withdrawn, referred: row.referred, open: row.open },
  }
}

/**
 * 法律服务统计 (issue §6) for a legal_admin whose grant covers the branch: questions asked in the
 * period by members of its subtree, in total, per county (every county of the subtree, and any
 * other county a question came from) and per lawyer holding them. No asker appears in it.
 */
export async function legalFigures(
  db: Queryable,
  caller: Caller,
  input: { branchId: number; from: string; to: string },
  now = new Date(),
): Promise<LegalFigures> {
  const branch = await findBranch(db, input.branchId)
  if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
  if (!covers(caller, 'legal_admin', branch.path)) throw new AppError('OUT_OF_SCOPE', `「${branch.name}」不在您可管理的组织范围内`)
  const policy = await loadPolicy(db)
  const years = Object.values(holidayYears)
  const rows = await db.query<LineRow>(linesSql, [
    branch.path,
    dayStart(input.from),
    dayStart(addDays(input.to, 1)),
    years.flatMap((y) => y.off),
    years.flatMap((y) => y.workdays),
    policy.startMinute,
    policy.endMinute,
    now,
  ])
  const countyIds = rows.filter((r) => r.by_county === 0 && r.county_branch_id !== null).map((r) => r.county_branch_id)
  const counties = await db.query<{ id: number; ref: BranchRef }>(
    `SELECT b.id, ${branchRefSql('b')} AS ref FROM branch b
      WHERE b.id = ANY($2::int[]) OR (b.level = 2 AND ${inSubtreeSql('b.path', '$1')})
      ORDER BY b.level, b.name`,
    [branch.path, countyIds],
  )
  const countyLine = new Map(rows.filter((r) => r.by_county === 0).map((r) => [r.county_branch_id, toLine(r)]))
  const total = rows.find((r) => r.by_county === 1 && r.by_lawyer === 1)
  return {
    branch: { id: branch.id, name: branch.name, fullName: branch.full_name, level: branch.level },
    from: input.from,
    to: input.to,
    total: total ? toLine(total) : emptyLine,
    counties: counties.map((c) => ({ branch: c.ref, ...(countyLine.get(c.id) ?? emptyLine) })),
    lawyers: rows
      .flatMap((r) => (r.by_lawyer === 0 && r.lawyer_user_id !== null ? [{ lawyer: { userId: r.lawyer_user_id, name: r.lawyer_name ?? '' }, ...toLine(r) }] : []))
      .sort((a, b) => b.questions - a.questions || a.lawyer.name.localeCompare(b.lawyer.name, 'zh-CN')),
  }
}
