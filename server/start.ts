import { resolve } from 'node:path'
import { openDatabase } from './db'
import { EnvError, loadEnv } from './env'
import { startHost } from './host'
import type { RunningHost } from './host'
import { hostJobs } from './jobs'
import { seedDemo } from './seed/demo'
import { seedDemoLegalQuestions } from './seed/demo-legal-questions'
import { seedDemoCourses } from './seed/demo-courses'
import { seedDemoDating } from './seed/demo-dating'
import { seedDemoLibrary } from './seed/demo-library'
import { seedDemoQuiz } from './seed/demo-quiz'
import { seedDemoDatingEvents } from './seed/demo-dating-events'

/** Built by `npm start` (scripts/start.mjs) before this runs; without it the host still serves /api. */
const h5Dir = resolve('dist/h5')

function logError(msg: string, error: unknown): void {
  const detail = error instanceof Error ? error.stack ?? error.message : String(error)
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, error: detail }))
}

const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export interface RunOptions {
  /**
   * Settles when the H5 app is built: scripts/start.mjs builds it while the database opens, and
   * the host listens (so /healthz answers) only once both are done. A rejection ends the start.
   */
  ready?: Promise<void>
}

async function main(options: RunOptions): Promise<void> {
  const env = loadEnv()
  let stopping = false
  let host: RunningHost | null = null
  const timers: NodeJS.Timeout[] = []
  const opening = openDatabase(env)
  // Demo questions, books, courses and quizzes only here: the tests' databases are seeded without them (seedDemo) and make their own.
  const seeding = opening.then(async (db) => {
    if (env.production) return false
    const seeded = await seedDemo(db, env)
    const asked = await seedDemoLegalQuestions({ db, env })
    const shelved = await seedDemoLibrary({ db, env })
    const taught = await seedDemoCourses({ db, env })
    const quizzed = await seedDemoQuiz(db)
    const dated = await seedDemoDating({ db, env })
    const datingEvents = await seedDemoDatingEvents(db)
    return seeded || asked || shelved || taught || quizzed || dated || datingEvents
  })
  const shutdown = async (exitCode: number) => {
    if (stopping) return
    stopping = true
    timers.forEach(clearTimeout)
    try {
      if (host) {
        const closed = host.close()
        // Keep-alive connections would hold the close for their whole idle timeout.
        host.server.closeIdleConnections()
        await closed
      }
      // A signal during the first start waits for PGlite's initdb and the demo seed, which must
      // not be cut half-way.
      const db = await opening.catch(() => null)
      await seeding.catch(() => false)
      await db?.close()
    } catch (error) {
      logError('shutdown failed', error)
    }
    process.exit(exitCode)
  }
  for (const signal of stopSignals) process.on(signal, () => void shutdown(0))

  const db = await opening
  const seeded = await seeding
  try {
    await options.ready
  } catch (error) {
    if (!stopping) console.error(error instanceof Error ? error.message : String(error))
    await shutdown(1)
    return
  }
  if (stopping) return
  host = await startHost({ deps: { db, env }, h5Dir, port: env.port })
  // A failed run (the database away, say) is logged and retried by the next one, never fatal.
  for (const job of hostJobs) {
    let running = false
    const runJob = async () => {
      // A slow run is not overtaken by the next tick.
      if (running || stopping) return
      running = true
      try {
        const line = await job.run({ db, env })
        if (line) console.log(line)
      } catch (error) {
        logError(`${job.name} failed`, error)
      } finally {
        running = false
      }
    }
    timers.push(setTimeout(() => void runJob(), job.firstDelayMs), setInterval(() => void runJob(), job.everyMs))
  }
  // Said here, not when it happened: scripts/start.mjs may still be drawing its progress line then.
  if (seeded) console.log('已写入演示数据')
  console.log(`嘉兴网上职工之家已启动：${host.url}（数据库：${db.kind === 'pglite' ? `PGlite ${env.dataDir}` : 'PostgreSQL'}）`)
  if (env.demoLogin) console.log('演示模式：在登录页选择演示账号即可体验各角色')
  console.log('按 Ctrl-C 停止')
}

// Node exits on an unhandled rejection. One forgotten promise in a request must cost that request,
// not every later one: log it with its stack and keep serving.
process.on('unhandledRejection', (reason) => logError('unhandled rejection', reason))

export function run(options: RunOptions = {}): void {
  main(options).catch((error) => {
    console.error(error instanceof EnvError ? `配置错误：${error.message}` : error)
    process.exit(1)
  })
}

// `node dist/server/start.js` (the bundle) and `tsx server/start.ts` run the host; scripts/start.mjs
// imports the bundle and calls run itself. The bundle is CommonJS and tsx loads this file as an ES
// module, so the entry script's path is what both can tell.
if (/[\\/]server[\\/]start\.[jt]s$/.test(process.argv[1] ?? '')) run()

