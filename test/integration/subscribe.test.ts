import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routes, withQuery } from '../../src/routes'
import type { MessageKind } from '../../src/shared/api'
import type { WechatApi } from '../../server/env'
import { hostJobs } from '../../server/jobs'
import { notify } from '../../server/notify'
import type { MessagePayload } from '../../server/notify'
import { allowanceCap, drainOutbox, maxAttempts } from '../../server/subscribe/sender'
import type { DrainSummary } from '../../server/subscribe/sender'
import { createHttpsChannel } from '../../server/subscribe/wechat-https'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv, testSubscribeConfig } from '../support/env'
import { startFakeWechat } from '../support/fake-wechat'
import type { FakeWechat } from '../support/fake-wechat'
import { fundedMembers } from '../support/mall-fixtures'

const shipped = testSubscribeConfig.templates.order_shipped?.templateId ?? ''
const cancelled = testSubscribeConfig.templates.order_cancelled?.templateId ?? ''
const reviewResult = testSubscribeConfig.templates.application_approved?.templateId ?? ''
const api: WechatApi = { appId: 'wx0123456789abcdef', appSecret: 'fake-secret', base: '' }

let app: TestApp
let wechat: FakeWechat

beforeAll(async () => {
  app = await openTestApp()
  wechat = await startFakeWechat({ appId: api.appId, appSecret: api.appSecret, delayMs: 2 })
  api.base = wechat.base
})
afterAll(async () => {
  await wechat?.close()
  await app?.close()
})

let serial = 0
/** A user signed in through WeChat (an openid), as every weapp user is. */
async function wechatUser(): Promise<{ userId: number; openid: string }> {
  const openid = `o-subscribe-${++serial}-${randomUUID().slice(0, 8)}`
  const [row] = await app.db.query<{ id: number }>('INSERT INTO app_user (nickname, openid) VALUES ($1, $2) RETURNING id', ['订阅用户', openid])
  return { userId: row.id, openid }
}

async function consent(userId: number, templateIds: string[]) {
  return app.ok(userId, 'message', 'recordConsent', { templateIds })
}

async function tell(userId: number, source: string, payload: MessagePayload = { orderNo: source, itemTitle: '五常大米 5kg', trackingNo: 'SF1' }, kind: MessageKind = 'order_shipped') {
  await app.db.transaction((tx) =>
    notify(tx, { userId, kind, source, title: '订单已发货', body: '您兑换的商品已发货。', link: withQuery(routes.mallOrder, { id: 7 }), payload }),
  )
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM message WHERE user_id = $1 AND source = $2', [userId, source])
  return row.id
}

async function deliveryOf(messageId: number) {
  const [row] = await app.db.query<{ status: string; attempts: number; last_error: string | null; next_attempt_at: Date | null; sent_at: Date | null }>(
    'SELECT status, attempts, last_error, next_attempt_at, sent_at FROM message_delivery WHERE message_id = $1',
    [messageId],
  )
  return row ?? null
}

async function remaining(userId: number, templateId: string): Promise<number | null> {
  const [row] = await app.db.query<{ remaining: number }>('SELECT remaining FROM subscribe_allowance WHERE user_id = $1 AND template_id = $2', [userId, templateId])
  return row?.remaining ?? null
}

const sentTo = (openid: string) => wechat.delivered.filter((s) => s.touser === openid)
const requestsTo = (openid: string) => wechat.requests.filter((s) => s.touser === openid)

