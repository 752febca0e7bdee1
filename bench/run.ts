import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Deps } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { noSubscribeTemplates } from '../server/subscribe/templates'
import { findPostmasterPid } from './cpu'
import { openBenchDatabase } from './database'
import type { BenchDatabase } from './database'
import { explainFeed } from './explain'
import { homeJsBudgetKb } from './h5-load'
import { aidTargetP99Ms, measureAid } from './aid'
import { measureAudience } from './audience'
import { measureFeedAction, measureFeedSql, sampleMembers } from './feed'
import { measureExpiry } from './expiry'
import { measureMessages, unreadTargetP99Ms } from './messages'
import { countScale, generateJiaxing } from './generate'
import { measurePgbench } from './pgbench'
import type { PgbenchReport } from './pgbench'
import { measureRedeem, redeemObservations } from './redeem'
import { measureRestart, restartTargetMs } from './restart'
import { measureUpload } from './upload'
import { measureSettlement, settlementTargetRowsPerS } from './aid-settlement'
import { lawyerQueueTargetP99Ms, measureLawyerQueue } from './legal-queue'
import { contestTargetP99Ms, measureContest } from './contest'
import type { ContestBench } from './contest'
import { kbSearchTargetP99Ms, measureKbSearch } from './kb-search'
import { chapterOpenTargetP99Ms, measureChapterOpen } from './chapter-open'
import { measureReadingHeartbeats } from './reading-heartbeat'
import { librarySearchTargetP99Ms, measureLibrarySearch } from './library-search'
import { discoverTargetP99Ms, measureDating } from './dating'
import { measurePackageSizes } from './sizes'
import { round } from './stats'

const benchDir = dirname(fileURLToPath(import.meta.url))
const rootDir = join(benchDir, '..')
const resultsFile = join(benchDir, 'results.json')
const feedTargetP99Ms = 5
/** Redemptions per second against pgbench -N's transactions per second on the same server. */
const redeemTargetRatio = 0.5
/** pgbench -N's server CPU per transaction against a redemption's: the database's share of the target. */
const dbCapacityTargetRatio = 0.5

/**
 * `npm run bench -- --only redeem` measures just the redemptions and pgbench (on the same
 * generated data), `--only sizes` just the package sizes and the H5 first load (no database),
 * `--only audience` just the publish confirmation's counts, `--only messages` a city-wide notice's
 * fan-out into 消息 and the unread badge, `--only upload` just uploads of a 1 MB photo through the
 * host (demo data only), `--only aid-settle` a 100,000-row one-stop settlement import, `--only aid`
 * the reviewers' queue and the member's coverage page at 2.11 million enrolments and 330,000 claims,
 * `--only legal-queue` the lawyers' queue with 100,000 open legal questions (demo data plus those);
 * `--only kb-search` 常见问题 search over 50,000 published articles; `--only library-search` 电子书屋
 * search over 20,000 books, 500 with full text;
 * `--only chapter-open` the reader opening 20,000-character chapters in a catalogue of 20,000 books;
 * `--only reading-heartbeat` 电子书屋 reading heartbeats per second with 2,000 members reading at once;
 * `--only contest` 答题拉力赛 with 200,000 participants across the generated tree (submit, the contest page, the freeze);
 * `--only dating` 鹊桥会 discovery and likes at 20,000 profiles;
 * each updates its figures in results.json, keeping the others.
 */
const sections = ['redeem', 'sizes', 'audience', 'messages', 'upload', 'aid-settle', 'aid', 'legal-queue', 'kb-search', 'library-search', 'chapter-open', 'reading-heartbeat', 'contest', 'dating'] as const
type Section = (typeof sections)[number]
function onlySection(args: string[]): Section | null {
  const at = args.findIndex((a) => a === '--only' || a.startsWith('--only='))
  if (at < 0) return null
  const value = args[at].includes('=') ? args[at].slice('--only='.length) : args[at + 1]
  const section = sections.find((s) => s === value)
  if (!section) throw new Error(`--only 只支持 ${sections.join('、')}，收到 ${value ?? '（空）'}`)
  return section
}

