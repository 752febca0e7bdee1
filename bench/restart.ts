/**
 * restart_to_healthz_ms: the built host (what `npm start` runs) restarted on an existing PGlite
 * data dir, from spawn to the first 200 from /healthz. `npx tsx bench/restart.ts` runs it alone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { buildServer } from '../scripts/build-server'
import { postgresServerAvailable, startCluster } from '../scripts/pg-cluster'
import { spawnHost } from '../test/support/host-process'
import { percentile, round } from './stats'

export const restartTargetMs = 1000

export interface RestartReport {
  restart_to_healthz_ms: number
  runs_ms: number[]
  /**
   * CPU time the host used until that first 200: what the restart costs apart from waiting for
   * cores, which other work on a shared machine takes (load_1m says how much there was).
   */
  restart_cpu_ms: number | null
  load_1m: number
  /** The same restart through tsx, the way npm start ran before the build: the transpiling it saves. */
  tsx_restart_to_healthz_ms: number
  tsx_runs_ms: number[]
  /**
   * The same built host restarted on a PostgreSQL server (a throw-away cluster), null without the
   * server binaries: the host's own share of a restart, without booting an embedded engine.
   */
  postgres_restart_to_healthz_ms: number | null
  postgres_restart_cpu_ms: number | null
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50)

async function timeRestarts(command: string[], env: Record<string, string>, runs: number): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < runs; run++) {
    const host = await spawnHost(command, env)
    try {
      wall.push(round(await host.waitHealthy(30_000), 1))
      const used = host.cpuMs()
      if (used !== null) cpu.push(used)
    } finally {
      await host.stop()
    }
  }
  return { wall, cpu }
}

async function restartsOnPostgres(entry: string, env: Record<string, string>, runs: number): Promise<{ wall: number[]; cpu: number[] } | null> {
  if (!postgresServerAvailable()) return null
  const cluster = await startCluster()
  try {
    const admin = new pg.Client({ connectionString: cluster.url() })
    await admin.connect()
    await admin.query('CREATE DATABASE jx_restart')
    await admin.end()
    const withServer = { ...env, DATABASE_URL: cluster.url('jx_restart') }
    await timeRestarts([entry], withServer, 1)
    return await timeRestarts([entry], withServer, runs)
  } finally {
    cluster.stop()
  }
}

export async function measureRestart(options: { runs?: number; tsxRuns?: number; log?: (line: string) => void } = {}): Promise<RestartReport> {
  const { runs = 7, tsxRuns = 3, log = () => undefined } = options
  const work = mkdtempSync(join(tmpdir(), 'jx-restart-'))
  try {
    // Where npm start puts it: the bundle finds pg and PGlite in the repository's node_modules.
    const entry = await buildServer()
    const env = { DATA_DIR: join(work, 'data'), DATABASE_URL: '' }
    // The first start creates, migrates and seeds the data dir; only restarts on it are measured.
    const first = await timeRestarts([entry], env, 1)
    log(`首次启动（新建 PGlite 数据目录）${first.wall[0]} ms`)
    const load = loadavg()[0]
    const built = await timeRestarts([entry], env, runs)
    log(`重启到 /healthz 200：${built.wall.join('、')} ms，CPU ${built.cpu.join('、')} ms，负载 ${round(load, 2)}`)
    const tsx = join('node_modules', 'tsx', 'dist', 'cli.mjs')
    const viaTsx = await timeRestarts([tsx, join('server', 'start.ts')], env, tsxRuns)
    log(`经 tsx 重启：${viaTsx.wall.join('、')} ms`)
    const onPostgres = await restartsOnPostgres(entry, { DATA_DIR: join(work, 'data-pg') }, runs)
    if (onPostgres) log(`PostgreSQL 上重启：${onPostgres.wall.join('、')} ms，CPU ${onPostgres.cpu.join('、')} ms`)
    return {
      restart_to_healthz_ms: median(built.wall),
      runs_ms: built.wall,
      restart_cpu_ms: built.cpu.length ? median(built.cpu) : null,
      load_1m: round(load, 2),
      tsx_restart_to_healthz_ms: median(viaTsx.wall),
      tsx_runs_ms: viaTsx.wall,
      postgres_restart_to_healthz_ms: onPostgres ? median(onPostgres.wall) : null,
      postgres_restart_cpu_ms: onPostgres?.cpu.length ? median(onPostgres.cpu) : null,
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('restart.ts')) {
  measureRestart({ log: (line) => console.error(`[bench] ${line}`) }).then((report) => console.log(JSON.stringify(report)))
}
