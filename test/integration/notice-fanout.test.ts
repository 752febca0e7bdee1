import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routes, withQuery } from '../../src/routes'
import type { Db } from '../../server/db'
import { fanOutNotices, noticeSource } from '../../server/notice-fanout'
import type { FanoutOptions } from '../../server/notice-fanout'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, pickupItem } from '../support/mall-fixtures'

let app: TestApp
/** Members by where they are, around the town the notices go to (油车港镇). */
let inside: number[]
let outside: number[]
const townAdmin = () => app.users['town-admin']
const hour = 3_600_000

/** A member with an account at the named branch. */
async function memberAt(branchName: string): Promise<number> {
  const userId = await app.newUser('会员')
  await app.db.query(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES ($1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '会员', '13800000000', md5(random()::text || $1::int::text), '1234',
             (SELECT id FROM branch WHERE name = $2))`,
    [userId, branchName],
  )
  return userId
}

beforeAll(async () => {
  app = await openTestApp()
  inside = [
    app.users.member,
    app.users['enterprise-admin'],
    await memberAt('嘉兴恒创电子有限公司工会'),
    await memberAt('嘉兴恒创电子有限公司工会'),
    // A member of the town's own union is in its audience too.
    await memberAt('油车港镇总工会'),
  ]
  // A sibling town's enterprise, the county and the city above: none of them are told.
  outside = [app.users['sibling-member'], await memberAt('嘉兴王江泾织造有限公司工会'), await memberAt('秀洲区总工会'), await memberAt('嘉兴市总工会')]
  // Members without an account (made by the bench's data, say) have nobody to tell.
  await app.db.query(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES (NULL, 'JX-NOUSER', '无账号', '13800000000', md5(random()::text), '1234', (SELECT id FROM branch WHERE name = '嘉兴恒创电子有限公司工会'))`,
  )
})
afterAll(() => app?.close())

async function publish(extra: { publishAt?: string; expireAt?: string } = {}, target = '油车港镇总工会'): Promise<number> {
  const saved = await app.ok(townAdmin(), 'notice', 'save', {
    title: '关于开展职工运动会的通知',
    summary: '请各单位积极报名',
    bodyHtml: '<p>运动会将于下月举行。</p>',
    targetBranchId: await app.branchId(target),
    requestId: randomUUID(),
  })
  await app.ok(townAdmin(), 'notice', 'publish', { id: saved.id, ...extra })
  return saved.id
}

const run = (now = new Date(), options: FanoutOptions = {}) => fanOutNotices(app.db, now, options)

/** Per user: how many messages the notice left, and whether any is unread. */
async function messagesOf(noticeId: number): Promise<Map<number, { n: number; unread: number }>> {
  const rows = await app.db.query<{ user_id: number; n: number; unread: number }>(
    `SELECT user_id, count(*)::int AS n, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM message WHERE kind = 'notice_published' AND source = $1 GROUP BY user_id`,
    [noticeSource(noticeId)],
  )
  return new Map(rows.map((r) => [r.user_id, { n: r.n, unread: r.unread }]))
}