/** A sender process: its own channel, so its own access-token cache. */
function drain(channel = createHttpsChannel(api)): Promise<DrainSummary> {
  return drainOutbox(app.db, testSubscribeConfig, channel)
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Makes a waiting retry due now, as if its backoff had passed. */
async function makeDue(messageId: number) {
  await app.db.query(`UPDATE message_delivery SET next_attempt_at = now() - interval '1 second' WHERE message_id = $1`, [messageId])
}

describe('consent', () => {
  it('names the templates each moment asks for, once each, in the moment order', async () => {
    const user = await app.newUser()
    // order_ready has no template in this configuration; approval and rejection share one.
    expect(await app.ok(user, 'message', 'subscribeTemplates', { moment: 'redeem' })).toEqual({ templateIds: [shipped, cancelled] })
    expect(await app.ok(user, 'message', 'subscribeTemplates', { moment: 'join' })).toEqual({ templateIds: [reviewResult] })
  })

  it('adds one send per accepted template, up to a cap', async () => {
    const { userId } = await wechatUser()
    expect(await consent(userId, [shipped, cancelled])).toEqual({
      allowances: [
        { templateId: shipped, remaining: 1 },
        { templateId: cancelled, remaining: 1 },
      ],
    })
    expect(await consent(userId, [shipped])).toEqual({ allowances: [{ templateId: shipped, remaining: 2 }] })
    for (let i = 0; i < allowanceCap + 5; i++) await consent(userId, [shipped])
    expect(await remaining(userId, shipped)).toBe(allowanceCap)
  })

  it('refuses a template that is not configured, and writes nothing', async () => {
    const { userId } = await wechatUser()
    const before = await app.snapshot()
    const error = await app.fail(userId, 'message', 'recordConsent', { templateIds: [shipped, 'someone-elses-template'] })
    expect(error).toEqual({ code: 'SUBSCRIBE_TEMPLATE_UNKNOWN', message: '订阅消息模板 someone-elses-template 不存在或已停用' })
    expect((await app.fail(userId, 'message', 'recordConsent', { templateIds: [shipped, shipped] })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(userId, 'message', 'recordConsent', { templateIds: [shipped, cancelled, reviewResult, 'x'] })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(userId, 'message', 'recordConsent', { templateIds: [] })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('the sender over WeChat HTTPS', () => {
  it('sends a shipped order with its fields cut to fit, once, and spends the allowance', async () => {
    const [member] = await fundedMembers(app, [5000])
    const openid = `o-subscribe-member-${member.userId}`
    await app.db.query('UPDATE app_user SET openid = $2 WHERE id = $1', [member.userId, openid])
    const [item] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE title = '五常大米 5kg'`)
    const placed = await app.ok(member.userId, 'mall', 'redeem', {
      itemId: item.id,
      quantity: 1,
      requestId: randomUUID(),
      address: { name: '收件人', phone: '13900000002', address: '嘉兴市秀洲区油车港镇某路 1 号' },
    })
    await consent(member.userId, [shipped])
    await app.ok(app.users['mall-operator'], 'mall', 'ship', { id: placed.order.id, trackingNo: 'SF1234567890' })

    const summary = await drain()
    expect(summary).toMatchObject({ sent: 1, failed: 0, retrying: 0 })
    const [send] = sentTo(openid)
    expect(send).toMatchObject({
      template_id: shipped,
      page: `pages/mall/order/index?id=${placed.order.id}`,
      miniprogram_state: 'developer',
      lang: 'zh_CN',
    })
    expect(send.data.character_string1.value).toBe(placed.order.orderNo.replace(/\s/g, ''))
    expect(send.data.thing2.value).toBe('五常大米 5kg')
    expect(send.data.character_string3.value).toBe('SF1234567890')
    expect(send.data.time4.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
    const [message] = await app.db.query<{ id: number }>('SELECT id FROM message WHERE user_id = $1', [member.userId])
    expect(await deliveryOf(message.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null })
    expect(await remaining(member.userId, shipped)).toBe(0)
    // A second run finds nothing to do.
    expect(await drain()).toMatchObject({ sent: 0 })
    expect(sentTo(openid)).toHaveLength(1)
  })

  it('counts allowances: two consents, two sends; the third message is recorded no_allowance', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    await consent(userId, [shipped])
    const ids = [await tell(userId, 'a:1'), await tell(userId, 'a:2'), await tell(userId, 'a:3')]
    expect(await drain()).toMatchObject({ sent: 2, noAllowance: 1 })
    expect(sentTo(openid).map((s) => s.data.character_string1.value)).toEqual(['a:1', 'a:2'])
    expect((await Promise.all(ids.map(deliveryOf))).map((d) => d?.status)).toEqual(['sent', 'sent', 'no_allowance'])
    expect(await remaining(userId, shipped)).toBe(0)
  })

  it('never spends a later consent on a message that came while the user had none left', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    await tell(userId, 'b:1')
    await drain()
    // Nothing left: this one is not sent, and waits for nothing.
    const old = await tell(userId, 'b:2')
    await drain()
    await app.db.query(`UPDATE message SET created_at = now() - interval '1 hour' WHERE id = $1`, [old])
    await consent(userId, [shipped])
    const fresh = await tell(userId, 'b:3')
    expect(await drain()).toMatchObject({ sent: 1 })
    expect(sentTo(openid).map((s) => s.data.character_string1.value)).toEqual(['b:1', 'b:3'])
    expect(await deliveryOf(old)).toBeNull()
    expect(await deliveryOf(fresh)).toMatchObject({ status: 'sent' })
  })

  it('43101 (the user refused): recorded refused, never retried, and the user has no sends left', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    await consent(userId, [shipped])
    wechat.script(openid, [43101])
    const id = await tell(userId, 'c:1')
    expect(await drain()).toMatchObject({ refused: 1, sent: 0 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'refused', attempts: 1, last_error: '43101 fake error 43101' })
    // WeChat has no subscription for us, whatever our count said.
    expect(await remaining(userId, shipped)).toBe(0)
    await drain()
    expect(requestsTo(openid)).toHaveLength(1)
  })

  it('40001 (token expired): one new token, the send retried at once, sent once', async () => {
    const { userId, openid } = await wechatUser()
    const channel = createHttpsChannel(api)
    await consent(userId, [shipped])
    await tell(userId, 'd:0')
    await drain(channel)
    const tokensBefore = wechat.tokenRequests
    wechat.expireToken()
    await consent(userId, [shipped])
    const id = await tell(userId, 'd:1')
    expect(await drain(channel)).toMatchObject({ sent: 1, retrying: 0 })
    expect(wechat.tokenRequests).toBe(tokensBefore + 1)
    const sends = requestsTo(openid).filter((s) => s.data.character_string1.value === 'd:1')
    expect(sends.map((s) => s.accessToken === sends[1]?.accessToken)).toEqual([false, true])
    expect(sentTo(openid).filter((s) => s.data.character_string1.value === 'd:1')).toHaveLength(1)
    expect(await deliveryOf(id)).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('shares one token between concurrent sends and keeps it between runs', async () => {
    const channel = createHttpsChannel(api)
    const users = await Promise.all(Array.from({ length: 6 }, () => wechatUser()))
    for (const { userId } of users) {
      await consent(userId, [shipped])
      await tell(userId, 'e:1')
    }
    const before = wechat.tokenRequests
    expect(await drain(channel)).toMatchObject({ sent: 6 })
    const { userId } = users[0]
    await consent(userId, [shipped])
    await tell(userId, 'e:2')
    expect(await drain(channel)).toMatchObject({ sent: 1 })
    expect(wechat.tokenRequests).toBe(before + 1)
  })

  it('5xx and -1 (system busy): retried later with backoff, then sent', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    wechat.script(openid, [{ http: 502 }, -1])
    const id = await tell(userId, 'f:1')
    expect(await drain()).toMatchObject({ retrying: 1, sent: 0 })
    const first = await deliveryOf(id)
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 502' })
    const wait = (first?.next_attempt_at?.getTime() ?? 0) - Date.now()
    expect(wait).toBeGreaterThan(20_000)
    expect(wait).toBeLessThan(40_000)
    // Not due yet: nothing is sent.
    await drain()
    expect(requestsTo(openid)).toHaveLength(1)
    await makeDue(id)
    expect(await drain()).toMatchObject({ retrying: 1 })
    const second = await deliveryOf(id)
    expect(second).toMatchObject({ status: 'pending', attempts: 2, last_error: '-1 fake error -1' })
    // The wait doubles.
    expect((second?.next_attempt_at?.getTime() ?? 0) - Date.now()).toBeGreaterThan(50_000)
    await makeDue(id)
    expect(await drain()).toMatchObject({ sent: 1 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'sent', attempts: 3 })
    expect(sentTo(openid)).toHaveLength(1)
    expect(await remaining(userId, shipped)).toBe(0)
  })

  it('gives up after the last try and gives back the allowance WeChat never used', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    wechat.script(openid, Array.from({ length: maxAttempts }, () => 45009))
    const id = await tell(userId, 'g:1')
    for (let i = 0; i < maxAttempts; i++) {
      await drain()
      await makeDue(id)
    }
    expect(await deliveryOf(id)).toMatchObject({ status: 'failed', attempts: maxAttempts })
    expect(requestsTo(openid)).toHaveLength(maxAttempts)
    expect(await remaining(userId, shipped)).toBe(1)
  })

  it('permanent errors (40003 invalid openid, 47003 bad data): failed at once, allowance given back', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    wechat.script(openid, [40003, 47003])
    const first = await tell(userId, 'h:1')
    expect(await drain()).toMatchObject({ failed: 1, retrying: 0 })
    expect(await deliveryOf(first)).toMatchObject({ status: 'failed', attempts: 1, last_error: '40003 fake error 40003' })
    expect(await remaining(userId, shipped)).toBe(1)
    const second = await tell(userId, 'h:2')
    await drain()
    expect(await deliveryOf(second)).toMatchObject({ status: 'failed', last_error: '47003 fake error 47003' })
    await drain()
    expect(requestsTo(openid)).toHaveLength(2)
  })

  it('a connection lost after the request went out: failed, never resent, the allowance stays spent', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    wechat.script(openid, [{ drop: true }])
    const id = await tell(userId, 'n:1')
    expect(await drain()).toMatchObject({ failed: 1, retrying: 0 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'failed', attempts: 1 })
    await makeDue(id)
    await drain()
    expect(requestsTo(openid)).toHaveLength(1)
    expect(await remaining(userId, shipped)).toBe(0)
  })

  it('WeChat unreachable (no connection): nothing left, so retried later', async () => {
    const { userId } = await wechatUser()
    await consent(userId, [shipped])
    const id = await tell(userId, 'o:1')
    const unreachable = createHttpsChannel({ ...api, base: `http://127.0.0.1:${await closedPort()}` })
    expect(await drain(unreachable)).toMatchObject({ retrying: 1 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'pending', attempts: 1 })
    expect((await deliveryOf(id))?.last_error).toContain('ECONNREFUSED')
    await makeDue(id)
    expect(await drain()).toMatchObject({ sent: 1 })
  })

  it('never resends a send that was interrupted: its outcome is unknown', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    const id = await tell(userId, 'i:1')
    // A sender claimed it and died before recording the result: the lease ran out.
    await app.db.query(
      `INSERT INTO message_delivery (message_id, template_id, status, attempts, leased_until) VALUES ($1, $2, 'pending', 1, now() - interval '1 second')`,
      [id, shipped],
    )
    await app.db.query('UPDATE subscribe_allowance SET remaining = 0 WHERE user_id = $1', [userId])
    expect(await drain()).toMatchObject({ interrupted: 1, sent: 0 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'failed', last_error: '发送中断，无法确认是否已送达，不再重发' })
    expect(requestsTo(openid)).toHaveLength(0)
    expect(await remaining(userId, shipped)).toBe(0)
  })

  it('a rolled-back state change leaves no message, and nothing is sent', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    await expect(
      app.db.transaction(async (tx) => {
        await notify(tx, { userId, kind: 'order_shipped', source: 'j:1', title: '订单已发货', body: '-', link: routes.mallOrders, payload: { orderNo: 'j:1' } })
        throw new Error('state change failed')
      }),
    ).rejects.toThrow('state change failed')
    await drain()
    expect(await app.db.query('SELECT 1 FROM message WHERE user_id = $1', [userId])).toEqual([])
    expect(requestsTo(openid)).toHaveLength(0)
    expect(await remaining(userId, shipped)).toBe(1)
  })

  it('sends an approval on the shared review template with its fixed phrase', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [reviewResult])
    await tell(userId, 'application:1', { memberNo: 'JX0000000001' }, 'application_approved')
    await drain()
    expect(sentTo(openid)[0]).toMatchObject({ template_id: reviewResult })
    expect(sentTo(openid)[0].data.phrase1.value).toBe('已通过')
    expect(sentTo(openid)[0].data.thing3.value).toBe('您兑换的商品已发货。')
  })
})

describe('without a channel', () => {
  it('self-hosted without WeChat credentials: recorded no_channel, nothing spent, the centre still has it', async () => {
    const { userId, openid } = await wechatUser()
    await consent(userId, [shipped])
    const id = await tell(userId, 'k:1')
    expect(await drainOutbox(app.db, testSubscribeConfig, null)).toMatchObject({ noChannel: 1, sent: 0 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'no_channel', attempts: 0 })
    expect(await remaining(userId, shipped)).toBe(1)
    expect(requestsTo(openid)).toHaveLength(0)
    expect((await app.ok(userId, 'message', 'list', { limit: 5 })).items.map((m) => m.id)).toEqual([id])
    expect(await app.ok(userId, 'message', 'unreadCount', {})).toEqual({ count: 1 })
  })

  it('a user without an openid (signed in on the web) has no channel either', async () => {
    const userId = await app.newUser()
    await consent(userId, [shipped])
    const id = await tell(userId, 'l:1')
    expect(await drain()).toMatchObject({ noChannel: 1 })
    expect(await deliveryOf(id)).toMatchObject({ status: 'no_channel' })
    expect(await remaining(userId, shipped)).toBe(1)
  })
})

describe("the host's job", () => {
  const job = hostJobs.find((j) => j.name === 'subscribe messages')

  it('sends through WeChat HTTPS when the host has credentials, and records no channel without', async () => {
    expect(job).toBeDefined()
    if (!job) return
    const withChannel = await wechatUser()
    await consent(withChannel.userId, [shipped])
    await tell(withChannel.userId, 'm:1')
    expect(await job.run({ db: app.db, env: { ...testEnv, wechatApi: api } })).toBe('订阅消息：已发送 1')
    expect(sentTo(withChannel.openid)).toHaveLength(1)

    const without = await wechatUser()
    await consent(without.userId, [shipped])
    await tell(without.userId, 'm:2')
    expect(await job.run({ db: app.db, env: testEnv })).toBe('订阅消息：无发送渠道 1')
    // Nothing new: nothing to log.
    expect(await job.run({ db: app.db, env: testEnv })).toBeNull()
  })
})

describe('two senders at once (proven on PostgreSQL)', () => {
  // PGlite runs one statement at a time on one connection: two drains there cannot race.
  it.runIf(process.env.TEST_DB === 'pg')('send each of 200 messages exactly once', async () => {
    const users = await Promise.all(Array.from({ length: 50 }, () => wechatUser()))
    const messageIds: number[] = []
    for (const { userId } of users) {
      // Three sends allowed, four messages: the fourth must be recorded no_allowance by exactly one sender.
      for (let i = 0; i < 3; i++) await consent(userId, [shipped])
      for (let i = 1; i <= 4; i++) messageIds.push(await tell(userId, `race:${userId}:${i}`))
    }
    const before = wechat.requests.length
    const [a, b] = await Promise.all([drain(), drain()])
    const total = (k: keyof DrainSummary) => a[k] + b[k]
    expect({ sent: total('sent'), noAllowance: total('noAllowance'), failed: total('failed') }).toEqual({ sent: 150, noAllowance: 50, failed: 0 })
    // Both did some of the work.
    expect(a.sent).toBeGreaterThan(0)
    expect(b.sent).toBeGreaterThan(0)
    const sends = wechat.requests.slice(before).map((s) => s.data.character_string1.value)
    expect(sends).toHaveLength(150)
    expect(new Set(sends).size).toBe(150)
    const statuses = await app.db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM message_delivery WHERE message_id = ANY($1::bigint[]) GROUP BY status ORDER BY status',
      [messageIds],
    )
    expect(statuses).toEqual([
      { status: 'no_allowance', n: 50 },
      { status: 'sent', n: 150 },
    ])
    const [left] = await app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM subscribe_allowance WHERE user_id = ANY($1::int[]) AND remaining <> 0',
      [users.map((u) => u.userId)],
    )
    expect(left.n).toBe(0)
  })
})
