import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routes, withQuery } from '../../src/routes'
import { membershipConsentVersion } from '../../src/shared/consent'
import { encodeCursor } from '../../server/cursor'
import { notify } from '../../server/notify'
import type { Notification } from '../../server/notify'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { withCheck } from '../support/id-numbers'
import { fundedMembers } from '../support/mall-fixtures'

let app: TestApp
let enterpriseId: number
const operator = () => app.users['mall-operator']
const admin = () => app.users['enterprise-admin']

beforeAll(async () => {
  app = await openTestApp()
  enterpriseId = await app.branchId('嘉兴恒创电子有限公司工会')
})
afterAll(() => app?.close())

const note = (userId: number, source: string): Notification => ({
  userId,
  kind: 'order_shipped',
  source,
  title: '订单已发货',
  body: '测试',
  link: withQuery(routes.mallOrder, { id: 1 }),
})

async function messagesOf(userId: number) {
  return app.db.query<{ kind: string; source: string; title: string; body: string; link: string; read_at: Date | null }>(
    'SELECT kind, source, title, body, link, read_at FROM message WHERE user_id = $1 ORDER BY id',
    [userId],
  )
}

async function itemId(title: string): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM mall_item WHERE title = $1', [title])
  return row.id
}

/** A delivery order of a fresh member: what an operator ships or cancels. */
async function deliveryOrder(): Promise<{ userId: number; orderId: number; points: number }> {
  const [member] = await fundedMembers(app, [5000])
  const placed = await app.ok(member.userId, 'mall', 'redeem', {
    itemId: await itemId('五常大米 5kg'),
    quantity: 1,
    requestId: randomUUID(),
    address: { name: '收件人', phone: '13900000002', address: '嘉兴市秀洲区油车港镇某路 1 号' },
  })
  return { userId: member.userId, orderId: placed.order.id, points: placed.order.points }
}

let serial = 100
async function applicant(): Promise<{ userId: number; applicationId: number; resubmit: () => Promise<unknown> }> {
  const userId = await app.newUser('申请人')
  const input = {
    name: '申请人',
    phone: '13900000003',
    idNumber: withCheck(`33041119900101${serial++}`),
    branchId: enterpriseId,
    consentVersion: membershipConsentVersion,
  }
  const result = await app.ok(userId, 'member', 'apply', input)
  return { userId, applicationId: result.id, resubmit: () => app.ok(userId, 'member', 'apply', input) }
}

describe('notify', () => {
  it('writes nothing when the transaction it joined rolls back', async () => {
    const user = await app.newUser()
    await expect(
      app.db.transaction(async (tx) => {
        await notify(tx, note(user, 'rolled-back'))
        throw new Error('state change failed')
      }),
    ).rejects.toThrow('state change failed')
    expect(await messagesOf(user)).toEqual([])
  })

  it('tells once per user, kind and source', async () => {
    const user = await app.newUser()
    await app.db.transaction((tx) => notify(tx, note(user, 'once')))
    await app.db.transaction((tx) => notify(tx, { ...note(user, 'once'), title: '再次' }))
    await app.db.transaction((tx) => notify(tx, { ...note(user, 'once'), kind: 'order_cancelled' }))
    const rows = await messagesOf(user)
    expect(rows.map((r) => [r.kind, r.title])).toEqual([['order_shipped', '订单已发货'], ['order_cancelled', '订单已发货']])
  })
})

