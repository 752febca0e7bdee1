import { writeFileSync } from 'node:fs'
import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import type { Db, Queryable } from '../server/db'
import { createPostgresDb } from '../server/db/postgres'
import { shanghaiYear } from '../server/points/calendar'
import { ledgerKeys } from '../server/points/ledger'
import { signToken } from '../server/tokens'
import { processCpuNs, startCpuMeter } from './cpu'
import type { CpuReport } from './cpu'
import type { PgbenchReport } from './pgbench'
import { runClients } from './redeem-client'
import type { LoadPlan, LoadResult, Shopper, Ware } from './redeem-client'
import { startClientThreads } from './redeem-threads'
import { round, seededRandom, summarize } from './stats'
import type { Latency } from './stats'
import { sampleWaits } from './waits'
import type { WaitReport } from './waits'
import { startWireCounter } from './wire-counter'

/** The mall as the bench stocks it: a city-wide catalogue, funded members, one flash-sale item. */
export const mallScale = {
  items: 500,
  itemStock: 1_000_000,
  fundedMembers: 20_000,
  fundingPoints: 100_000,
  hotStock: 100,
  hotAttempts: 2_000,
}

export interface RedeemOptions {
  clients: number
  warmupMs: number
  measureMs: number
  /** Warm-up and measured time of the comparison runs (worker threads, default pool). */
  comparisonWarmupMs: number
  comparisonMs: number
  /** Worker threads for a comparison run (0: skip it); the clients are split between them. */
  threads: number
  /** The server's own pool size (createPostgresDb's default), for a comparison run (0: skip it). */
  defaultPoolSize: number
  /** Sequential, traced calls for the per-statement profile. */
  profileCalls: number
  /** Sequential calls counted on the wire, with the server backend's CPU time. */
  wireCalls: number
  planFile: string
}

const categoryNames = ['日用百货', '粮油副食', '家用电器', '数码配件', '文体用品', '健康服务']
const wareNames = ['保温杯', '折叠伞', '电饭煲', '蓝牙耳机', '洗衣液', '五常大米 5kg', '菜籽油 5L', '体检套餐', '羽毛球拍', '充电宝']
/** Connections of the load pools carry this name, so the wait sampler sees only them. */
const loadApplicationName = 'jx-bench-redeem'

interface Fixture {
  wares: Ware[]
  hot: Ware
  /** member id and user id of every funded member */
  funded: { memberId: number; userId: number }[]
  seconds: number
}

/**
 * Categories, items and points by set-based SQL. Funding goes through the ledger exactly as
 * award() would write it: an earn entry per member with its own idempotency key, balance_after
 * equal to the account's new balance, and the account row moved by the same amount.
 */
