import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Deps } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { findPostmasterPid } from './cpu'
import { openBenchDatabase } from './database'
import type { BenchDatabase } from './database'
import { explainFeed } from './explain'
import { measureExpiry } from './expiry'
import { measureFeedAction, measureFeedSql, sampleMembers } from './feed'
import { countScale, generateJiaxing } from './generate'
import { measurePgbench } from './pgbench'
import type { PgbenchReport } from './pgbench'
import { measureRedeem, redeemObservations } from './redeem'
import { measurePackageSizes } from './sizes'
import { measureRestart, restartTargetMs } from './restart'
import { round } from './stats'

const benchDir = dirname(fileURLToPath(import.meta.url))
const rootDir = join(benchDir, '..')
const feedTargetP99Ms = 5
/** Redemptions per second against pgbench -N's transactions per second on the same server. */
const redeemTargetRatio = 0.5

// Progress goes to stderr so that stdout ends with exactly one JSON line.
const log = (line: string) => console.error(`[bench] ${line}`)

function benchEnv(databaseUrl: string): Env {
  return {
    production: false,
    databaseUrl,
    dataDir: '/nonexistent',
    port: 0,
    appSecret: randomBytes(32).toString('hex'),
    idHashKey: randomBytes(32).toString('hex'),
    demoLogin: false,
  }
}

