import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import type { Db } from '../server/db'
import { signToken } from '../server/tokens'
import type { ActionInput } from '../src/shared/api'
import { timedAction } from './call-action'
import { seededRandom, summarize, timed } from './stats'
import type { Latency } from './stats'

/**
 * 医疗互助 at Jiaxing's size: 2.11 million person-years of enrolment (two coverage years over the
 * 1.13 million generated members) and 330,000 manual claims, most of them long paid, a few
 * thousand open. Set-based SQL inside the server, like generate.ts.
 */
export const aidScale = { enrolments2026: 1_065_000, enrolments2025: 1_045_000, claims: 330_000 }
export const aidTargetP99Ms = 20

const rules = {
  observationDays: 90,
  deductibleFen: 80_000,
  bands: [{ uptoFen: 5_000_000, ratioBp: 6000 }, { uptoFen: null, ratioBp: 7000 }],
  perClaimCapFen: 2_000_000,
  yearlyCapFen: 5_000_000,
  hospitalAllowance: { fromDay: 4, perDayFen: 3_000, maxDays: 60 },
  criticalIllness: [{ code: 'CI01', name: '恶性肿瘤', lumpSumFen: 1_000_000 }],
}

async function generateAid(db: Db, log: (line: string) => void): Promise<Record<string, number>> {
  const steps: Record<string, number> = {}
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const { ms } = await timed(() => db.query(sql, params))
    steps[name] = Math.round(ms / 100) / 10
    log(`医疗互助数据：${name} ${steps[name]} s`)
  }
  await step(
    'plans',
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, filing_window_days, rules, status, opened_at, closed_at)
     VALUES ('嘉兴市职工医疗互助 2025 年度', 2025, 10000, 1, 180, $1, 'closed', '2024-12-01', '2026-01-01'),
            ('嘉兴市职工医疗互助 2026 年度', 2026, 10000, 1, 180, $1, 'open', '2025-12-01', NULL)`,
    [JSON.stringify(rules)],
  )
  await step(
    'enrolments',
    `INSERT INTO aid_enrolment (plan_id, member_id, branch_id, source, status, starts_on, observation_ends_on, ends_on)
     SELECT p.id, m.id, m.branch_id, 'individual', 'active', make_date(p.coverage_year, 1, 1),
            make_date(p.coverage_year, 1, 1) + CASE WHEN p.coverage_year = 2026 AND m.id > 88000 THEN 0 ELSE 90 END,
            make_date(p.coverage_year, 12, 31)
       FROM aid_plan p JOIN member m ON (p.coverage_year = 2026 AND m.id <= $1) OR (p.coverage_year = 2025 AND m.id > 88000 AND m.id <= 88000 + $2)
      ORDER BY m.id, p.coverage_year`,
    [aidScale.enrolments2026, aidScale.enrolments2025],
  )
  // The counters start at zero, which the per-row check of the yearly cap cannot fault: it is
  // switched off for the bulk load only (a throw-away database) and on again after.
  await db.query('ALTER TABLE aid_year_usage DISABLE TRIGGER aid_year_usage_within_rules')
  await step(
    'year usage',
    `INSERT INTO aid_year_usage (enrolment_id, coverage_year) SELECT e.id, p.coverage_year FROM aid_enrolment e JOIN aid_plan p ON p.id = e.plan_id`,
  )
  await db.query('ALTER TABLE aid_year_usage ENABLE TRIGGER aid_year_usage_within_rules')
  // Claims: every sixth enrolment up to the total; 1.5% still open (spread over the four open
  // stages), 1% rejected, the rest paid. Submitted over each coverage year.
  await step(
    'claims',
    `INSERT INTO aid_claim (enrolment_id, member_id, user_id, branch_id, branch_path, claim_type, status, request_id, hospital,
                            admission_on, discharge_on, total_fen, insurance_paid_fen, self_paid_fen, eligible_fen, hospital_days,
                            computed_fen, approved_fen, decided_at, paid_at, payout_ref, bank_account_masked, submitted_at, created_at)
     SELECT c.enrolment_id, c.member_id, c.user_id, c.branch_id, c.path, 'hospital', c.status, 'bench-' || c.enrolment_id, '嘉兴市第一医院',
            c.admitted, c.admitted + 5, 2 * c.eligible, c.eligible, c.eligible, c.eligible, 5, c.computed,
            CASE WHEN c.status IN ('approved', 'paid') THEN c.computed END,
            CASE WHEN c.status IN ('approved', 'paid', 'rejected') THEN c.submitted + interval '6 days' END,
            CASE WHEN c.status = 'paid' THEN c.submitted + interval '9 days' END,
            CASE WHEN c.status = 'paid' THEN 'TX' || c.enrolment_id END,
            CASE WHEN c.status = 'paid' THEN '**** 0001' END,
            c.submitted, c.submitted
       FROM (
         SELECT e.id AS enrolment_id, e.member_id, m.user_id, e.branch_id, b.path, e.starts_on + (e.id % 300) AS admitted,
                100000 + (e.id % 97) * 10000 AS eligible, ((100000 + (e.id % 97) * 10000) * 6 / 10) AS computed,
                CASE WHEN p.coverage_year = 2025 THEN
                       CASE WHEN e.id % 100 = 0 THEN 'rejected' ELSE 'paid' END
                     ELSE CASE WHEN e.id % 67 = 1 THEN (ARRAY['submitted', 'in_review', 'need_more', 'second_review'])[1 + e.id % 4]
                               WHEN e.id % 100 = 0 THEN 'rejected' ELSE 'paid' END
                END AS status,
                (e.starts_on + (e.id % 300) + 8)::timestamptz AS submitted
           FROM aid_enrolment e JOIN aid_plan p ON p.id = e.plan_id JOIN member m ON m.id = e.member_id JOIN branch b ON b.id = e.branch_id
          WHERE e.id % 6 = 0
          ORDER BY e.id
          LIMIT $1
       ) c`,
    [aidScale.claims],
  )
  await step(
    'claim payouts',
    `INSERT INTO aid_payout (enrolment_id, source, source_ref, amount_fen, deductible_fen, computed_fen, bill, explanation, created_at)
     SELECT c.enrolment_id, 'claim', c.id::text, c.approved_fen, 0, c.approved_fen, jsonb_build_object('eligibleFen', c.eligible_fen),
            '["可报销金额 × 60%"]'::jsonb, c.decided_at
       FROM aid_claim c WHERE c.status = 'paid'`,
  )
  // As autovacuum would leave them: statistics, and the visibility map the index-only scans read.
  await step('vacuum analyze', 'VACUUM ANALYZE aid_plan, aid_enrolment, aid_year_usage, aid_claim, aid_payout')
  return steps
}

interface Caller {
  token: string
}

async function reviewers(db: Db, secret: string): Promise<Caller[]> {
  // The city, every county, and the first two towns of each county: reviewers at every level above the enterprises.
  const branches = await db.query<{ id: number }>(
    `SELECT id FROM branch WHERE level IN (1, 2)
     UNION ALL
     SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY parent_id ORDER BY id) AS n FROM branch WHERE level = 3) t WHERE n <= 2`,
  )
  const exp = Math.floor(Date.now() / 1000) + 3600
  const callers: Caller[] = []
  for (const branch of branches) {
    const [user] = await db.query<{ id: number }>(`INSERT INTO app_user (nickname) VALUES ('互助审核员') RETURNING id`)
    await db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'claim_reviewer', $2)`, [user.id, branch.id])
    callers.push({ token: signToken(secret, sessionPurpose, { uid: user.id, exp }) })
  }
  return callers
}

