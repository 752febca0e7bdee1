/**
 * Year-end expiry at Jiaxing scale: every member holds points earned two years ago, most of them
 * partly spent the year after; the whole year is expired the way the job does it, batch by
 * batch. `tsx bench/expiry.ts` runs it alone on a fresh jx_bench database; `bench/run.ts` calls
 * measureExpiry after its other measurements.
 */
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import { yearStart } from '../server/points/calendar'
import { expirePoints, lapsedYear } from '../server/points/ledger'
import { openBenchDatabase } from './database'
import { generateJiaxing } from './generate'
import { round } from './stats'

/** What the job uses by default; stated so the report says what was measured. */
const batchSize = 1000

export interface ExpiryReport {
  year: number
  members: number
  ledger_rows_written_s: number
  expiry_full_scale_s: number
  members_per_s: number
  batch_size: number
  expired_members: number
  expired_points: number
  /** Every member's entry equals what FIFO leaves unused, and no member has two. */
  exact: boolean
}

/**
 * One credit per member in `year` (50 to 500 points), three members in five spending part of it
 * the next year. Set-based; balances and balance_after continue whatever the member already has.
 */
async function fundLapsingYear(db: Db, year: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE bench_expiry_plan ON COMMIT DROP AS
       WITH c AS (SELECT m.id, COALESCE(a.balance, 0) AS before, (50 + (m.id::bigint * 7919) % 451)::int AS credit
                    FROM member m LEFT JOIN points_account a ON a.member_id = m.id)
       SELECT id AS member_id, before, credit,
              CASE WHEN id % 5 < 3 THEN (1 + (id::bigint * 104729) % credit)::int ELSE 0 END AS spent
         FROM c`,
    )
    await tx.query(
      `INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, earn_year, created_at)
       SELECT member_id, delta, kind, rule, reason, 'bench', 'bench:' || kind || ':' || member_id, balance_after, earn_year, created_at
         FROM (SELECT member_id, 1 AS seq, credit AS delta, 'earn' AS kind, 'activity' AS rule, '参加活动' AS reason,
                      before + credit AS balance_after, $1::smallint AS earn_year,
                      $2::timestamptz + (member_id % 300) * interval '1 day' AS created_at
                 FROM bench_expiry_plan
               UNION ALL
               SELECT member_id, 2, -spent, 'spend', 'redeem', '兑换', before + credit - spent, NULL,
                      $3::timestamptz + (member_id % 300) * interval '1 day'
                 FROM bench_expiry_plan WHERE spent > 0) r
        ORDER BY member_id, seq`,
      [year, yearStart(year), yearStart(year + 1)],
    )
    await tx.query(
      `INSERT INTO points_account (member_id, balance)
       SELECT member_id, before + credit - spent FROM bench_expiry_plan
       ON CONFLICT (member_id) DO UPDATE SET balance = EXCLUDED.balance`,
    )
  })
  // As autovacuum would have left them after a year of use.
  await db.exec('VACUUM (ANALYZE) points_ledger, points_account')
}

export async function measureExpiry(db: Db, log: (line: string) => void): Promise<ExpiryReport> {
  const now = new Date()
  const year = lapsedYear(now)
  const t0 = performance.now()
  await fundLapsingYear(db, year)
  const written = (performance.now() - t0) / 1000
  const [{ members }] = await db.query<{ members: number }>('SELECT count(*)::int AS members FROM member')
  log(`到期数据：${members} 名会员的 ${year} 年积分，写入 ${round(written, 1)} s`)

  const t1 = performance.now()
  let batches = 0
  const run = await expirePoints(db, year, now, {
    batchSize,
    continueWhile: (done) => {
      batches = done
      if (done > 0 && done % 200 === 0) log(`到期处理：${done} 批，${round((performance.now() - t1) / 1000, 1)} s`)
      return true
    },
  })
  const seconds = (performance.now() - t1) / 1000
  log(`到期处理完成：${run.members} 名会员、${run.points} 积分，${batches + 1} 批，${round(seconds, 1)} s`)

  // What FIFO leaves of each bench credit is credit − spent; every such member exactly one entry.
  const [check] = await db.query<{ wrong: number }>(
    `SELECT count(*)::int AS wrong
       FROM (SELECT e.member_id, e.delta, e.n, c.delta AS credit, COALESCE(s.delta, 0) AS spent
               FROM (SELECT member_id, sum(delta) AS delta, count(*) AS n FROM points_ledger WHERE kind = 'expire' AND source_ref = $1 GROUP BY member_id) e
               FULL JOIN (SELECT member_id, delta FROM points_ledger WHERE idempotency_key LIKE 'bench:earn:%') c USING (member_id)
               LEFT JOIN (SELECT member_id, delta FROM points_ledger WHERE idempotency_key LIKE 'bench:spend:%') s USING (member_id)) x
      WHERE x.n IS DISTINCT FROM 1 AND x.credit + x.spent > 0
         OR x.n = 1 AND -x.delta <> x.credit + x.spent`,
    [`year:${year}`],
  )
  return {
    year,
    members,
    ledger_rows_written_s: round(written, 1),
    expiry_full_scale_s: round(seconds, 1),
    members_per_s: Math.round(run.members / seconds),
    batch_size: batchSize,
    expired_members: run.members,
    expired_points: run.points,
    exact: check.wrong === 0 && run.done,
  }
}

const isMain = process.argv[1]?.endsWith('expiry.ts')
if (isMain) {
  const log = (line: string) => console.error(`[bench] ${line}`)
  const bench = await openBenchDatabase()
  try {
    await migrate(bench.db)
    await generateJiaxing(bench.db, log)
    console.log(JSON.stringify(await measureExpiry(bench.db, log)))
  } finally {
    await bench.close()
  }
}