async function stockMall(db: Db): Promise<Fixture> {
  const started = performance.now()
  const fixture = await db.transaction(async (tx) => {
    const categories = await tx.query<{ id: number }>(
      `INSERT INTO mall_category (name, sort) SELECT name, k FROM unnest($1::text[]) WITH ORDINALITY AS c(name, k)
       ON CONFLICT (name) DO UPDATE SET sort = EXCLUDED.sort RETURNING id`,
      [categoryNames],
    )
    const [city] = await tx.query<{ id: number }>('SELECT id FROM branch WHERE parent_id IS NULL ORDER BY id LIMIT 1')
    // Pickup items are handed over at a county union's service point.
    const [pickup] = await tx.query<{ id: number; point_id: number }>(
      `WITH county AS (SELECT id FROM branch WHERE parent_id = $1 ORDER BY id LIMIT 1)
       INSERT INTO mall_pickup_point (branch_id, name, address, opening_hours, phone)
       SELECT id, '压测服务点', '嘉兴市南湖区压测路 1 号', '周一至周五 9:00-17:00', '0573-82000000' FROM county
       RETURNING branch_id AS id, id AS point_id`,
      [city.id],
    )
    const wares = await tx.query<Ware>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, description, price_points, stock,
                              limit_period, limit_count, sale_start, pickup_branch_id, pickup_point_id)
       SELECT $1, $1, ($2::int[])[1 + g % cardinality($2::int[])], k.kind,
              ($3::text[])[1 + g % cardinality($3::text[])] || ' · ' || g || ' 号', '压测商品', 10 + (g * 37) % 491, $4,
              -- every fifth item has a monthly limit, so the redeem path counts past orders too
              CASE WHEN g % 5 = 0 THEN 'month' END, CASE WHEN g % 5 = 0 THEN 10 END,
              now() - interval '1 day', CASE WHEN k.kind = 'pickup' THEN $5::int END, CASE WHEN k.kind = 'pickup' THEN $7::int END
         FROM generate_series(1, $6::int) AS g
        CROSS JOIN LATERAL (SELECT CASE WHEN g % 2 = 0 THEN 'pickup' ELSE 'delivery' END AS kind) AS k
       RETURNING id, kind`,
      [city.id, categories.map((c) => c.id), wareNames, mallScale.itemStock, pickup.id, mallScale.items, pickup.point_id],
    )
    const [hot] = await tx.query<Ware>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, description, price_points, stock,
                              limit_period, limit_count, sale_start, pickup_branch_id, pickup_point_id)
       VALUES ($1, $1, $2, 'pickup', '限时秒兑：电影票两张', '压测秒兑商品', 100, $3, 'lifetime', 1, now() - interval '1 minute', $4, $5)
       RETURNING id, kind`,
      [city.id, categories[0].id, mallScale.hotStock, pickup.id, pickup.point_id],
    )
    const [{ max }] = await tx.query<{ max: number }>('SELECT max(id) AS max FROM member')
    const step = Math.max(1, Math.floor(max / mallScale.fundedMembers))
    const members = await tx.query<{ id: number }>('SELECT id FROM member WHERE id % $1 = 0 ORDER BY id LIMIT $2', [step, mallScale.fundedMembers])
    const sourceRef = (memberId: number) => `bench-funding:${memberId}`
    const funded = await tx.query<{ memberId: number; userId: number }>(
      `WITH f AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS f(member_id, source_ref, key)),
            acct AS (
              INSERT INTO points_account (member_id, balance) SELECT member_id, $4 FROM f
              ON CONFLICT (member_id) DO UPDATE SET balance = points_account.balance + EXCLUDED.balance, updated_at = now()
              RETURNING member_id, balance),
            earned AS (
              INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, earn_year)
              SELECT a.member_id, $4, 'earn', 'admin_grant', '工会发放（压测）', f.source_ref, f.key, a.balance, $5
                FROM acct a JOIN f ON f.member_id = a.member_id
              RETURNING member_id)
       SELECT m.id AS "memberId", m.user_id AS "userId" FROM earned e JOIN member m ON m.id = e.member_id ORDER BY m.id`,
      [
        members.map((m) => m.id),
        members.map((m) => sourceRef(m.id)),
        // The ledger's own key format, so a later award() for the same source is a replay.
        members.map((m) => ledgerKeys.award(m.id, 'admin_grant', sourceRef(m.id))),
        mallScale.fundingPoints,
        shanghaiYear(new Date()),
      ],
    )
    return { wares, hot, funded }
  })
  await db.exec('ANALYZE mall_category, mall_item, mall_order, points_account, points_ledger')
  return { ...fixture, seconds: round((performance.now() - started) / 1000, 1) }
}

function shoppersOf(fixture: Fixture, appSecret: string): Shopper[] {
  const exp = Math.floor(Date.now() / 1000) + 3600
  return fixture.funded.map((f) => ({ memberId: f.memberId, token: signToken(appSecret, sessionPurpose, { uid: f.userId, exp }) }))
}

/** Distinct shoppers in a seeded order. */
function shuffled<T>(list: T[], seed: number): T[] {
  const random = seededRandom(seed)
  const copy = [...list]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}

async function countOrders(db: Queryable): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM mall_order')
  return n
}

/** A clean slate for every measured phase: no spread checkpoint from earlier writes running underneath. */
async function checkpoint(db: Queryable): Promise<void> {
  await db.query('CHECKPOINT').catch(() => undefined)
}

// ---------------------------------------------------------------------------------------------
// Per-statement profile: one client, calls one after another, every query timed.

interface Traced {
  sql: string
  params: unknown[] | undefined
  calls: number
  totalMs: number
}

function label(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 100)
}

