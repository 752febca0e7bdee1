import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFunctions } from '../../scripts/build-functions'
import { postgresServerAvailable, startCluster } from '../../scripts/pg-cluster'
import type { Cluster } from '../../scripts/pg-cluster'

type Main = (event: unknown) => Promise<unknown>
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
    expect(names.sort()).toEqual(['auth', 'branch', 'card', 'mall', 'member', 'notice', 'points', 'points-expiry', 'role'])
  })

  it('answers as a WeChat cloud function: migrates the server database and identifies the caller by openid', async () => {
    // Without PostgreSQL binaries this machine cannot run it; npm test says so and CI always has them.
    expect(cluster, '需要 PostgreSQL 服务器程序').not.toBeNull()
    if (!cluster) return
    Object.assign(process.env, {
      DATABASE_URL: cluster.url(),
      APP_SECRET: 'bundle-test-secret-0123456789abcdef0123',
      ID_HASH_KEY: 'bundle-test-id-key-0123456789abcdef0123',
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID',
      WX_OPENID: 'o-bundle-user',
    })
    const me = (await load('auth')({ action: 'me', input: {} })) as { ok: boolean; data: { member: unknown; grants: unknown[] } }
    expect(me).toMatchObject({ ok: true, data: { member: null, grants: [] } })
    expect(await load('notice')({ action: 'feed', input: {} })).toEqual({ ok: false, error: { code: 'NOT_MEMBER', message: '请先完成入会认证' } })
    expect(await load('auth')({ action: 'demoLogin', input: { key: 'new' } })).toMatchObject({ ok: false, error: { code: 'DEMO_DISABLED' } })
    // The expiry job answers only the platform's timer.
    expect(await load('points-expiry')({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    process.env.TRIGGER_SRC = 'timer'
    expect(await load('points-expiry')({})).toEqual({ ok: true, data: { members: 0, points: 0 } })
    delete process.env.TRIGGER_SRC
    // The notice bundle only carries notice actions.
    expect(await load('notice')({ action: 'me', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
  })
})