describe('wired up', () => {
  it('tells the member once when an operator ships their order, with the tracking number and a link to it', async () => {
    const { userId, orderId } = await deliveryOrder()
    expect(await messagesOf(userId)).toEqual([])
    await app.ok(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'SF1234567890' })
    // The same shipment resent is not a second one.
    await app.ok(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'SF1234567890' })
    const rows = await messagesOf(userId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'order_shipped', source: `order:${orderId}`, title: '订单已发货', link: `${routes.mallOrder}?id=${orderId}`, read_at: null })
    expect(rows[0].body).toContain('SF1234567890')
    expect(rows[0].body).toContain('五常大米 5kg')
    expect(await messagesOf(operator())).toEqual([])
  })

  it('tells the member once when an operator cancels their order, with the reason and the refund', async () => {
    const { userId, orderId, points } = await deliveryOrder()
    await app.ok(operator(), 'mall', 'operatorCancel', { id: orderId, reason: '库存不足' })
    await app.ok(operator(), 'mall', 'operatorCancel', { id: orderId, reason: '库存不足' })
    const rows = await messagesOf(userId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'order_cancelled', source: `order:${orderId}`, title: '订单已取消', link: `${routes.mallOrder}?id=${orderId}` })
    expect(rows[0].body).toBe(`您兑换的「五常大米 5kg」已由工作人员取消，原因：库存不足。${points} 积分已退回。`)
  })

  it('says nothing when the member cancels their own order, nor at redemption', async () => {
    const { userId, orderId } = await deliveryOrder()
    await app.ok(userId, 'mall', 'cancel', { id: orderId })
    expect(await messagesOf(userId)).toEqual([])
  })

  it('tells an applicant once when approved, linking to the card', async () => {
    const { userId, applicationId } = await applicant()
    const approved = await app.ok(admin(), 'member', 'approve', { applicationId })
    await app.ok(admin(), 'member', 'approve', { applicationId })
    const rows = await messagesOf(userId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'application_approved', source: `application:${applicationId}`, title: '入会申请已通过', link: routes.card })
    expect(rows[0].body).toContain(approved.memberNo)
  })

  it('tells an applicant each rejection once, with the reason, linking to the join page', async () => {
    const { userId, applicationId, resubmit } = await applicant()
    await app.ok(admin(), 'member', 'reject', { applicationId, reason: '姓名与身份证不符' })
    await app.ok(admin(), 'member', 'reject', { applicationId, reason: '姓名与身份证不符' })
    expect(await messagesOf(userId)).toHaveLength(1)
    // Fixed, resubmitted and rejected again: a second decision, a second message.
    await resubmit()
    await app.ok(admin(), 'member', 'reject', { applicationId, reason: '照片不清晰。' })
    const rows = await messagesOf(userId)
    expect(rows.map((r) => [r.kind, r.link])).toEqual([
      ['application_rejected', routes.join],
      ['application_rejected', routes.join],
    ])
    expect(rows[0].body).toBe('原因：姓名与身份证不符。请修改后重新提交。')
    // A reason typed with its own full stop does not get a second one.
    expect(rows[1].body).toBe('原因：照片不清晰。请修改后重新提交。')
  })

  it('leaves no message when the state change is refused', async () => {
    const { userId, orderId } = await deliveryOrder()
    await app.ok(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'SF1234567890' })
    const before = await app.snapshot()
    expect((await app.fail(operator(), 'mall', 'operatorCancel', { id: orderId, reason: '发错了' })).code).toBe('ORDER_STATE_CONFLICT')
    expect((await app.fail(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'YT0000000001' })).code).toBe('ORDER_STATE_CONFLICT')
    expect(await app.snapshot()).toEqual(before)
    expect(await messagesOf(userId)).toHaveLength(1)
  })
})

describe('races (proven on PostgreSQL)', () => {
  it('a shipment and a cancel racing on one order, each sent twice at once: one wins and the member is told once', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => deliveryOrder()))
    const outcomes = await Promise.all(
      orders.map(async ({ orderId }) => {
        const [ship, shipAgain, cancel, cancelAgain] = await Promise.all([
          app.call(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'SF1234567890' }),
          app.call(operator(), 'mall', 'ship', { id: orderId, trackingNo: 'SF1234567890' }),
          app.call(operator(), 'mall', 'operatorCancel', { id: orderId, reason: '库存不足' }),
          app.call(operator(), 'mall', 'operatorCancel', { id: orderId, reason: '库存不足' }),
        ])
        return { shipped: ship.ok && shipAgain.ok, cancelled: cancel.ok && cancelAgain.ok }
      }),
    )
    for (const [i, { userId, orderId }] of orders.entries()) {
      expect(Number(outcomes[i].shipped) + Number(outcomes[i].cancelled)).toBe(1)
      const rows = await messagesOf(userId)
      expect(rows.map((r) => [r.kind, r.source])).toEqual([[outcomes[i].shipped ? 'order_shipped' : 'order_cancelled', `order:${orderId}`]])
    }
  })
})