/** The same Db, with every statement's round trip and the transaction's BEGIN and COMMIT timed. */
function tracingDb(db: Db, traces: Map<string, Traced>, frame: { beginMs: number; commitMs: number }): Db {
  const record = (sql: string, params: unknown[] | undefined, ms: number) => {
    const key = label(sql)
    const t = traces.get(key) ?? { sql, params, calls: 0, totalMs: 0 }
    t.calls++
    t.totalMs += ms
    traces.set(key, t)
  }
  const traced = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const start = process.hrtime.bigint()
      const rows = await q.query<T>(sql, params)
      record(sql, params, Number(process.hrtime.bigint() - start) / 1e6)
      return rows
    },
    exec: (sql: string) => q.exec(sql),
  })
  const plain = traced(db)
  return {
    kind: db.kind,
    query: plain.query,
    exec: plain.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const t0 = process.hrtime.bigint()
      let t1 = t0
      let t2 = t0
      try {
        return await db.transaction(async (tx) => {
          t1 = process.hrtime.bigint()
          try {
            return await fn(traced(tx))
          } finally {
            t2 = process.hrtime.bigint()
          }
        })
      } finally {
        frame.beginMs += Number(t1 - t0) / 1e6
        frame.commitMs += Number(process.hrtime.bigint() - t2) / 1e6
      }
    },
    close: () => db.close(),
  }
}

export interface StatementProfile {
  statement: string
  per_redeem: number
  mean_ms: number
  /** Server-side, from EXPLAIN ANALYZE of the same statement with the same parameters (reads only). */
  explain_execution_ms: number | null
  explain_planning_ms: number | null
}

/** What one redemption sends to the server, counted on the wire (see wire-counter.ts). */
export interface WireProfile {
  calls: number
  /** Client-server round trips: the caller lookup, BEGIN, every statement, COMMIT. */
  round_trips: number
  /** Of those, simple-protocol queries (BEGIN, COMMIT). */
  simple_queries: number
  /** Statements parsed by the server: 0 once every named statement is prepared on the connection. */
  parses: number
  /** Plans made for one call's parameters (pg_prepared_statements.custom_plans); generic plans are made once. */
  custom_plans: number
  /**
   * CPU of the one server backend serving these calls, per redemption (schedstat, nanosecond
   * precision): the statements' own cost, without the load runs' contention. Null for a remote server.
   */
  backend_cpu_ms: number | null
  /** CPU of all the server's processes per redemption over the same calls (WAL writer included). */
  postgres_cpu_ms: number | null
}

export interface RedeemProfile {
  calls: number
  mean_ms: number
  /** From the wire: see WireProfile. */
  round_trips_per_redeem: number
  wire: WireProfile
  begin_ms: number
  commit_ms: number
  statements_ms: number
  /** What is left: validation, token check, JSON, pg driver, event loop. */
  node_ms: number
  /** CPU per redeem with nothing else running from this process, measured like the load runs. */
  cpu_ms_per_redeem: { node: number; postgres: number | null }
  statements: StatementProfile[]
}