/** Ctrl-C must not leave a throw-away PostgreSQL server running. */
function stopOnSignal(bench: BenchDatabase): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`)
      void bench.close().finally(() => process.exit(130))
    })
  }
}

async function databaseBench() {
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const { db } = bench
    const [{ server_version }] = await db.query<{ server_version: string }>('SHOW server_version')
    log(`PostgreSQL ${server_version} (${bench.origin})`)
    await migrate(db)
    const generation = await generateJiaxing(db, log)
    log(`数据生成共 ${generation.seconds} s`)
    const scale = await countScale(db)
    log(`规模：${JSON.stringify(scale)}`)

    const deps: Deps = { db, env: benchEnv(bench.url) }
    const secret = deps.env.appSecret
    const secondPageEvery = 4
    const calls = 2_000
    const action = await measureFeedAction(deps, {
      warmup: await sampleMembers(db, secret, 300, 1),
      measured: await sampleMembers(db, secret, calls, 2),
      calls,
      secondPageEvery,
    })
    log(`feed action：${JSON.stringify(action)}`)
    const sql = await measureFeedSql(db, {
      warmup: await sampleMembers(db, secret, 300, 3),
      measured: await sampleMembers(db, secret, calls, 4),
      calls,
      secondPageEvery,
    })
    log(`feed SQL：${JSON.stringify(sql)}`)
    const [typical] = await sampleMembers(db, secret, 1, 5)
    const plan = await explainFeed(db, typical, join(benchDir, 'feed-plan.txt'))
    log(`EXPLAIN：uses index ${plan.uses_index}, walks index ${plan.walks_index}, ${JSON.stringify({ first: plan.first_page, second: plan.second_page })}`)

    const postmaster = await findPostmasterPid(db)
    const redeem = await measureRedeem(bench, deps, postmaster, {
      clients: 64,
      warmupMs: 3_000,
      measureMs: 15_000,
      comparisonWarmupMs: 2_000,
      comparisonMs: 10_000,
      threads: 2,
      // createPostgresDb's default pool: what server/start.ts really opens.
      defaultPoolSize: 10,
      profileCalls: 300,
      planFile: join(benchDir, 'redeem-plan.txt'),
    }, log)
    log('pgbench……')
    // Without pgbench (or the right to create a database) the redeem figures still stand alone.
    let pgbench: PgbenchReport | null = null
    let pgbenchError: string | null = null
    try {
      pgbench = await measurePgbench(
        { serverUrl: bench.serverUrl, binDir: bench.binDir, postmaster, clients: 16, threads: 2, seconds: 15, scale: 10 },
        log,
      )
      log(`pgbench：${JSON.stringify({ tps: pgbench.tps, latency_avg_ms: pgbench.latency_avg_ms, cpu: pgbench.cpu })}`)
      const share = (tps: number) => `${tps} 次/秒（${round((100 * tps) / (pgbench?.tps ?? 1), 1)}%）`
      log(`兑换 vs pgbench：pgbench -N ${pgbench.tps} tps | redeem 单线程 ${share(redeem.single_thread.tps)}` +
        (redeem.worker_threads ? ` | ${redeem.worker_threads.threads} 线程 ${share(redeem.worker_threads.tps)}` : '') +
        (redeem.default_pool ? ` | 连接池 ${redeem.default_pool.pool} ${share(redeem.default_pool.tps)}` : '') +
        `，目标 ≥ ${redeemTargetRatio * 100}%`)
    } catch (error) {
      pgbenchError = error instanceof Error ? error.message : String(error)
      log(`pgbench 失败：${pgbenchError}`)
    }
    log('年末积分到期……')
    const expiry = await measureExpiry(db, log)
    return { server_version, origin: bench.origin, generation, scale, action, sql, plan, redeem, pgbench, pgbenchError, expiry }
  } finally {
    await bench.close()
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  // Other work on this machine (builds, tests) moves the tail latencies: keep the load beside them.
  const loadAtStart = loadavg()[0]
  const measuredAt = new Date().toISOString()
  const d = await databaseBench()
  log('重启时间……')
  const restart = await measureRestart({ log })
  const ratio = (tps: number) => (d.pgbench ? round(tps / d.pgbench.tps, 3) : null)
  const shipped = d.redeem.default_pool ?? d.redeem.single_thread
  log('包体积……')
  const sizes = await measurePackageSizes(rootDir)
  for (const note of sizes.notes) log(note)
  const results = {
    feed_p50_ms: d.action.all.p50_ms,
    feed_p99_ms: d.action.all.p99_ms,
    feed_p99_target_ms: feedTargetP99Ms,
    feed_p99_within_target: d.action.all.p99_ms <= feedTargetP99Ms,
    feed_sql_p50_ms: d.sql.all.p50_ms,
    feed_sql_p99_ms: d.sql.all.p99_ms,
    feed_uses_index: d.plan.uses_index,
    feed_walks_index: d.plan.walks_index,
    feed_detail: { action: d.action, sql: d.sql, explain: { first_page: d.plan.first_page, second_page: d.plan.second_page } },
    // Headline: 64 concurrent clients over the server's own pool, the configuration that ships.
    redeem_tps: shipped.tps,
    redeem_p50_ms: shipped.latency.p50_ms,
    redeem_p99_ms: shipped.latency.p99_ms,
    redeem_pool: shipped.pool,
    pgbench_tps: d.pgbench?.tps ?? null,
    redeem_vs_pgbench: ratio(shipped.tps),
    redeem_vs_pgbench_target: redeemTargetRatio,
    redeem_within_target: d.pgbench ? shipped.tps >= redeemTargetRatio * d.pgbench.tps : null,
    redeem_tps_pool_per_client: d.redeem.single_thread.tps,
    redeem_tps_worker_threads: d.redeem.worker_threads?.tps ?? null,
    redeem_vs_pgbench_worker_threads: d.redeem.worker_threads ? ratio(d.redeem.worker_threads.tps) : null,
    hot_item_oversold: d.redeem.hot_item.oversold,
    redeem_observations: redeemObservations(d.redeem, d.pgbench),
    redeem_detail: d.redeem,
    pgbench_detail: d.pgbench ?? { error: d.pgbenchError },
    expiry_full_scale_s: d.expiry.expiry_full_scale_s,
    expiry_detail: d.expiry,
    restart_to_healthz_ms: restart.restart_to_healthz_ms,
    restart_to_healthz_target_ms: restartTargetMs,
    restart_within_target: restart.restart_to_healthz_ms < restartTargetMs,
    restart_detail: restart,
    weapp_main_kb: sizes.weapp_main_kb,
    weapp_subpackages_kb: sizes.weapp_subpackages_kb,
    h5_initial_js_gzip_kb: sizes.h5_initial_js_gzip_kb,
    size_notes: sizes.notes,
    scale: d.scale,
    generation_s: d.generation.seconds,
    generation_steps_s: d.generation.steps,
    database: `PostgreSQL ${d.server_version}`,
    database_origin: d.origin,
    measured_at: measuredAt,
    bench_runtime_s: round((performance.now() - started) / 1000, 1),
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      memory_gb: round(totalmem() / 1024 ** 3, 1),
      load_1m_at_start: round(loadAtStart, 2),
      load_1m_at_end: round(loadavg()[0], 2),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
  }
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  console.log(JSON.stringify(results))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error))
  process.exitCode = 1
})