describe('message centre', () => {
  let user: number
  let other: number
  beforeAll(async () => {
    user = await app.newUser()
    other = await app.newUser()
    await app.db.transaction(async (tx) => {
      for (let i = 1; i <= 25; i++) await notify(tx, { ...note(user, `centre:${i}`), title: `消息 ${i}` })
      await notify(tx, note(other, 'centre:other'))
    })
  })

  it('lists own messages newest first across pages, and refuses a forged cursor', async () => {
    const first = await app.ok(user, 'message', 'list', { limit: 10 })
    expect(first.items.map((m) => m.title)).toEqual(Array.from({ length: 10 }, (_, i) => `消息 ${25 - i}`))
    expect(first.items[0]).toMatchObject({ kind: 'order_shipped', read: false, link: `${routes.mallOrder}?id=1` })
    const second = await app.ok(user, 'message', 'list', { limit: 10, cursor: first.nextCursor })
    const third = await app.ok(user, 'message', 'list', { limit: 10, cursor: second.nextCursor })
    expect(third.nextCursor).toBeNull()
    const all = [...first.items, ...second.items, ...third.items]
    expect(all).toHaveLength(25)
    expect(new Set(all.map((m) => m.id)).size).toBe(25)
    for (const forged of [encodeCursor({ i: -1 }), encodeCursor({ i: 'x' }), encodeCursor({ i: 2 ** 63 }), 'not-base64!', encodeCursor({ i: 5, extra: 1 })]) {
      expect((await app.fail(user, 'message', 'list', { cursor: forged })).code).toBe('VALIDATION_FAILED')
    }
    // A cursor is only a position: it shows nothing of anyone else's.
    const page = await app.ok(other, 'message', 'list', { cursor: first.nextCursor })
    expect(page.items.every((m) => m.title === '订单已发货')).toBe(true)
  })

  it('counts unread, marks one read (twice is fine) and refuses another user’s message, writing nothing', async () => {
    expect(await app.ok(user, 'message', 'unreadCount', {})).toEqual({ count: 25 })
    const [newest, unread] = (await app.ok(user, 'message', 'list', { limit: 2 })).items
    expect(await app.ok(user, 'message', 'markRead', { id: newest.id })).toEqual({ id: newest.id })
    const [readAt] = await app.db.query<{ read_at: Date }>('SELECT read_at FROM message WHERE id = $1', [newest.id])
    expect(await app.ok(user, 'message', 'markRead', { id: newest.id })).toEqual({ id: newest.id })
    expect(await app.db.query('SELECT read_at FROM message WHERE id = $1', [newest.id])).toEqual([readAt])
    expect(await app.ok(user, 'message', 'unreadCount', {})).toEqual({ count: 24 })
    expect((await app.ok(user, 'message', 'list', { limit: 1 })).items[0].read).toBe(true)

    const before = await app.snapshot()
    const refused = await app.fail(other, 'message', 'markRead', { id: unread.id })
    expect(refused.code).toBe('NOT_FOUND')
    expect(await app.fail(other, 'message', 'markRead', { id: 99_999_999 })).toEqual(refused)
    expect(await app.snapshot()).toEqual(before)
    expect(await app.db.query('SELECT read_at FROM message WHERE id = $1', [unread.id])).toEqual([{ read_at: null }])
  })

  it('marks all of the caller’s own read, and no one else’s', async () => {
    expect(await app.ok(user, 'message', 'markAllRead', {})).toEqual({ marked: 24 })
    expect(await app.ok(user, 'message', 'markAllRead', {})).toEqual({ marked: 0 })
    expect(await app.ok(user, 'message', 'unreadCount', {})).toEqual({ count: 0 })
    expect(await app.ok(other, 'message', 'unreadCount', {})).toEqual({ count: 1 })
  })
})
