import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openPgliteDb } from '../../server/db/pglite'
import { migrate } from '../../server/db/migrate'
import { startHost } from '../../server/host'
import { seedDemo } from '../../server/seed/demo'
import { testEnv } from './env'

const h5Dir = resolve('dist/h5')

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))))
}

/** Builds the H5 app when it is missing or older than its sources, so the browser tests never test a stale build. */
export function ensureH5Build(): void {
  const index = join(h5Dir, 'index.html')
  const sources = ['src', 'config', 'babel.config.js', 'package.json'].filter((p) => existsSync(p))
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return
  const build = spawnSync('npm', ['run', 'build:h5'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('H5 构建失败')
}

/** The real function host serving dist/h5, on a fresh in-memory database seeded with the demo data. */
export async function startTestHost(): Promise<{ url: string; close(): Promise<void> }> {
  ensureH5Build()
  const db = await openPgliteDb(null)
  await migrate(db)
  await seedDemo(db, testEnv)
  const host = await startHost({ deps: { db, env: testEnv }, h5Dir, port: 0 })
  return {
    url: host.url,
    async close() {
      await host.close()
      await db.close()
    },
  }
}
