import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFunctions } from '../../scripts/build-functions'
import { postgresServerAvailable, startCluster } from '../../scripts/pg-cluster'
import type { Cluster } from '../../scripts/pg-cluster'
import { migrate } from '../../server/db/migrate'
import { createPostgresDb } from '../../server/db/postgres'

type Main = (event: unknown, context?: unknown) => Promise<unknown>
const requireBundle = createRequire(import.meta.url)
const load = (name: string): Main => requireBundle(resolve('dist/cloudfunctions', name, 'index.js')).main

let names: string[] = []
let cluster: Cluster | null = null

beforeAll(async () => {
  names = await buildFunctions()
  if (postgresServerAvailable()) cluster = await startCluster({ fsync: 'off' })
})
afterAll(() => cluster?.stop())

describe('bundled cloud functions', () => {
  it('bundles one self-contained folder per domain', () => {
    expect(names.sort()).toEqual([
      'aid', 'aid-settlement', 'auth', 'branch', 'card', 'contest-standings', 'course', 'dating', 'file', 'file-cleanup', 'legal', 'legal-auto-close', 'legal-escalation', 'library', 'library-campaign', 'library-import',
      'mall', 'member', 'message', 'message-sender',
      'notice', 'notice-fanout', 'points', 'points-expiry', 'quiz', 'quiz-expiry', 'role',
    ])
  })

  it('gives only the file function the native image library, installed by the cloud', () => {
    const manifest = (name: string) => JSON.parse(readFileSync(resolve('dist/cloudfunctions', name, 'package.json'), 'utf8'))
    expect(manifest('file').dependencies).toMatchObject({ sharp: expect.any(String), 'wx-server-sdk': expect.any(String) })
    expect(readFileSync(resolve('dist/cloudfunctions/file/function.js'), 'utf8')).toMatch(/require\("sharp"\)/)
    // The cleanup timer deletes and never decodes: it must load without sharp.
    expect(manifest('file-cleanup').dependencies).not.toHaveProperty('sharp')
    expect(readFileSync(resolve('dist/cloudfunctions/file-cleanup/function.js'), 'utf8')).not.toMatch(/require\("sharp"\)/)
  })

  it('gives the course function pdfkit, installed by the cloud, and only the font weight its certificates use', () => {
    const manifest = JSON.parse(readFileSync(resolve('dist/cloudfunctions/course/package.json'), 'utf8'))
    expect(manifest.dependencies).toMatchObject({ pdfkit: expect.any(String) })
    expect(readFileSync(resolve('dist/cloudfunctions/course/function.js'), 'utf8')).toMatch(/require\("pdfkit"\)/)
    expect(readdirSync(resolve('dist/cloudfunctions/course/fonts'))).toEqual(['NotoSerifSC_400Regular.ttf'])
  })

  it('refuses an old runtime with a clear message instead of a SyntaxError', () => {
    const entry = resolve('dist/cloudfunctions/auth/index.js')
    const script = `Object.defineProperty(process.versions, 'node', { value: '14.21.3' });
      require(${JSON.stringify(entry)}).main({}).then((r) => console.log(JSON.stringify(r)))`
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: { code: 'SERVICE_MISCONFIGURED', message: '服务部署配置有误，请联系管理员' } })
    expect(run.stderr).toContain('云函数需要 Node.js 16 或更高版本的运行环境，当前为 14.21.3')
  })

  it('answers as a WeChat cloud function: always production, on a migrated server database, the caller by openid', async () => {
    // Without PostgreSQL binaries this machine cannot run it; npm test says so and CI always has them.
    expect(cluster, '需要 PostgreSQL 服务器程序').not.toBeNull()
    if (!cluster) return
    const misconfigured = { ok: false, error: { code: 'SERVICE_MISCONFIGURED', message: '服务部署配置有误，请联系管理员' } }
    Object.assign(process.env, { DATABASE_URL: cluster.url(), WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: 'o-bundle-user' })
    delete process.env.NODE_ENV
    // No secrets, or short ones: refused, never generated per container.
    expect(await load('auth')({ action: 'me', input: {} })).toEqual(misconfigured)
    Object.assign(process.env, { APP_SECRET: 'too-short', ID_HASH_KEY: 'bundle-test-id-key-0123456789abcdef0123' })
    expect(await load('auth')({ action: 'me', input: {} })).toEqual(misconfigured)
    process.env.APP_SECRET = 'bundle-test-secret-0123456789abcdef0123'
    // Functions do not migrate: a database behind their code is refused until the deployment step ran.
    expect(await load('auth')({ action: 'me', input: {} })).toEqual(misconfigured)
    const db = createPostgresDb(cluster.url(), 1)
    await migrate(db)
    await db.close()

    const me = (await load('auth')({ action: 'me', input: {} })) as { ok: boolean; data: { member: unknown; grants: unknown[] } }
    expect(me).toMatchObject({ ok: true, data: { member: null, grants: [] } })
    expect(await load('notice')({ action: 'feed', input: {} })).toEqual({ ok: false, error: { code: 'NOT_MEMBER', message: '请先完成入会认证' } })
    expect(await load('auth')({ action: 'demoLogin', input: { key: 'new' } })).toMatchObject({ ok: false, error: { code: 'DEMO_DISABLED' } })
    // The course function loads with pdfkit beside it, and the public check needs no caller.
    expect(await load('course')({ action: 'verifyCertificate', input: { code: 'ZZZZZZZZZZZZ' } })).toEqual({ ok: true, data: { valid: false, code: 'ZZZZZZZZZZZZ' } })
    // The expiry job answers only the platform's timer.
    expect(await load('points-expiry')({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    process.env.TRIGGER_SRC = 'timer'
    expect(await load('points-expiry')({}, { time_limit_in_ms: 3000 })).toEqual({ ok: true, data: { members: 0, points: 0, done: true } })
    expect(await load('notice-fanout')({}, { time_limit_in_ms: 3000 })).toEqual({ ok: true, data: { written: 0, removed: 0, batches: 0, done: true } })
    expect(await load('legal-escalation')({}, { time_limit_in_ms: 3000 })).toEqual({ ok: true, data: { reminded: 0, escalatedCounty: 0, escalatedCity: 0 } })
    expect(await load('legal-auto-close')({}, { time_limit_in_ms: 3000 })).toEqual({ ok: true, data: { closed: 0 } })
    // So does the subscribe-message sender; with no templates configured it finds nothing to send.
    delete process.env.TRIGGER_SRC
    expect(await load('message-sender')({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    process.env.TRIGGER_SRC = 'timer'
    expect(await load('message-sender')({}, { time_limit_in_ms: 3000 })).toEqual({
      ok: true,
      data: { sent: 0, refused: 0, failed: 0, retrying: 0, interrupted: 0, noChannel: 0, noAllowance: 0 },
    })
    delete process.env.TRIGGER_SRC
    // The notice bundle only carries notice actions.
    expect(await load('notice')({ action: 'me', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
  })
})
