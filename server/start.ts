import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { openDatabase } from './db'
import { EnvError, loadEnv } from './env'
import { startHost } from './host'
import { expirePoints, lapsedYear } from './points/ledger'
import { seedDemo } from './seed/demo'

const h5Dir = resolve('dist/h5')

async function main(): Promise<void> {
  const env = loadEnv()
  if (!existsSync(resolve(h5Dir, 'index.html'))) {
    console.log('首次启动：正在构建 H5 应用（约 20 秒）…')
    const build = spawnSync('npm', ['run', 'build:h5'], { stdio: 'inherit' })
    if (build.status !== 0) throw new Error('H5 构建失败')
  }
  const db = await openDatabase(env)
  if (!env.production && (await seedDemo(db, env))) console.log('已写入演示数据')
  const host = await startHost({ deps: { db, env }, h5Dir, port: env.port })
  // Points lapse at year end; the job is idempotent, so a daily run catches up after downtime.
  const runExpiry = () =>
    expirePoints(db, lapsedYear(new Date()))
      .then(({ members, points }) => members && console.log(`积分到期处理：${members} 名会员，共 ${points} 积分`))
      .catch((error) => console.error(JSON.stringify({ level: 'error', msg: 'points expiry failed', error: String(error) })))
  void runExpiry()
  const expiryTimer = setInterval(runExpiry, 24 * 3600_000)
  console.log(`嘉兴网上职工之家已启动：${host.url}（数据库：${db.kind === 'pglite' ? `PGlite ${env.dataDir}` : 'PostgreSQL'}）`)
  if (env.demoLogin) console.log('演示模式：在登录页选择演示账号即可体验各角色')
  const shutdown = async () => {
    clearInterval(expiryTimer)
    await host.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error) => {
  console.error(error instanceof EnvError ? `配置错误：${error.message}` : error)
  process.exit(1)
})