async function explainStatements(db: Queryable, traces: Traced[], file: string): Promise<Map<string, { execution: number; planning: number }>> {
  const facts = new Map<string, { execution: number; planning: number }>()
  const texts: string[] = []
  for (const t of traces) {
    // Writes and locks are planned, not run: they would run again, and their parameters (a used
    // request id) would conflict.
    const writes = /\b(INSERT|UPDATE|DELETE)\b/i.test(t.sql)
    const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${writes ? '' : '(ANALYZE, BUFFERS) '}${t.sql}`, t.params)
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
    if (!writes) facts.set(label(t.sql), {
      execution: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
      planning: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
    })
    texts.push(`-- ${label(t.sql)}${writes ? ' (planned, not run)' : ''}\n-- params: ${JSON.stringify(t.params)}\n${plan}\n`)
  }
  writeFileSync(file, `-- mall.redeem: plans of its statements, as run by the bench profile\n\n${texts.join('\n')}`)
  return facts
}

async function customPlans(db: Queryable): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>('SELECT COALESCE(sum(custom_plans), 0)::int AS n FROM pg_prepared_statements')
  return n
}

/**
 * Redemptions one after another over a single connection through the counting relay, after
 * enough calls that every statement on the path has been prepared on that connection and has
 * settled on its plan (PostgreSQL makes custom plans for a named statement's first five runs).
 */
async function profileWire(deps: Deps, url: string, postmaster: number | null, shoppers: Shopper[], wares: Ware[], calls: number): Promise<WireProfile> {
  const counter = await startWireCounter(url)
  const db = createPostgresDb(counter.url, 1)
  try {
    const counted: Deps = { ...deps, db }
    await runClients(counted, 1, { kind: 'queue', seed: 16, shoppers: shuffled(shoppers, 17).slice(0, 100), wares })
    const [{ pid }] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
    const plansBefore = await customPlans(db)
    const before = counter.counts()
    const backendBefore = processCpuNs(pid)
    const meter = startCpuMeter(postmaster)
    const result = await runClients(counted, 1, { kind: 'queue', seed: 18, shoppers: shuffled(shoppers, 19).slice(0, calls), wares })
    const cpu = meter.stop()
    const backendAfter = processCpuNs(pid)
    const after = counter.counts()
    const plans = (await customPlans(db)) - plansBefore
    if (result.ok !== calls) throw new Error(`wire profile: ${calls - result.ok} 次兑换失败：${JSON.stringify(result.failures)}`)
    const per = (n: number) => round(n / calls, 2)
    return {
      calls,
      round_trips: per(after.roundTrips - before.roundTrips),
      simple_queries: per(after.simpleQueries - before.simpleQueries),
      parses: per(after.parses - before.parses),
      custom_plans: per(plans),
      backend_cpu_ms: backendBefore === null || backendAfter === null ? null : round((backendAfter - backendBefore) / 1e6 / calls, 3),
      postgres_cpu_ms: perRedeem(cpu, calls).postgres,
    }
  } finally {
    await db.close()
    await counter.close()
  }
}

async function profileRedeem(
  deps: Deps,
  url: string,
  postmaster: number | null,
  shoppers: Shopper[],
  wares: Ware[],
  calls: number,
  wireCalls: number,
  planFile: string,
): Promise<RedeemProfile> {
  await runClients(deps, 1, { kind: 'timed', ms: 500, seed: 11, shoppers, wares })
  // Untraced first, for the CPU figures; then traced, statement by statement.
  const meter = startCpuMeter(postmaster)
  const plain = await runClients(deps, 1, { kind: 'queue', seed: 14, shoppers: shuffled(shoppers, 15).slice(0, calls), wares })
  const cpu = meter.stop()
  const traces = new Map<string, Traced>()
  const frame = { beginMs: 0, commitMs: 0 }
  const traced: Deps = { ...deps, db: tracingDb(deps.db, traces, frame) }
  const plan: LoadPlan = { kind: 'queue', seed: 12, shoppers: shuffled(shoppers, 13).slice(0, calls), wares }
  const result = await runClients(traced, 1, plan)
  if (result.ok !== calls) throw new Error(`profile: ${calls - result.ok} 次兑换失败：${JSON.stringify(result.failures)}`)
  const list = [...traces.values()]
  const explained = await explainStatements(deps.db, list, planFile)
  const wire = await profileWire(deps, url, postmaster, shoppers, wares, wireCalls)
  const meanMs = result.latenciesMs.reduce((a, b) => a + b, 0) / calls
  const statementsMs = list.reduce((s, t) => s + t.totalMs, 0) / calls
  const statements = list
    .sort((a, b) => b.totalMs - a.totalMs)
    .map((t) => ({
      statement: label(t.sql),
      per_redeem: round(t.calls / calls, 2),
      mean_ms: round(t.totalMs / t.calls, 3),
      explain_execution_ms: explained.get(label(t.sql))?.execution ?? null,
      explain_planning_ms: explained.get(label(t.sql))?.planning ?? null,
    }))
  const beginMs = frame.beginMs / calls
  const commitMs = frame.commitMs / calls
  return {
    calls,
    mean_ms: round(meanMs, 3),
    round_trips_per_redeem: wire.round_trips,
    wire,
    begin_ms: round(beginMs, 3),
    commit_ms: round(commitMs, 3),
    statements_ms: round(statementsMs, 3),
    node_ms: round(meanMs - statementsMs - beginMs - commitMs, 3),
    cpu_ms_per_redeem: perRedeem(cpu, plain.ok),
    statements,
  }
}

// ---------------------------------------------------------------------------------------------
// Load runs.

export interface LoadReport {
  clients: number
  /** 0: all clients on the main thread, as in the server */
  threads: number
  /** Connections in all, over all threads */
  pool: number
  duration_s: number
  /** Orders that really reached the database, per second of the run. */
  tps: number
  orders_created: number
  calls: number
  ok: number
  replayed: number
  failures: Record<string, number>
  latency: Latency
  cpu: CpuReport
  /** CPU time per order created: what one redemption costs each side. */
  cpu_ms_per_redeem: { node: number; postgres: number | null }
  /** The mean event-loop utilisation of the worker threads, when there are any. */
  worker_elu: number | null
  waits: WaitReport
}

function perRedeem(cpu: CpuReport, redemptions: number): { node: number; postgres: number | null } {
  const ms = (seconds: number) => round((seconds * 1000) / Math.max(redemptions, 1), 3)
  return { node: ms(cpu.node_cpu_s), postgres: cpu.postgres_cpu_s === null ? null : ms(cpu.postgres_cpu_s) }
}

async function measuredRun(
  db: Queryable,
  postmaster: number | null,
  shape: { clients: number; threads: number; pool: number },
  run: () => Promise<LoadResult>,
): Promise<LoadReport> {
  const before = await countOrders(db)
  const meter = startCpuMeter(postmaster)
  const waits = sampleWaits(db, loadApplicationName)
  const result = await run()
  const cpu = meter.stop()
  const waitReport = await waits.stop()
  const orders = (await countOrders(db)) - before
  const tps = orders / (result.elapsedMs / 1000)
  return {
    clients: shape.clients,
    threads: shape.threads,
    pool: shape.pool,
    duration_s: round(result.elapsedMs / 1000, 2),
    tps: round(tps, 1),
    orders_created: orders,
    calls: result.latenciesMs.length,
    ok: result.ok,
    replayed: result.replayed,
    failures: result.failures,
    latency: summarize(result.latenciesMs),
    cpu,
    cpu_ms_per_redeem: perRedeem(cpu, orders),
    worker_elu: shape.threads > 0 ? round(result.elu, 2) : null,
    waits: waitReport,
  }
}

export interface HotItemReport {
  initial_stock: number
  attempts: number
  distinct_members: number
  orders_created: number
  quantity_sold: number
  final_stock: number
  oversold: number
  /** final stock + quantity of live orders = initial stock */
  stock_conserved: boolean
  sold_out: number
  failures: Record<string, number>
  latency: Latency
  duration_s: number
  cpu: CpuReport
  waits: WaitReport
}

export interface Invariants {
  accounts_checked: number
  negative_balances: number
  /** accounts whose balance differs from the sum of their ledger deltas */
  balance_ledger_mismatches: number
  /** accounts whose newest ledger entry's balance_after is not the balance */
  balance_after_mismatches: number
  orders_without_spend_entry: number
  items_checked: number
  items_stock_not_conserved: number
  hot_participants_checked: number
  hot_participants_mismatched: number
}

async function checkInvariants(db: Queryable, fixture: Fixture, hotMembers: number[]): Promise<Invariants> {
  const [accounts] = await db.query<{ checked: number; negative: number; mismatched: number; after_mismatched: number }>(
    `WITH sums AS (SELECT member_id, sum(delta)::bigint AS total, max(id) AS last_id FROM points_ledger GROUP BY member_id)
     SELECT count(*)::int AS checked,
            count(*) FILTER (WHERE a.balance < 0)::int AS negative,
            count(*) FILTER (WHERE a.balance <> COALESCE(s.total, 0))::int AS mismatched,
            count(*) FILTER (WHERE l.balance_after IS DISTINCT FROM a.balance AND s.member_id IS NOT NULL)::int AS after_mismatched
       FROM points_account a LEFT JOIN sums s ON s.member_id = a.member_id LEFT JOIN points_ledger l ON l.id = s.last_id`,
  )
  // By member and source rather than by key: the key format is the ledger's business.
  const [orphans] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mall_order o
      WHERE NOT EXISTS (SELECT 1 FROM points_ledger l
                         WHERE l.member_id = o.member_id AND l.kind = 'spend' AND l.source_ref = 'order:' || o.id AND l.delta = -o.points)`,
  )
  const items = [...fixture.wares.map((w) => ({ id: w.id, stock: mallScale.itemStock })), { id: fixture.hot.id, stock: mallScale.hotStock }]
  const [stock] = await db.query<{ checked: number; broken: number }>(
    `SELECT count(*)::int AS checked,
            count(*) FILTER (WHERE i.stock + COALESCE(o.sold, 0) <> x.initial)::int AS broken
       FROM unnest($1::int[], $2::int[]) AS x(id, initial)
       JOIN mall_item i ON i.id = x.id
       LEFT JOIN (SELECT item_id, sum(quantity)::int AS sold FROM mall_order WHERE status <> 'cancelled' GROUP BY item_id) o ON o.item_id = i.id`,
    [items.map((i) => i.id), items.map((i) => i.stock)],
  )
  const [hot] = await db.query<{ checked: number; broken: number }>(
    `WITH sums AS (SELECT member_id, sum(delta)::bigint AS total FROM points_ledger WHERE member_id = ANY($1::int[]) GROUP BY member_id)
     SELECT count(*)::int AS checked, count(*) FILTER (WHERE a.balance < 0 OR a.balance <> COALESCE(s.total, 0))::int AS broken
       FROM points_account a LEFT JOIN sums s ON s.member_id = a.member_id WHERE a.member_id = ANY($1::int[])`,
    [hotMembers],
  )
  return {
    accounts_checked: accounts.checked,
    negative_balances: accounts.negative,
    balance_ledger_mismatches: accounts.mismatched,
    balance_after_mismatches: accounts.after_mismatched,
    orders_without_spend_entry: orphans.n,
    items_checked: stock.checked,
    items_stock_not_conserved: stock.broken,
    hot_participants_checked: hot.checked,
    hot_participants_mismatched: hot.broken,
  }
}

