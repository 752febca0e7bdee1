import { resolve } from 'node:path'
import { openDatabase } from './db'
import { EnvError, loadEnv } from './env'
import { startHost } from './host'
import { expirePoints, lapsedYear } from './points/ledger'
import { seedDemo } from './seed/demo'

/** Built by `npm start` (scripts/start.mjs) before this runs; without it the host still serves /api. */
const h5Dir = resolve('dist/h5')

function logError(msg: string, error: unknown): void {
  const detail = error instanceof Error ? error.stack ?? error.message : String(error)
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, error: detail }))
}

async function main(): Promise<void> {
  const env = loadEnv()
  const db = await openDatabase(env)
  if (!env.production && (await seedDemo(db, env))) console.log('已写入演示数据')
  const host = await startHost({ deps: { db, env }, h5Dir, port: env.port })
  // Points lapse at year end; the job is idempotent, so a daily run catches up after downtime.
  // A failure (the database away, say) is logged and retried by the next run, never fatal.
  const runExpiry = async () => {
    try {
      const { members, points } = await expirePoints(db, lapsedYear(new Date()))
      if (members) console.log(`积分到期处理：${members} 名会员，共 ${points} 积分`)
    } catch (error) {
      logError('points expiry failed', error)
    }
  }
  // The first run waits a minute: a restart answers requests first, and a year's lapse is not late by a minute.
  const firstExpiry = setTimeout(() => void runExpiry(), 60_000)
  const expiryTimer = setInterval(() => void runExpiry(), 24 * 3600_000)
  console.log(`嘉兴网上职工之家已启动：${host.url}（数据库：${db.kind === 'pglite' ? `PGlite ${env.dataDir}` : 'PostgreSQL'}）`)
  if (env.demoLogin) console.log('演示模式：在登录页选择演示账号即可体验各角色')
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    clearTimeout(firstExpiry)
    clearInterval(expiryTimer)
    try {
      const closed = host.close()
      // Keep-alive connections would hold the close for their whole idle timeout.
      host.server.closeIdleConnections()
      await closed
      await db.close()
    } catch (error) {
      logError('shutdown failed', error)
    }
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

// Node exits on an unhandled rejection. One forgotten promise in a request must cost that request,
// not every later one: log it with its stack and keep serving.
process.on('unhandledRejection', (reason) => logError('unhandled rejection', reason))

main().catch((error) => {
  console.error(error instanceof EnvError ? `配置错误：${error.message}` : error)
  process.exit(1)
})
