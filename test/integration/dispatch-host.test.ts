import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch, sessionPurpose } from '../../server/action'
import { startHost } from '../../server/host'
import type { RunningHost } from '../../server/host'
import { registry } from '../../server/registry'
import { signToken } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
let host: RunningHost

beforeAll(async () => {
  app = await openTestApp()
  host = await startHost({ deps: { db: app.db, env: testEnv }, h5Dir: '/nonexistent-h5', port: 0 })
})
afterAll(async () => {
  await host?.close()
  await app?.close()
})

describe('dispatch', () => {
  it('answers unknown functions and actions and malformed events with stable codes', async () => {
    const member = app.users.member
    expect(await app.callRaw(member, 'nope', { action: 'feed' })).toEqual({ ok: false, error: { code: 'UNKNOWN_FUNCTION', message: '不存在的服务' } })
    expect((await app.callRaw(member, 'notice', { action: 'dropTables' })).ok).toBe(false)
    expect(await app.callRaw(member, 'notice', { action: 'toString' })).toMatchObject({ error: { code: 'UNKNOWN_ACTION' } })
    expect(await app.callRaw(member, 'notice', { action: '__proto__' })).toMatchObject({ error: { code: 'UNKNOWN_ACTION' } })
    expect(await app.callRaw(member, 'notice', null)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(await app.callRaw(member, 'notice', ['feed'])).toMatchObject({ error: { code: 'BAD_REQUEST' } })
    expect(await app.callRaw(member, 'notice', { action: 'feed', input: 'x' })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('refuses input over 64 KB before touching the database', async () => {
    const before = await app.snapshot()
    const result = await app.callRaw(app.users['county-admin'], 'notice', {
      action: 'save',
      input: { title: '超大通知', bodyHtml: 'x'.repeat(70_000), targetBranchId: 1 },
    })
    expect(result).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大（上限 64 KB）' } })
    expect(await app.snapshot()).toEqual(before)
  })

  it('tells expired sessions from forged ones', async () => {
    const expired = signToken(testEnv.appSecret, sessionPurpose, { uid: app.users.member, exp: Math.floor(Date.now() / 1000) - 5 })
    const forged = signToken('not-the-secret', sessionPurpose, { uid: app.users['city-admin'], exp: Math.floor(Date.now() / 1000) + 60 })
    const deps = { db: app.db, env: testEnv }
    const event = { action: 'me', input: {} }
    expect(await dispatch(deps, registry, 'auth', event, { kind: 'token', token: expired })).toMatchObject({ error: { code: 'SESSION_EXPIRED' } })
    expect(await dispatch(deps, registry, 'auth', event, { kind: 'token', token: forged })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
    expect(await dispatch(deps, registry, 'auth', event, { kind: 'token', token: `${forged}.x` })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
  })

  it('identifies a WeChat caller by openid, creating the user on first sight', async () => {
    const deps = { db: app.db, env: testEnv }
    const first = await dispatch(deps, registry, 'auth', { action: 'me', input: {} }, { kind: 'openid', openid: 'o-test-openid-1' })
    const again = await dispatch(deps, registry, 'auth', { action: 'me', input: {} }, { kind: 'openid', openid: 'o-test-openid-1' })
    expect(first.ok && again.ok && first.data).toEqual(again.ok && again.data)
    expect(await dispatch(deps, registry, 'auth', { action: 'me', input: {} }, { kind: 'openid', openid: null })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })
  })

  it('refuses demo login in production', async () => {
    const deps = { db: app.db, env: { ...testEnv, production: true, demoLogin: false } }
    const result = await dispatch(deps, registry, 'auth', { action: 'demoLogin', input: { key: 'city-admin' } }, { kind: 'token', token: null })
    expect(result).toEqual({ ok: false, error: { code: 'DEMO_DISABLED', message: '生产环境不提供演示登录' } })
  })
})

async function post(path: string, body: string, token?: string) {
  const response = await fetch(`${host.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  })
  return { status: response.status, body: await response.json() }
}

describe('function host', () => {
  it('serves the same handlers over HTTP with a session from demo login', async () => {
    const login = await post('/api/auth', JSON.stringify({ action: 'demoLogin', input: { key: 'member' } }))
    expect(login.status).toBe(200)
    const feed = await post('/api/notice', JSON.stringify({ action: 'feed', input: { limit: 5 } }), login.body.data.token)
    expect(feed.status).toBe(200)
    expect(feed.body.data.items.length).toBe(5)
    const anonymous = await post('/api/notice', JSON.stringify({ action: 'feed', input: {} }))
    expect(anonymous).toEqual({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } } })
  })

  it('reports which database it uses', async () => {
    const response = await fetch(`${host.url}/healthz`)
    const body = await response.json()
    expect(body).toMatchObject({ ok: true, database: process.env.TEST_DB === 'pg' ? 'postgres' : 'pglite' })
    expect(body.version).toMatch(/PostgreSQL/)
  })

  it('answers broken JSON, oversized bodies, wrong methods and unknown paths without a stack trace', async () => {
    expect(await post('/api/notice', '{"action":')).toEqual({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不正确' } } })
    const huge = await post('/api/notice', JSON.stringify({ action: 'feed', input: { pad: 'x'.repeat(80_000) } }))
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } })
    expect((await fetch(`${host.url}/api/notice`)).status).toBe(405)
    expect(await post('/api/does-not-exist', '{}')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_FUNCTION' } } })
    const text = await (await fetch(`${host.url}/api/notice`, { method: 'POST', body: '[' })).text()
    expect(text).not.toMatch(/at |Error|\.ts/)
  })

  it('turns an unexpected failure into a Chinese message with no detail', async () => {
    const broken = await openTestApp()
    await broken.close()
    const result = await dispatch({ db: broken.db, env: testEnv }, registry, 'auth', { action: 'me', input: {} }, { kind: 'token', token: broken.tokenFor(1) })
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } })
  })
})
