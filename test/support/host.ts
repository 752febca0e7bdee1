import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Db } from '../../server/db'
import { openPgliteDb } from '../../server/db/pglite'
import { migrate } from '../../server/db/migrate'
import type { Env } from '../../server/env'
import { startHost } from '../../server/host'
import { seedDemo } from '../../server/seed/demo'
import { isLocalBuildHtml } from '../../config/local-build'
import { testEnv } from './env'

const h5Dir = resolve('dist/h5')

function newestMtime(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))))
}

/**
 * Builds the H5 app when it is missing, older than its sources or `npm start`'s local build, so
 * the browser tests never test a stale build or one that does not ship. The build's output is
 * shown only when it fails.
 */
export async function ensureH5Build(): Promise<void> {
  const index = join(h5Dir, 'index.html')
  const sources = ['src', 'config', 'babel.config.js', 'package.json'].filter((p) => existsSync(p))
  if (existsSync(index) && !isLocalBuildHtml(readFileSync(index, 'utf8')) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return
  // Not spawnSync: a minute-long block of the test worker times out vitest's own calls to it.
  const build = spawn('npm', ['run', '--silent', 'build:h5'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const code = await new Promise<number | null>((done) => build.on('close', done))
  if (code !== 0) throw new Error(`H5 构建失败（退出码 ${code}）：\n${output.split('\n').slice(-60).join('\n')}`)
}

/**
 * The real function host serving dist/h5, on a fresh in-memory database seeded with the demo
 * data, and a throw-away DATA_DIR for the files uploaded through it.
 */
export async function startTestHost(): Promise<{ url: string; db: Db; env: Env; close(): Promise<void> }> {
  await ensureH5Build()
  const db = await openPgliteDb(null)
  await migrate(db)
  await seedDemo(db, testEnv)
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-host-'))
  const env = { ...testEnv, dataDir }
  const host = await startHost({ deps: { db, env }, h5Dir, port: 0 })
  return {
    url: host.url,
    /** The host's database, for a test that runs a background job now rather than wait for its timer. */
    db,
    /** The host's settings, for a test that stores files the host must serve (its DATA_DIR). */
    env,
    async close() {
      await host.close()
      await db.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