async function hotItemRun(db: Queryable, deps: Deps, postmaster: number | null, clients: number, hot: Ware, shoppers: Shopper[]): Promise<HotItemReport> {
  const meter = startCpuMeter(postmaster)
  const waits = sampleWaits(db, loadApplicationName)
  const result = await runClients(deps, clients, { kind: 'queue', seed: 31, shoppers, wares: [hot] })
  const cpu = meter.stop()
  const waitReport = await waits.stop()
  const [sold] = await db.query<{ orders: number; quantity: number; live: number; stock: number }>(
    `SELECT count(o.id)::int AS orders, COALESCE(sum(o.quantity), 0)::int AS quantity,
            COALESCE(sum(o.quantity) FILTER (WHERE o.status <> 'cancelled'), 0)::int AS live, i.stock
       FROM mall_item i LEFT JOIN mall_order o ON o.item_id = i.id WHERE i.id = $1 GROUP BY i.id`,
    [hot.id],
  )
  return {
    initial_stock: mallScale.hotStock,
    attempts: result.latenciesMs.length,
    distinct_members: new Set(shoppers.map((s) => s.memberId)).size,
    orders_created: sold.orders,
    quantity_sold: sold.quantity,
    final_stock: sold.stock,
    oversold: Math.max(0, sold.quantity - mallScale.hotStock),
    stock_conserved: sold.stock + sold.live === mallScale.hotStock,
    sold_out: result.failures.SOLD_OUT ?? 0,
    failures: result.failures,
    latency: summarize(result.latenciesMs),
    duration_s: round(result.elapsedMs / 1000, 2),
    cpu,
    waits: waitReport,
  }
}