/** Every member with an account under 油车港镇 but those named, counted from the branch names, not the paths the job uses. */
async function townAudience(except: number[] = []): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM member m JOIN branch b ON b.id = m.branch_id
      WHERE m.user_id IS NOT NULL AND m.user_id <> ALL($1::int[])
        AND (b.name = '油车港镇总工会' OR b.parent_id = (SELECT id FROM branch WHERE name = '油车港镇总工会'))`,
    [except],
  )
  return row.n
}

async function progress(noticeId: number) {
  const [row] = await app.db.query<{ messages: number; finished: boolean; last_member_id: number }>(
    'SELECT messages, finished_at IS NOT NULL AS finished, last_member_id FROM notice_fanout WHERE notice_id = $1',
    [noticeId],
  )
  return row
}

/** Every user of the town's audience exactly once (but members who joined since), nobody else, and the progress row agrees. */
async function expectToldOnce(noticeId: number, joinedSince: number[] = []): Promise<void> {
  const told = await messagesOf(noticeId)
  for (const user of inside) expect(told.get(user)?.n, `user ${user}`).toBe(1)
  for (const user of [...outside, ...joinedSince]) expect(told.has(user), `user ${user}`).toBe(false)
  expect(told.size).toBe(await townAudience(joinedSince))
  expect(await progress(noticeId)).toMatchObject({ messages: told.size, finished: true })
}

describe('notices in 消息', () => {
  it('publishing writes no message; the job tells every member under the target once, with a link to the notice', async () => {
    const id = await publish()
    expect((await messagesOf(id)).size).toBe(0)
    expect(await progress(id)).toMatchObject({ messages: 0, finished: false })
    // Joined after it went live, before the job came by: not in its audience.
    const joinedSince = await memberAt('嘉兴恒创电子有限公司工会')
    const first = await run()
    expect(first).toMatchObject({ written: await townAudience([joinedSince]), done: true })
    await expectToldOnce(id, [joinedSince])
    const [message] = (await app.ok(app.users.member, 'message', 'list', {})).items
    expect(message).toMatchObject({ kind: 'notice_published', title: '新通知', read: false, link: withQuery(routes.noticeDetail, { id }) })
    expect(message.body).toBe('油车港镇总工会：关于开展职工运动会的通知')
    const [{ payload }] = await app.db.query<{ payload: unknown }>('SELECT payload FROM message WHERE id = $1', [message.id])
    expect(payload).toEqual({ noticeTitle: '关于开展职工运动会的通知', publisher: '油车港镇总工会' })
    // Done is done: the next run finds nothing, and a member who joins now is not told of it.
    const late = await memberAt('嘉兴恒创电子有限公司工会')
    expect(await run()).toEqual({ written: 0, removed: 0, batches: 0, done: true })
    expect((await messagesOf(id)).has(late)).toBe(false)
    // Both are in the audience of the notices published from here on.
    inside.push(joinedSince, late)
  })

  it('tells of a scheduled notice only once its time has come', async () => {
    const at = new Date(Date.now() + hour)
    const id = await publish({ publishAt: at.toISOString() })
    expect(await run()).toMatchObject({ written: 0, done: true })
    expect((await messagesOf(id)).size).toBe(0)
    await run(new Date(at.getTime() + 1000))
    await expectToldOnce(id)
  })

  it('resumes a run killed before its batch committed, or stopped between batches, writing each message once', async () => {
    const id = await publish()
    const killed: Pick<Db, 'transaction'> = {
      transaction: (fn) => app.db.transaction(async (tx) => {
        await fn(tx)
        throw new Error('killed before commit')
      }),
    }
    await expect(fanOutNotices(killed, new Date(), { batchSize: 2 })).rejects.toThrow('killed before commit')
    expect((await messagesOf(id)).size).toBe(0)
    expect(await progress(id)).toMatchObject({ messages: 0, last_member_id: 0 })

    expect(await run(new Date(), { batchSize: 2, continueWhile: (batches) => batches < 1 })).toMatchObject({ written: 2, batches: 1, done: false })
    expect(await progress(id)).toMatchObject({ messages: 2, finished: false })
    const rest = await run(new Date(), { batchSize: 2 })
    expect(rest.written).toBe((await townAudience()) - 2)
    await expectToldOnce(id)
  })

  it('two jobs at once write each message once', async () => {
    const ids = [await publish(), await publish(), await publish()]
    const runs = await Promise.all([run(new Date(), { batchSize: 1 }), run(new Date(), { batchSize: 1 }), run(new Date(), { batchSize: 2 })])
    expect(runs.reduce((sum, r) => sum + r.written, 0)).toBe(3 * (await townAudience()))
    for (const id of ids) await expectToldOnce(id)
  })

  it('withdrawing stops the fan-out and takes the messages back out of the centres', async () => {
    const id = await publish()
    await run(new Date(), { batchSize: 2, continueWhile: (batches) => batches < 1 })
    await app.ok(townAdmin(), 'notice', 'withdraw', { id })
    expect(await run(new Date(), { batchSize: 2 })).toMatchObject({ written: 0, removed: 2, done: true })
    expect((await messagesOf(id)).size).toBe(0)
    expect(await progress(id)).toMatchObject({ messages: 0, finished: true })

    const before = await app.ok(app.users.member, 'message', 'unreadCount', {})

    const told = await publish()
    await run()
    expect((await app.ok(app.users.member, 'message', 'unreadCount', {})).count).toBe(before.count + 1)
    await app.ok(townAdmin(), 'notice', 'withdraw', { id: told })
    // Still in the centre until the job comes by (within half a minute on the host), then gone.
    expect((await messagesOf(told)).size).toBe(await townAudience())
    expect(await run(new Date(), { batchSize: 2 })).toMatchObject({ removed: await townAudience(), done: true })
    expect((await messagesOf(told)).size).toBe(0)
    expect((await app.ok(app.users.member, 'message', 'unreadCount', {})).count).toBe(before.count)
    // A resent withdraw does not reopen the job.
    await app.ok(townAdmin(), 'notice', 'withdraw', { id: told })
    expect(await run()).toMatchObject({ batches: 0, done: true })
  })

  it('an expired notice stops fanning out', async () => {
    const id = await publish({ expireAt: new Date(Date.now() + hour).toISOString() })
    await run(new Date(), { batchSize: 2, continueWhile: (batches) => batches < 1 })
    expect(await run(new Date(Date.now() + 2 * hour), { batchSize: 2 })).toMatchObject({ written: 0, batches: 1, done: true })
    expect(await progress(id)).toMatchObject({ messages: 2, finished: true })
    expect((await messagesOf(id)).size).toBe(2)
  })

  it('a member who read the notice in the feed has no unread message for it, whether they read it before the fan-out or after', async () => {
    const id = await publish()
    const [early, later] = [app.users.member, app.users['enterprise-admin']]
    await app.ok(early, 'notice', 'read', { id })
    await run()
    const told = await messagesOf(id)
    expect(told.get(early)).toEqual({ n: 1, unread: 0 })
    expect(told.get(later)).toEqual({ n: 1, unread: 1 })
    const badge = (await app.ok(later, 'message', 'unreadCount', {})).count
    await app.ok(later, 'notice', 'read', { id })
    expect((await messagesOf(id)).get(later)).toEqual({ n: 1, unread: 0 })
    expect((await app.ok(later, 'message', 'unreadCount', {})).count).toBe(badge - 1)
  })
})

describe('order ready for pickup', () => {
  it('tells the member where and with which code, once per order, in the redemption itself', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 10 })
    const [member] = await fundedMembers(app, [500])
    const input = { itemId, quantity: 1, requestId: randomUUID() }
    const { order } = await app.ok(member.userId, 'mall', 'redeem', input)
    expect((await app.ok(member.userId, 'mall', 'redeem', input)).replayed).toBe(true)
    const rows = await app.db.query<{ kind: string; source: string; title: string; body: string; link: string; payload: unknown }>(
      'SELECT kind, source, title, body, link, payload FROM message WHERE user_id = $1',
      [member.userId],
    )
    expect(rows).toEqual([{
      kind: 'order_ready',
      source: `order:${order.id}`,
      title: '订单待自提',
      body: expect.stringContaining(`出示自提码 ${order.pickupCode}`),
      link: withQuery(routes.mallOrder, { id: order.id }),
      // What a subscribe-message template shows (config/subscribe-templates.example.json).
      payload: { itemTitle: '并发测试商品', pickupPointName: order.pickupPoint?.name, orderNo: order.orderNo },
    }])
    expect(rows[0].body).toContain(`「并发测试商品」×1 可以领取了：请到${order.pickupPoint?.name}（${order.pickupPoint?.address}`)
  })

  it('leaves a delivery order and a coupon without one', async () => {
    const [member] = await fundedMembers(app, [5000])
    const [delivery] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE kind = 'delivery' AND on_sale ORDER BY id LIMIT 1`)
    await app.ok(member.userId, 'mall', 'redeem', {
      itemId: delivery.id,
      quantity: 1,
      requestId: randomUUID(),
      address: { name: '收件人', phone: '13900000002', address: '嘉兴市秀洲区油车港镇某路 1 号' },
    })
    const [coupon] = await app.db.query<{ id: number }>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, price_points, stock, sale_start)
       VALUES ((SELECT id FROM branch WHERE name = '秀洲区总工会'), (SELECT id FROM branch WHERE name = '嘉兴市总工会'),
               (SELECT min(id) FROM mall_category), 'virtual', '卡券', 100, 1, now() - interval '1 day')
       RETURNING id`,
    )
    await app.db.query(`INSERT INTO mall_coupon_code (item_id, code) VALUES ($1, 'C-1')`, [coupon.id])
    await app.ok(member.userId, 'mall', 'redeem', { itemId: coupon.id, quantity: 1, requestId: randomUUID() })
    expect(await app.db.query('SELECT kind FROM message WHERE user_id = $1', [member.userId])).toEqual([])
  })
})