async function sizeFigures() {
  log('包体积与 H5 首次加载……')
  const sizes = await measurePackageSizes(rootDir)
  for (const note of sizes.notes) log(note)
  return {
    weapp_main_kb: sizes.weapp_main_kb,
    weapp_subpackages_kb: sizes.weapp_subpackages_kb,
    h5_home_js_gzip_kb_logged_in: sizes.h5?.h5_home_js_gzip_kb_logged_in ?? null,
    h5_home_js_gzip_kb_logged_out: sizes.h5?.h5_home_js_gzip_kb_logged_out ?? null,
    h5_home_js_budget_kb: homeJsBudgetKb,
    h5_home_js_within_budget: sizes.h5?.h5_home_js_within_budget ?? null,
    h5_first_load_detail: sizes.h5?.h5_first_load_detail ?? null,
    size_notes: sizes.notes,
  }
}

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
    wechatApi: null,
    subscribe: noSubscribeTemplates,
    fileStore: 'local',
    publicUrl: null,
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

async function measureFeed(deps: Deps) {
  const { db } = deps
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
  return { action, sql, plan }
}

async function databaseBench(only: Section | null) {
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
    if (only === 'aid') {
      const aid = await measureAid(deps, log)
      return { server_version, origin: bench.origin, generation, scale, feed: null, audience: null, redeem: null, pgbench: null, pgbenchError: null, expiry: null, messages: null, aid }
    }
    if (only === 'contest') {
      const contest = await measureContest(deps, log)
      return { server_version, origin: bench.origin, generation, scale, feed: null, audience: null, redeem: null, pgbench: null, pgbenchError: null, expiry: null, messages: null, contest }
    }
    if (only === 'messages') {
      const messages = await measureMessages(deps, log, join(benchDir, 'messages-plan.txt'))
      return { server_version, origin: bench.origin, generation, scale, feed: null, audience: null, redeem: null, pgbench: null, pgbenchError: null, expiry: null, messages }
    }
    const feed = only === null ? await measureFeed(deps) : null
    const audience = only === 'redeem' ? null : await measureAudience(db)
    if (audience) log(`发布确认的受众统计：${audience.map((a) => `${a.level} 级 ${a.members} 人 ${a.median_ms} ms`).join('；')}`)
    if (only === 'audience') {
      return { server_version, origin: bench.origin, generation, scale, feed, audience, redeem: null, pgbench: null, pgbenchError: null, expiry: null, messages: null }
    }

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
      wireCalls: 1_200,
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
    let expiry = null
    let messages = null
    let contest = null
    if (only === null) {
      log('年末积分到期……')
      expiry = await measureExpiry(db, log)
      log('通知写入消息与未读角标……')
      messages = await measureMessages(deps, log, join(benchDir, 'messages-plan.txt'))
      log('答题拉力赛……')
      contest = await measureContest(deps, log)
    }
    return { server_version, origin: bench.origin, generation, scale, feed, audience, redeem, pgbench, pgbenchError, expiry, messages, contest }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 50,000 generated articles. */
async function kbSearchFigures() {
  log('常见问题搜索（50,000 条）……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const kb = await measureKbSearch(bench, benchEnv(bench.url), log)
    return {
      kb_search_p99_ms: kb.search.p99_ms,
      kb_search_p50_ms: kb.search.p50_ms,
      kb_search_target_p99_ms: kbSearchTargetP99Ms,
      kb_search_within_target: kb.search.p99_ms <= kbSearchTargetP99Ms,
      kb_search_detail: kb,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 20,000 books, 500 long chapters with the member's highlights. */
async function chapterOpenFigures() {
  log('打开章节（20,000 本书）……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const opened = await measureChapterOpen(bench, benchEnv(bench.url), log)
    return {
      chapter_open_p99_ms: opened.open_chapter.p99_ms,
      chapter_open_p50_ms: opened.open_chapter.p50_ms,
      chapter_open_target_p99_ms: chapterOpenTargetP99Ms,
      chapter_open_within_target: opened.open_chapter.p99_ms <= chapterOpenTargetP99Ms,
      chapter_open_detail: opened,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 2,000 members each with a reader open. */
async function readingHeartbeatFigures() {
  log('电子书屋阅读心跳……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const reading = await measureReadingHeartbeats(bench, benchEnv(bench.url), log)
    return {
      heartbeats_per_second: reading.heartbeats_per_second,
      heartbeat_p99_ms: reading.latency.p99_ms,
      reading_heartbeat_detail: reading,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 20,000 generated books, 500 with real chapters. */
async function librarySearchFigures() {
  log('电子书屋搜索（20,000 本）……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const library = await measureLibrarySearch(bench, benchEnv(bench.url), log)
    return {
      library_search_p99_ms: library.search.p99_ms,
      library_search_p50_ms: library.search.p50_ms,
      library_search_target_p99_ms: librarySearchTargetP99Ms,
      library_search_within_target: library.search.p99_ms <= librarySearchTargetP99Ms,
      library_search_detail: library,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 20,000 鹊桥会 profiles with preferences and history. */
async function datingFigures() {
  log('鹊桥会推荐与喜欢（20,000 份资料）……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const dating = await measureDating(bench, benchEnv(bench.url), log)
    return {
      dating_discover_p99_ms: dating.discover.p99_ms,
      dating_discover_p50_ms: dating.discover.p50_ms,
      dating_discover_target_p99_ms: discoverTargetP99Ms,
      dating_discover_within_target: dating.discover.p99_ms <= discoverTargetP99Ms,
      dating_like_p99_ms: dating.like.p99_ms,
      dating_like_p50_ms: dating.like.p50_ms,
      dating_detail: dating,
    }
  } finally {
    await bench.close()
  }
}

function machineFacts(loadAtStart: number) {
  return {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    load_1m_at_start: round(loadAtStart, 2),
    load_1m_at_end: round(loadavg()[0], 2),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  }
}

/** On a database of its own (the demo data is all it needs), after the generated one is closed. */
async function uploadFigures() {
  log('上传 1 MB 照片……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const upload = await measureUpload(bench, benchEnv(bench.url), log, { uploads: 60, concurrency: 2 })
    return {
      upload_p50_ms: upload.latency.p50_ms,
      upload_p99_ms: upload.latency.p99_ms,
      upload_per_s: upload.per_s,
      upload_stored_kb: upload.stored_kb,
      upload_detail: upload,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then the members a settlement file names. */
async function settlementFigures() {
  log('一站式结算导入 100,000 行……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const settlement = await measureSettlement(bench, benchEnv(bench.url), log, { rows: 100_000, members: 60_000 })
    return {
      settlement_import_rows_per_s: settlement.rows_per_s,
      settlement_import_target_rows_per_s: settlementTargetRowsPerS,
      settlement_import_within_target: settlement.rows_per_s >= settlementTargetRowsPerS,
      settlement_first_errors_ms: settlement.first_errors_ms,
      settlement_detail: settlement,
    }
  } finally {
    await bench.close()
  }
}

/** On a database of its own: the demo data, then 100,000 open questions and their askers. */
async function lawyerQueueFigures() {
  log('律师工作台 10 万条进行中的咨询……')
  const bench = await openBenchDatabase()
  stopOnSignal(bench)
  try {
    const queue = await measureLawyerQueue(bench, benchEnv(bench.url), log)
    const p99 = Math.max(queue.county_lawyer.p99_ms, queue.city_legal_admin.p99_ms)
    return {
      lawyer_queue_p99_ms: p99,
      lawyer_queue_p99_target_ms: lawyerQueueTargetP99Ms,
      lawyer_queue_within_target: p99 <= lawyerQueueTargetP99Ms,
      lawyer_queue_detail: queue,
    }
  } finally {
    await bench.close()
  }
}

type DatabaseBench = Awaited<ReturnType<typeof databaseBench>>

function contestFigures(contest: ContestBench) {
  return {
    contest_submit_p99_ms: contest.submit.p99_ms,
    contest_board_p99_ms: contest.board.p99_ms,
    contest_freeze_ms: contest.freeze_ms,
    contest_target_p99_ms: contestTargetP99Ms,
    contest_within_target: contest.submit.p99_ms <= contestTargetP99Ms && contest.board.p99_ms <= contestTargetP99Ms,
    contest_detail: contest,
  }
}

function feedFigures(feed: NonNullable<DatabaseBench['feed']>) {
  const { action, sql, plan } = feed
  return {
    feed_p50_ms: action.all.p50_ms,
    feed_p99_ms: action.all.p99_ms,
    feed_p99_target_ms: feedTargetP99Ms,
    feed_p99_within_target: action.all.p99_ms <= feedTargetP99Ms,
    feed_sql_p50_ms: sql.all.p50_ms,
    feed_sql_p99_ms: sql.all.p99_ms,
    feed_uses_index: plan.uses_index,
    feed_walks_index: plan.walks_index,
    feed_detail: { action, sql, explain: { first_page: plan.first_page, second_page: plan.second_page } },
  }
}

function audienceFigures(audience: NonNullable<DatabaseBench['audience']>) {
  return {
    notice_audience_city_ms: audience.find((a) => a.level === 1)?.median_ms ?? null,
    notice_audience_detail: audience,
  }
}

function messageFigures(messages: NonNullable<DatabaseBench['messages']>) {
  return {
    notice_fanout_s: messages.notice_fanout_s,
    notice_fanout_rows: messages.notice_fanout_rows,
    messages_unread_p99_ms: messages.unread_action.p99_ms,
    messages_unread_p99_target_ms: unreadTargetP99Ms,
    messages_unread_within_target: messages.unread_action.p99_ms <= unreadTargetP99Ms,
    messages_detail: messages,
  }
}

function redeemFigures(d: DatabaseBench) {
  if (!d.redeem) throw new Error('兑换未测量')
  const ratio = (tps: number) => (d.pgbench ? round(tps / d.pgbench.tps, 3) : null)
  const shipped = d.redeem.default_pool ?? d.redeem.single_thread
  // Where redemption will scale: PostgreSQL is the one part every function container shares, so
  // its CPU per redemption, against its CPU per pgbench transaction, is the capacity that counts.
  const redeemPgCpuMs = shipped.cpu_ms_per_redeem.postgres
  const pgbenchPgCpuMs = d.pgbench?.postgres_cpu_ms_per_tx ?? null
  const capacity = redeemPgCpuMs && pgbenchPgCpuMs ? round(pgbenchPgCpuMs / redeemPgCpuMs, 3) : null
  return {
    // Headline: 64 concurrent clients over the server's own pool, the configuration that ships.
    redeem_tps: shipped.tps,
    redeem_p50_ms: shipped.latency.p50_ms,
    redeem_p99_ms: shipped.latency.p99_ms,
    redeem_pool: shipped.pool,
    pgbench_tps: d.pgbench?.tps ?? null,
    redeem_vs_pgbench: ratio(shipped.tps),
    redeem_vs_pgbench_target: redeemTargetRatio,
    redeem_within_target: d.pgbench ? shipped.tps >= redeemTargetRatio * d.pgbench.tps : null,
    redeem_pg_cpu_ms: redeemPgCpuMs,
    pgbench_pg_cpu_ms: pgbenchPgCpuMs,
    redeem_db_capacity_ratio: capacity,
    redeem_db_capacity_target: dbCapacityTargetRatio,
    redeem_db_capacity_within_target: capacity === null ? null : capacity >= dbCapacityTargetRatio,
    redeem_round_trips: d.redeem.profile.wire.round_trips,
    redeem_parses_per_call: d.redeem.profile.wire.parses,
    redeem_custom_plans_per_call: d.redeem.profile.wire.custom_plans,
    redeem_tps_pool_per_client: d.redeem.single_thread.tps,
    redeem_tps_worker_threads: d.redeem.worker_threads?.tps ?? null,
    redeem_vs_pgbench_worker_threads: d.redeem.worker_threads ? ratio(d.redeem.worker_threads.tps) : null,
    hot_item_oversold: d.redeem.hot_item.oversold,
    redeem_observations: redeemObservations(d.redeem, d.pgbench),
    redeem_detail: d.redeem,
    pgbench_detail: d.pgbench ?? { error: d.pgbenchError },
  }
}

async function main(): Promise<void> {
  const only = onlySection(process.argv.slice(2))
  const started = performance.now()
  // Other work on this machine (builds, tests) moves the tail latencies: keep the load beside them.
  const loadAtStart = loadavg()[0]
  const measuredAt = new Date().toISOString()
  const previous: Record<string, unknown> = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {}
  let results: Record<string, unknown>
  if (only === 'sizes') {
    // The figure this replaced counted only the scripts index.html names.
    const { h5_initial_js_gzip_kb: _replaced, ...kept } = previous
    results = { ...kept, ...(await sizeFigures()), sizes_measured_at: measuredAt, sizes_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'upload') {
    results = { ...previous, ...(await uploadFigures()), upload_measured_at: measuredAt, upload_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'aid-settle') {
    results = { ...previous, ...(await settlementFigures()), settlement_measured_at: measuredAt, settlement_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'legal-queue') {
    results = { ...previous, ...(await lawyerQueueFigures()), lawyer_queue_measured_at: measuredAt, lawyer_queue_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'kb-search') {
    results = { ...previous, ...(await kbSearchFigures()), kb_search_measured_at: measuredAt, kb_search_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'chapter-open') {
    results = { ...previous, ...(await chapterOpenFigures()), chapter_open_measured_at: measuredAt, chapter_open_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'reading-heartbeat') {
    results = { ...previous, ...(await readingHeartbeatFigures()), reading_heartbeat_measured_at: measuredAt, reading_heartbeat_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'dating') {
    results = { ...previous, ...(await datingFigures()), dating_measured_at: measuredAt, dating_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  if (only === 'library-search') {
    results = { ...previous, ...(await librarySearchFigures()), library_search_measured_at: measuredAt, library_search_machine: machineFacts(loadAtStart) }
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    console.log(JSON.stringify(results))
    return
  }
  const d = await databaseBench(only)
  if (only === 'audience') {
    if (!d.audience) throw new Error('受众统计未测量')
    results = { ...previous, ...audienceFigures(d.audience), audience_measured_at: measuredAt }
  } else if (only === 'aid') {
    const aid = 'aid' in d ? d.aid : undefined
    if (!aid) throw new Error('医疗互助未测量')
    results = {
      ...previous,
      aid_queue_p99_ms: aid.queue.p99_ms,
      aid_coverage_p99_ms: aid.coverage.p99_ms,
      aid_p99_target_ms: aidTargetP99Ms,
      aid_within_target: aid.queue.p99_ms <= aidTargetP99Ms && aid.coverage.p99_ms <= aidTargetP99Ms,
      aid_detail: aid,
      aid_measured_at: measuredAt,
      aid_machine: machineFacts(loadAtStart),
    }
  } else if (only === 'contest') {
    const contest = 'contest' in d ? d.contest : null
    if (!contest) throw new Error('答题竞赛未测量')
    results = { ...previous, ...contestFigures(contest), contest_measured_at: measuredAt, contest_machine: machineFacts(loadAtStart) }
  } else if (only === 'messages') {
    if (!d.messages) throw new Error('消息未测量')
    results = { ...previous, ...messageFigures(d.messages), messages_measured_at: measuredAt, messages_machine: machineFacts(loadAtStart) }
  } else if (only === 'redeem') {
    results = {
      ...previous,
      ...redeemFigures(d),
      redeem_measured_at: measuredAt,
      redeem_machine: machineFacts(loadAtStart),
    }
  } else {
    if (!d.feed || !d.expiry || !d.audience || !d.messages || !d.contest) throw new Error('feed、受众统计、积分到期、消息或答题竞赛未测量')
    log('重启时间……')
    const restart = await measureRestart({ log })
    results = {
      ...feedFigures(d.feed),
      ...redeemFigures(d),
      ...audienceFigures(d.audience),
      expiry_full_scale_s: d.expiry.expiry_full_scale_s,
      expiry_detail: d.expiry,
      ...messageFigures(d.messages),
      ...contestFigures(d.contest),
      restart_to_healthz_ms: restart.restart_to_healthz_ms,
      restart_to_healthz_target_ms: restartTargetMs,
      restart_within_target: restart.restart_to_healthz_ms < restartTargetMs,
      restart_detail: restart,
      ...(await sizeFigures()),
      ...(await uploadFigures()),
      ...(await settlementFigures()),
      ...(await lawyerQueueFigures()),
      ...(await kbSearchFigures()),
      ...(await chapterOpenFigures()),
      ...(await readingHeartbeatFigures()),
      ...(await librarySearchFigures()),
      ...(await datingFigures()),
      scale: d.scale,
      generation_s: d.generation.seconds,
      generation_steps_s: d.generation.steps,
      database: `PostgreSQL ${d.server_version}`,
      database_origin: d.origin,
      measured_at: measuredAt,
      bench_runtime_s: round((performance.now() - started) / 1000, 1),
      machine: machineFacts(loadAtStart),
    }
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(JSON.stringify(results))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error))
  process.exitCode = 1
})