export interface RedeemBench {
  setup: { items: number; hot_item_id: number; funded_members: number; points_each: number; seconds: number }
  profile: RedeemProfile
  single_thread: LoadReport
  worker_threads: LoadReport | null
  /** The same clients queueing for the server's default pool instead of one connection each. */
  default_pool: LoadReport | null
  hot_item: HotItemReport
  invariants: Invariants
}

function withApplicationName(url: string): string {
  const u = new URL(url)
  u.searchParams.set('application_name', loadApplicationName)
  return u.toString()
}

/**
 * The real mall.redeem through dispatch, in this process: first one client traced statement by
 * statement; then `clients` concurrent clients on one event loop with a connection each, and
 * right after, all of them on one small-stock item; then, for comparison, the same clients split
 * over worker threads, and on the main thread again over the server's default pool.
 */
export async function measureRedeem(
  bench: { db: Db; url: string },
  deps: Deps,
  postmaster: number | null,
  options: RedeemOptions,
  log: (line: string) => void,
): Promise<RedeemBench> {
  const fixture = await stockMall(bench.db)
  log(`商城：${fixture.wares.length} 件商品 + 1 件秒兑，${fixture.funded.length} 名会员各 ${mallScale.fundingPoints} 积分（${fixture.seconds} s）`)
  const shoppers = shoppersOf(fixture, deps.env.appSecret)
  const loadShoppers = shuffled(shoppers, 7)
  // Distinct members for the flash sale: each tries once.
  const hotShoppers = loadShoppers.slice(0, mallScale.hotAttempts)
  const url = withApplicationName(bench.url)

  const profile = await profileRedeem(deps, url, postmaster, loadShoppers, fixture.wares, options.profileCalls, options.wireCalls, options.planFile)
  log(`redeem 单客户端剖析：${JSON.stringify({ mean_ms: profile.mean_ms, wire: profile.wire, node_ms: profile.node_ms, cpu_ms: profile.cpu_ms_per_redeem })}`)
  const timed = (ms: number, seed: number): LoadPlan => ({ kind: 'timed', ms, seed, shoppers: loadShoppers, wares: fixture.wares })
  const summary = (r: LoadReport) => JSON.stringify({ tps: r.tps, latency: r.latency, failures: r.failures, cpu_ms: r.cpu_ms_per_redeem, cpu: r.cpu })

  /** All clients on this thread over one pool: the shape of the real server process. */
  const onMainThread = async <T>(
    poolSize: number, warmupMs: number, measureMs: number, seed: number, after: (loadDeps: Deps) => Promise<T>,
  ): Promise<{ report: LoadReport; then: T }> => {
    const pool = createPostgresDb(url, poolSize)
    const loadDeps: Deps = { db: pool, env: deps.env }
    try {
      await runClients(loadDeps, options.clients, timed(warmupMs, seed))
      await checkpoint(bench.db)
      const report = await measuredRun(bench.db, postmaster, { clients: options.clients, threads: 0, pool: poolSize }, () =>
        runClients(loadDeps, options.clients, timed(measureMs, seed + 1)),
      )
      return { report, then: await after(loadDeps) }
    } finally {
      await pool.close()
    }
  }

  // The flash sale follows on the same warm pool: every client already holds its connection.
  const { report: single, then: hotItem } = await onMainThread(options.clients, options.warmupMs, options.measureMs, 21, async (loadDeps) => {
    await checkpoint(bench.db)
    return hotItemRun(bench.db, loadDeps, postmaster, options.clients, fixture.hot, hotShoppers)
  })
  log(`redeem（${options.clients} 客户端，单线程，连接池 ${options.clients}）：${summary(single)}`)
  log(`秒兑：${JSON.stringify({ orders: hotItem.orders_created, final_stock: hotItem.final_stock, oversold: hotItem.oversold, sold_out: hotItem.sold_out, latency: hotItem.latency })}`)

  let threaded: LoadReport | null = null
  if (options.threads > 0) {
    const perThread = Math.ceil(options.clients / options.threads)
    const threads = await startClientThreads(options.threads, perThread, url, deps.env)
    try {
      const plan = (ms: number, seed: number) => (thread: number): LoadPlan => timed(ms, seed * 100 + thread)
      await threads.run(plan(options.comparisonWarmupMs, 41))
      await checkpoint(bench.db)
      threaded = await measuredRun(
        bench.db,
        postmaster,
        { clients: perThread * options.threads, threads: options.threads, pool: perThread * options.threads },
        () => threads.run(plan(options.comparisonMs, 42)),
      )
      log(`redeem（${options.threads} 个 worker 线程 × ${perThread} 客户端）：${summary(threaded)}`)
    } finally {
      await threads.close()
    }
  }

  let defaultPool: LoadReport | null = null
  if (options.defaultPoolSize > 0) {
    defaultPool = (await onMainThread(options.defaultPoolSize, options.comparisonWarmupMs, options.comparisonMs, 51, async () => null)).report
    log(`redeem（${options.clients} 客户端，单线程，连接池 ${options.defaultPoolSize}）：${summary(defaultPool)}`)
  }

  const invariants = await checkInvariants(bench.db, fixture, hotShoppers.map((s) => s.memberId))
  log(`不变量：${JSON.stringify(invariants)}`)
  return {
    setup: {
      items: fixture.wares.length + 1,
      hot_item_id: fixture.hot.id,
      funded_members: fixture.funded.length,
      points_each: mallScale.fundingPoints,
      seconds: fixture.seconds,
    },
    profile,
    single_thread: single,
    worker_threads: threaded,
    default_pool: defaultPool,
    hot_item: hotItem,
    invariants,
  }
}

