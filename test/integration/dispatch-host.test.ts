import { connect } from 'node:net'
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

  it('refuses deep nesting before anything recursive walks it, with or without a token', async () => {
    const deep = JSON.parse(`${'['.repeat(30_000)}${']'.repeat(30_000)}`)
    const refused = { ok: false, error: { code: 'BAD_REQUEST', message: '请求内容嵌套层级过深' } }
    expect(await app.callRaw(null, 'notice', { action: 'feed', input: deep })).toEqual(refused)
    expect(await app.callRaw(app.users.member, 'notice', { action: 'feed', input: { cursor: deep } })).toEqual(refused)
    expect(await app.callRaw(null, 'auth', { action: 'demoLogin', input: { key: deep } })).toEqual(refused)
    // 32 levels is the limit: the schema answers, not the guard.
    let nested: unknown = 'x'
    for (let i = 0; i < 31; i += 1) nested = [nested]
    expect(await app.callRaw(app.users.member, 'notice', { action: 'feed', input: { cursor: nested } })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('refuses control characters, bidi controls and lone surrogates in any string or key, writing nothing', async () => {
    const admin = app.users['county-admin']
    const target = await app.branchId('秀洲区总工会')
    const before = await app.snapshot()
    const bad = ['\u0000', '\u0007', '\u000b', '\u001f', '\u007f', '\u0085', '\u009f', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff', 'a\udc00b']
    for (const ch of bad) {
      const inTitle = await app.fail(admin, 'notice', 'save', { title: `通知${ch}标题`, bodyHtml: '<p>正文</p>', targetBranchId: target })
      expect(inTitle, JSON.stringify(ch)).toEqual({ code: 'VALIDATION_FAILED', message: '内容含有不允许的控制字符（title）' })
      const inKey = await app.fail(admin, 'notice', 'save', { title: '通知标题', bodyHtml: '<p>正文</p>', targetBranchId: target, [`x${ch}`]: 1 })
      expect(inKey.code).toBe('VALIDATION_FAILED')
      const nested = await app.fail(admin, 'mall', 'uploadCodes', { itemId: 1, codes: ['ABCD1234', `AB${ch}CD`] })
      expect(nested).toEqual({ code: 'VALIDATION_FAILED', message: '内容含有不允许的控制字符（codes.1）' })
      expect((await app.fail(null, 'auth', 'demoLogin', { key: `member${ch}` })).code).toBe('VALIDATION_FAILED')
    }
    expect(await app.snapshot()).toEqual(before)
    // Tab, newline and carriage return are text; a well-formed surrogate pair is one character.
    const saved = await app.ok(admin, 'notice', 'save', { title: '通知\t标题😀', bodyHtml: '<p>第一行\r\n第二行</p>', targetBranchId: target })
    expect(saved.id).toBeGreaterThan(0)
  })

  it('refuses forged cursors that would overflow their SQL parameters', async () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const member = app.users.member
    const invalid = { code: 'VALIDATION_FAILED', message: '分页参数无效，请刷新后重试' }
    expect(await app.fail(member, 'mall', 'myOrders', { cursor: cursor({ i: 2 ** 40 }) })).toEqual(invalid)
    expect(await app.fail(member, 'mall', 'myOrders', { cursor: cursor({ i: -1 }) })).toEqual(invalid)
    expect(await app.fail(member, 'notice', 'feed', { cursor: cursor({ p: false, t: '0000-01-01T00:00:00.000Z', i: 5 }) })).toEqual(invalid)
    expect(await app.fail(member, 'notice', 'feed', { cursor: cursor({ p: false, t: '2026-02-31T00:00:00.000Z', i: 5 }) })).toEqual(invalid)
    expect(await app.fail(member, 'notice', 'feed', { cursor: cursor({ p: false, t: '2026-01-01T00:00:00.000Z', i: 2 ** 31 }) })).toEqual(invalid)
    expect(await app.fail(member, 'points', 'history', { cursor: cursor({ i: 2 ** 63 }) })).toEqual(invalid)
    expect(await app.fail(member, 'branch', 'children', { cursor: cursor({ name: 'a\u0000', id: 1 }) })).toEqual(invalid)
    expect(await app.fail(member, 'branch', 'search', { cursor: cursor({ path: "/1/' OR 1=1" }) })).toEqual(invalid)
    // The ledger id is a bigint: a cursor past 32 bits is a real position there.
    expect(await app.ok(member, 'points', 'history', { cursor: cursor({ i: 2 ** 40 }) })).toMatchObject({ nextCursor: null })
    const page = await app.ok(member, 'notice', 'feed', { limit: 1 })
    expect(page.nextCursor).not.toBeNull()
    expect((await app.ok(member, 'notice', 'feed', { limit: 1, cursor: page.nextCursor })).items.length).toBe(1)
  })

  it('answers a validly signed session with an odd payload as unauthenticated', async () => {
    const deps = { db: app.db, env: testEnv }
    const exp = Math.floor(Date.now() / 1000) + 60
    const payloads: Record<string, unknown>[] = [
      { uid: { id: 1 }, exp },
      { uid: String(app.users.member), exp },
      { uid: 1e20, exp },
      { uid: -1, exp },
      { uid: 0, exp },
      { uid: 1.5, exp },
      { uid: null, exp },
      { uid: [app.users.member], exp },
      { exp },
      { uid: 2 ** 31, exp },
    ]
    for (const payload of payloads) {
      const token = signToken(testEnv.appSecret, sessionPurpose, payload)
      const result = await dispatch(deps, registry, 'auth', { action: 'me', input: {} }, { kind: 'token', token })
      expect(result, JSON.stringify(payload)).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } })
    }
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

/** One request over a raw socket, for what fetch cannot send; reads until the server closes. */
function raw(head: string, chunks: string[] = []): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { port } = new URL(host.url)
  return new Promise((done, fail) => {
    const socket = connect(Number(port), '127.0.0.1')
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (data: string) => {
      text += data
    })
    // The server may close while the rest of a refused body is still on its way.
    socket.on('error', () => undefined)
    socket.on('close', () => {
      const [headerText, ...body] = text.split('\r\n\r\n')
      const [statusLine, ...lines] = headerText.split('\r\n')
      const match = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)
      if (!match) return fail(new Error(`no HTTP response: ${text.slice(0, 200)}`))
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
      done({ status: Number(match[1]), headers, body: body.join('\r\n\r\n') })
    })
    socket.write(head)
    for (const chunk of chunks) socket.write(chunk)
  })
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

  it('answers a chunked body over 64 KB with 413 and the error shape, then closes', async () => {
    const chunk = 'x'.repeat(16 * 1024)
    const response = await raw(
      'POST /api/notice HTTP/1.1\r\nHost: t\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n',
      Array.from({ length: 6 }, () => `${(chunk.length).toString(16)}\r\n${chunk}\r\n`).concat('0\r\n\r\n'),
    )
    expect(response.status).toBe(413)
    expect(response.headers['content-type']).toMatch(/application\/json/)
    expect(response.headers.connection).toBe('close')
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大（上限 64 KB）' } })
    const viaFetch = await post('/api/notice', JSON.stringify({ action: 'feed', input: { pad: 'x'.repeat(80_000) } }))
    expect(viaFetch.status).toBe(413)
  })

  it('answers deep nesting over HTTP without a token as a bad request', async () => {
    const deep = await post('/api/notice', `{"action":"feed","input":${'['.repeat(30_000)}${']'.repeat(30_000)}}`)
    expect(deep).toEqual({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', message: '请求内容嵌套层级过深' } } })
  })

  it('answers every other request the host refuses with the JSON error shape', async () => {
    const huge = await raw(`GET /api/notice HTTP/1.1\r\nHost: t\r\nx-pad: ${'a'.repeat(100_000)}\r\n\r\n`)
    expect(huge.status).toBe(431)
    expect(JSON.parse(huge.body)).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: '请求头过大' } })
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n')
    expect(garbage.status).toBe(400)
    expect(JSON.parse(garbage.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })

    const head = await fetch(`${host.url}/api/notice`, { method: 'HEAD' })
    expect(head.status).toBe(405)
    expect(head.headers.get('content-type')).toMatch(/application\/json/)
    expect(head.headers.get('allow')).toBe('POST')
    const get = await fetch(`${host.url}/api/notice`)
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(await get.text()))

    for (const path of ['/api', '/api/', '/api?x=1', '/api/notice/feed']) {
      expect(await post(path, '{}'), path).toEqual({ status: 404, body: { ok: false, error: { code: 'UNKNOWN_FUNCTION', message: '不存在的服务' } } })
    }
    expect((await fetch(`${host.url}/api`)).status).toBe(404)

    const put = await fetch(`${host.url}/index.html`, { method: 'PUT', body: 'x' })
    expect(put.status).toBe(405)
    expect(await put.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const badPath = await fetch(`${host.url}/%E0%A4%A`)
    expect(badPath.status).toBe(400)
    expect(await badPath.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    const unbuilt = await fetch(`${host.url}/`)
    expect(unbuilt.status).toBe(503)
    expect(await unbuilt.json()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    // Still serving after all of the above.
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200)
  })

  it('turns an unexpected failure into a Chinese message with no detail', async () => {
    const broken = await openTestApp()
    await broken.close()
    const result = await dispatch({ db: broken.db, env: testEnv }, registry, 'auth', { action: 'me', input: {} }, { kind: 'token', token: broken.tokenFor(1) })
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } })
  })
})
