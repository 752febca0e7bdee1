import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { startCpuMeter } from './cpu'
import type { CpuReport } from './cpu'
import { round } from './stats'

const run = promisify(execFile)

export const pgbenchDatabaseName = 'jx_pgbench'

/**
 * The server's ceiling for short write transactions: pgbench's simple-update script (-N: per
 * transaction one account update, one select and one history insert, then a synced commit), on
 * the same server in the same run, so the redeem figures have a yardstick measured beside them.
 */
export interface PgbenchReport {
  tps: number
  latency_avg_ms: number
  clients: number
  threads: number
  duration_s: number
  scale: number
  init_s: number
  transactions: number
  failed_transactions: number
  binary: string
  cpu: CpuReport
  /** The server's CPU time per transaction (all its processes), null when it is not local. */
  postgres_cpu_ms_per_tx: number | null
}

function findPgbench(binDir: string | null): string {
  const candidates = [binDir && join(binDir, 'pgbench'), '/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench']
  const found = candidates.find((c): c is string => typeof c === 'string' && existsSync(c))
  if (!found) throw new Error('找不到 pgbench')
  return found
}

async function withAdmin(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

export interface PgbenchOptions {
  /** Any URL of the server; its host, port and user are used. */
  serverUrl: string
  binDir: string | null
  postmaster: number | null
  clients: number
  threads: number
  seconds: number
  scale: number
}

const number = (pattern: RegExp, text: string) => {
  const match = pattern.exec(text)
  if (!match) throw new Error(`pgbench 输出中没有 ${pattern}：${text.slice(-600)}`)
  return Number(match[1])
}

export async function measurePgbench(options: PgbenchOptions, log: (line: string) => void): Promise<PgbenchReport> {
  const binary = findPgbench(options.binDir)
  const url = new URL(options.serverUrl)
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')]
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }
  await withAdmin(options.serverUrl, `DROP DATABASE IF EXISTS ${pgbenchDatabaseName} WITH (FORCE)`)
  await withAdmin(options.serverUrl, `CREATE DATABASE ${pgbenchDatabaseName}`)
  try {
    const initStarted = performance.now()
    await run(binary, ['-i', '-q', '-s', String(options.scale), ...connection, pgbenchDatabaseName], { env, maxBuffer: 16 << 20 })
    const initSeconds = round((performance.now() - initStarted) / 1000, 1)
    log(`pgbench -i -s ${options.scale}：${initSeconds} s`)
    // Start from a clean slate, as the redeem runs do: no checkpoint left over from the load.
    await withAdmin(options.serverUrl, 'CHECKPOINT').catch(() => undefined)
    const meter = startCpuMeter(options.postmaster)
    const { stdout } = await run(
      binary,
      ['-c', String(options.clients), '-j', String(options.threads), '-T', String(options.seconds), '-N', ...connection, pgbenchDatabaseName],
      { env, maxBuffer: 16 << 20 },
    )
    const cpu = meter.stop()
    const transactions = number(/number of transactions actually processed: (\d+)/, stdout)
    return {
      tps: round(number(/tps = ([\d.]+) \(without initial connection time\)/, stdout), 1),
      latency_avg_ms: number(/latency average = ([\d.]+) ms/, stdout),
      clients: options.clients,
      threads: options.threads,
      duration_s: options.seconds,
      scale: options.scale,
      init_s: initSeconds,
      transactions,
      failed_transactions: /number of failed transactions: (\d+)/.test(stdout) ? number(/number of failed transactions: (\d+)/, stdout) : 0,
      binary,
      cpu,
      postgres_cpu_ms_per_tx: cpu.postgres_cpu_s === null ? null : round((cpu.postgres_cpu_s * 1000) / Math.max(transactions, 1), 3),
    }
  } finally {
    await withAdmin(options.serverUrl, `DROP DATABASE IF EXISTS ${pgbenchDatabaseName} WITH (FORCE)`)
  }
}