function cpuLine(cpu: CpuReport): string {
  const postgres = cpu.postgres_cores === null ? 'postgres ? cores' : `postgres ${cpu.postgres_cores} cores`
  const other = cpu.other_cores === null ? '' : `, other processes ${cpu.other_cores}`
  const waited = `node threads waited for a CPU ${cpu.node_runqueue_wait} s/s` +
    (cpu.postgres_runqueue_wait === null ? '' : `, postgres processes ${cpu.postgres_runqueue_wait} s/s`)
  return `node ${cpu.node_cores} cores, ${postgres}${other}; machine ${cpu.machine_busy_cores}/${cpu.machine_cores} cores busy; ${waited}`
}

function topWaits(waits: WaitReport, n = 4): string {
  return Object.entries(waits.mean_backends).slice(0, n).map(([k, v]) => `${k} ${v}`).join(', ')
}

function runLine(name: string, r: LoadReport, pgbench: PgbenchReport | null): string {
  const perRedeem = `CPU per redemption: node ${r.cpu_ms_per_redeem.node} ms, postgres ${r.cpu_ms_per_redeem.postgres ?? '?'} ms`
  const ratio = pgbench ? ` = ${round(r.tps / pgbench.tps, 2)} x pgbench` : ''
  return `${name}: ${r.tps} redemptions/s${ratio}; p50 ${r.latency.p50_ms} ms, p99 ${r.latency.p99_ms} ms; ${perRedeem}; ${cpuLine(r.cpu)}; backends: ${topWaits(r.waits)}`
}