async function enrolledMembers(db: Db, secret: string, count: number, seed: number): Promise<Caller[]> {
  const random = seededRandom(seed)
  const ids = Array.from({ length: count }, () => 1 + Math.floor(random() * aidScale.enrolments2026))
  const rows = await db.query<{ user_id: number }>('SELECT user_id FROM member WHERE id = ANY($1::int[])', [ids])
  const exp = Math.floor(Date.now() / 1000) + 3600
  return rows.map((r) => ({ token: signToken(secret, sessionPurpose, { uid: r.user_id, exp }) }))
}

async function timeCalls(deps: Deps, calls: { caller: Caller; action: 'reviewQueue' | 'coverage'; input: ActionInput<'aid', 'reviewQueue' | 'coverage'> }[]): Promise<number[]> {
  const samples: number[] = []
  for (const call of calls) {
    samples.push((await timedAction(deps, call.caller.token, 'aid', call.action, call.input)).ms)
  }
  return samples
}

export interface AidBench {
  generation_steps_s: Record<string, number>
  counts: { enrolments: number; claims: number; open_claims: number }
  queue: Latency
  coverage: Latency
}

/**
 * The reviewer's queue (first page, the four reviewer lists in turn, reviewers at city, county and
 * town) and the member's coverage page, one call at a time through dispatch (session check,
 * caller, validation, handler), after a warm-up.
 */
export async function measureAid(deps: Deps, log: (line: string) => void, options = { calls: 2_000, warmup: 200 }): Promise<AidBench> {
  const { db } = deps
  const steps = await generateAid(db, log)
  const [counts] = await db.query<{ enrolments: number; claims: number; open_claims: number }>(
    `SELECT (SELECT count(*)::int FROM aid_enrolment) AS enrolments, (SELECT count(*)::int FROM aid_claim) AS claims,
            (SELECT count(*)::int FROM aid_claim WHERE status IN ('submitted', 'in_review', 'need_more', 'second_review')) AS open_claims`,
  )
  log(`医疗互助规模：${JSON.stringify(counts)}`)
  const staff = await reviewers(db, deps.env.appSecret)
  const filters = ['all', 'unassigned', 'mine', 'second_review'] as const
  const queueCalls = (n: number, seed: number) => {
    const random = seededRandom(seed)
    return Array.from({ length: n }, (_, i) => ({
      caller: staff[Math.floor(random() * staff.length)],
      action: 'reviewQueue' as const,
      input: { filter: filters[i % filters.length], limit: 20 },
    }))
  }
  await timeCalls(deps, queueCalls(options.warmup, 11))
  const queue = summarize(await timeCalls(deps, queueCalls(options.calls, 12)))
  log(`aid.reviewQueue：${JSON.stringify(queue)}`)

  const coverageCalls = (members: Caller[]) => members.map((caller) => ({ caller, action: 'coverage' as const, input: {} }))
  await timeCalls(deps, coverageCalls(await enrolledMembers(db, deps.env.appSecret, options.warmup, 13)))
  const coverage = summarize(await timeCalls(deps, coverageCalls(await enrolledMembers(db, deps.env.appSecret, options.calls, 14))))
  log(`aid.coverage：${JSON.stringify(coverage)}`)
  return { generation_steps_s: steps, counts, queue, coverage }
}