/** Plain sentences out of the figures: what bounded each run, for the results file. */
export function redeemObservations(r: RedeemBench, pgbench: PgbenchReport | null): string[] {
  const s = r.single_thread
  const notes = [runLine(`main thread, ${s.clients} clients, pool ${s.pool}`, s, pgbench)]
  const t = r.worker_threads
  if (t) {
    notes.push(`${runLine(`${t.threads} worker threads x ${t.clients / t.threads} clients`, t, pgbench)}; worker event loops busy ${Math.round((t.worker_elu ?? 0) * 100)}%`)
  }
  const d = r.default_pool
  if (d) notes.push(runLine(`main thread, ${d.clients} clients, pool ${d.pool} (the server's default)`, d, pgbench))
  const p = r.profile
  notes.push(
    `one client alone: ${p.mean_ms} ms per redeem, ${p.round_trips_per_redeem} round trips, ${p.wire.parses} parses, ${p.wire.custom_plans} custom plans, server backend CPU ${p.wire.backend_cpu_ms ?? '?'} ms, all server processes ${p.wire.postgres_cpu_ms ?? '?'} ms (statements ${p.statements_ms} ms, BEGIN ${p.begin_ms} ms, COMMIT ${p.commit_ms} ms, node-side ${p.node_ms} ms); CPU per redemption: node ${p.cpu_ms_per_redeem.node} ms, postgres ${p.cpu_ms_per_redeem.postgres ?? '?'} ms`,
  )
  if (pgbench) {
    notes.push(
      `pgbench -N -c ${pgbench.clients} -j ${pgbench.threads}: ${pgbench.tps} tps, ${pgbench.latency_avg_ms} ms average, postgres CPU ${pgbench.postgres_cpu_ms_per_tx ?? '?'} ms per transaction; ${cpuLine(pgbench.cpu)}; pgbench itself ${pgbench.cpu.children_cores} cores`,
    )
  }
  notes.push(
    `hot item: ${r.hot_item.orders_created} orders for stock ${r.hot_item.initial_stock} from ${r.hot_item.attempts} attempts in ${r.hot_item.duration_s} s, p50 ${r.hot_item.latency.p50_ms} ms, p99 ${r.hot_item.latency.p99_ms} ms; backends: ${topWaits(r.hot_item.waits, 5)}`,
  )
  return notes
}
