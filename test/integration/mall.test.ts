import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, MallItem } from '../../src/shared/api'
import { verifyAttemptLimit } from '../../cloudfunctions/mall/actions'
import { award } from '../../server/points/ledger'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
let items: Map<string, MallItem>
const operator = () => app.users['mall-operator']

beforeAll(async () => {
  app = await openTestApp()
  // Enough points for every scenario below; the seeded balances are for the demo.
  for (const key of ['member', 'enterprise-admin'] as const) {
    const [member] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [app.users[key]])
    await app.db.transaction((tx) => award(tx, { memberId: member.id, rule: 'admin_grant', sourceRef: 'mall-test', points: 5000 }))
  }
  const page = await app.ok(app.users.member, 'mall', 'items', { limit: 50 })
  items = new Map(page.items.map((i) => [i.title, i]))
})
afterAll(() => app?.close())

const item = (title: string) => {
  const found = items.get(title)
  if (!found) throw new Error(`no item ${title}`)
  return found
}
const redeem = (itemTitle: string, extra: Partial<ActionInput<'mall', 'redeem'>> = {}): ActionInput<'mall', 'redeem'> => ({
  itemId: item(itemTitle).id,
  quantity: 1,
  requestId: randomUUID(),
  ...extra,
})
const address = { name: '张晓梅', phone: '13857300001', address: '嘉兴市秀洲区油车港镇正阳路 88 号' }

async function balanceOf(userId: number): Promise<number> {
  return (await app.ok(userId, 'points', 'summary', {})).balance
}

describe('browsing', () => {
  it('shows a member only items scoped to their chain, marking sold-out and not-yet-open ones', async () => {
    expect([...items.keys()].sort()).toEqual(['2027年新年挂历', '五常大米 5kg', '嘉兴粽子礼盒', '工会定制保温杯', '蓝牙运动耳机', '视频会员月卡'].sort())
    expect(item('蓝牙运动耳机').saleState).toBe('sold_out')
    expect(item('2027年新年挂历').saleState).toBe('not_started')
    expect(item('工会定制保温杯')).toMatchObject({ saleState: 'on_sale', kind: 'pickup', pickupPoint: { name: '油车港镇职工服务中心', address: expect.stringContaining('嘉兴市秀洲区'), phone: expect.stringMatching(/^0573-/) }, limit: { period: 'month', count: 1 } })
    const categories = await app.ok(app.users.member, 'mall', 'categories', {})
    const virtual = categories.find((c) => c.name === '虚拟卡券')
    const onlyVirtual = await app.ok(app.users.member, 'mall', 'items', { categoryId: virtual?.id })
    expect(onlyVirtual.items.map((i) => i.title)).toEqual(['视频会员月卡'])
    const [hidden] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE title = '南湖区职工电影票'`)
    // Another union's goods read exactly like an id that does not exist.
    const nowhere = await app.fail(app.users.member, 'mall', 'item', { id: 999_999 })
    expect(nowhere.code).toBe('NOT_FOUND')
    expect(await app.fail(app.users.member, 'mall', 'item', { id: hidden.id })).toEqual(nowhere)
  })
})

describe('redeem', () => {
  it('charges points, takes stock and creates a pickup order with a code, once per request id', async () => {
    const member = app.users.member
    const before = await balanceOf(member)
    const input = redeem('工会定制保温杯')
    const result = await app.ok(member, 'mall', 'redeem', input)
    expect(result).toMatchObject({ balanceBefore: before, balanceAfter: before - 300, replayed: false })
    expect(result.order).toMatchObject({ status: 'pending_pickup', points: 300, quantity: 1, pickupPoint: { name: '油车港镇职工服务中心', address: expect.stringContaining('嘉兴市秀洲区'), phone: expect.stringMatching(/^0573-/) } })
    expect(result.order.pickupCode).toMatch(/^\d{8}$/)
    const retried = await app.ok(member, 'mall', 'redeem', input)
    expect(retried).toMatchObject({ replayed: true, balanceBefore: before, balanceAfter: before - 300, order: { id: result.order.id } })
    expect(await balanceOf(member)).toBe(before - 300)
    const detail = await app.ok(member, 'mall', 'item', { id: item('工会定制保温杯').id })
    expect(detail.stock).toBe(item('工会定制保温杯').stock - 1)
    // The monthly limit of one is now used.
    const limited = await app.fail(member, 'mall', 'redeem', redeem('工会定制保温杯'))
    expect(limited).toMatchObject({ code: 'LIMIT_REACHED' })
    expect(limited.message).toContain('每月限兑 1 件')
  })

  it('refuses every kind of ineligible redemption with its own code, writing nothing', async () => {
    const member = app.users.member
    const sibling = app.users['sibling-member']
    const [hidden] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE title = '南湖区职工电影票'`)
    const before = await app.snapshot()
    expect((await app.fail(member, 'mall', 'redeem', redeem('蓝牙运动耳机'))).code).toBe('SOLD_OUT')
    expect((await app.fail(member, 'mall', 'redeem', redeem('2027年新年挂历'))).code).toBe('SALE_NOT_STARTED')
    expect((await app.fail(sibling, 'mall', 'redeem', redeem('五常大米 5kg', { address }))).code).toBe('INSUFFICIENT_POINTS')
    expect((await app.fail(member, 'mall', 'redeem', { ...redeem('五常大米 5kg'), itemId: hidden.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(member, 'mall', 'redeem', redeem('五常大米 5kg'))).code).toBe('ADDRESS_REQUIRED')
    expect((await app.fail(member, 'mall', 'redeem', redeem('视频会员月卡', { quantity: 2 }))).code).toBe('QUANTITY_NOT_ALLOWED')
    expect((await app.fail(member, 'mall', 'redeem', { ...redeem('五常大米 5kg'), itemId: 99999 })).code).toBe('NOT_FOUND')
    for (const quantity of [-1, 0, 11, 1_000_000, 1.5, '1']) {
      expect((await app.fail(member, 'mall', 'redeem', { ...redeem('嘉兴粽子礼盒', { address }), quantity })).code).toBe('VALIDATION_FAILED')
    }
    for (const requestId of ['', 'short', 'x'.repeat(65), "'; DROP TABLE mall_order; --"]) {
      expect((await app.fail(member, 'mall', 'redeem', { ...redeem('嘉兴粽子礼盒', { address }), requestId })).message).toContain('请求编号无效')
    }
    expect((await app.fail(member, 'mall', 'redeem', { ...redeem('嘉兴粽子礼盒'), address: { ...address, phone: '110' } })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(app.users['town-admin'], 'mall', 'redeem', redeem('嘉兴粽子礼盒', { address }))).code).toBe('NOT_MEMBER')
    expect(await app.snapshot()).toEqual(before)
  })

  it('reveals a coupon code only to its owner', async () => {
    const owner = app.users['enterprise-admin']
    const result = await app.ok(owner, 'mall', 'redeem', redeem('视频会员月卡'))
    expect(result.order).toMatchObject({ status: 'completed', couponCode: expect.stringMatching(/^JXDEMO-/) })
    expect((await app.ok(owner, 'mall', 'myOrder', { id: result.order.id })).couponCode).toBe(result.order.couponCode)
    expect((await app.fail(app.users.member, 'mall', 'myOrder', { id: result.order.id })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users.member, 'mall', 'cancel', { id: result.order.id })).code).toBe('NOT_FOUND')
    const queue = await app.ok(operator(), 'mall', 'orderQueue', { queue: 'all' })
    expect(queue.items.find((o) => o.id === result.order.id)?.couponCode).toBeNull()
    const pickups = await app.ok(operator(), 'mall', 'orderQueue', { queue: 'pickup' })
    expect(pickups.items.length).toBeGreaterThan(0)
    expect(pickups.items.every((o) => o.pickupCode === null)).toBe(true)
    expect((await app.fail(owner, 'mall', 'cancel', { id: result.order.id })).code).toBe('ORDER_STATE_CONFLICT')
  })
})

describe('orders', () => {
  it('returns points and stock exactly once when a member cancels before pickup', async () => {
    const member = app.users['sibling-member']
    const before = await balanceOf(member)
    const { order } = await app.ok(member, 'mall', 'redeem', redeem('工会定制保温杯'))
    const stock = (await app.ok(member, 'mall', 'item', { id: item('工会定制保温杯').id })).stock
    const cancelled = await app.ok(member, 'mall', 'cancel', { id: order.id })
    expect(cancelled).toMatchObject({ status: 'cancelled', pickupCode: null })
    // A resend gets the cancelled order again; nothing is refunded twice.
    expect(await app.ok(member, 'mall', 'cancel', { id: order.id })).toEqual(cancelled)
    expect(await balanceOf(member)).toBe(before)
    expect((await app.ok(member, 'mall', 'item', { id: item('工会定制保温杯').id })).stock).toBe(stock + 1)
    const refunds = await app.ok(member, 'points', 'history', { filter: 'earned' })
    expect(refunds.items.filter((e) => e.kind === 'refund').map((e) => e.delta)).toEqual([300])
    expect((await app.fail(operator(), 'mall', 'verifyPickup', { code: order.pickupCode ?? '' })).code).toBe('PICKUP_CODE_INVALID')
  })

  it('lets an operator covering the pickup point verify a code exactly once', async () => {
    const member = app.users['sibling-member']
    const { order } = await app.ok(member, 'mall', 'redeem', redeem('工会定制保温杯'))
    const code = order.pickupCode ?? ''
    const otherCounty = await app.newStaff('南湖区总工会', 'mall_operator')
    // A live code of another county's pickup point reads as a wrong one, and counts as one.
    expect((await app.fail(otherCounty, 'mall', 'verifyPickup', { code })).code).toBe('PICKUP_CODE_INVALID')
    const [counted] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.verifyPickupFailed' AND actor_user_id = $1`, [otherCounty])
    expect(counted.n).toBe(1)
    const before = await app.snapshot()
    expect((await app.fail(member, 'mall', 'verifyPickup', { code })).code).toBe('FORBIDDEN')
    expect((await app.fail(operator(), 'mall', 'verifyPickup', { code: '1234' })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    const verified = await app.ok(operator(), 'mall', 'verifyPickup', { code })
    expect(verified).toMatchObject({ id: order.id, status: 'completed', replayed: false, member: { name: '陈建国', branchName: '嘉兴王江泾织造有限公司工会' } })
    // The same operator resending it (a lost answer) gets the completed order, and no strike.
    const strikes = () => app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.verifyPickupFailed' AND actor_user_id = $1`, [app.users['mall-operator']])
    const [struck] = await strikes()
    // Marked as a repeat, so the counter does not hand the goods over a second time.
    expect(await app.ok(operator(), 'mall', 'verifyPickup', { code })).toEqual({ ...verified, replayed: true })
    expect((await strikes())[0].n).toBe(struck.n)
    // Anyone else finds the code used.
    const colleague = await app.newStaff('秀洲区总工会', 'mall_operator')
    expect((await app.fail(colleague, 'mall', 'verifyPickup', { code })).code).toBe('PICKUP_CODE_INVALID')
    expect((await app.ok(member, 'mall', 'myOrder', { id: order.id })).status).toBe('completed')
    expect((await app.fail(member, 'mall', 'cancel', { id: order.id })).code).toBe('ORDER_STATE_CONFLICT')
  })

  it('stops an operator who keeps entering wrong pickup codes', async () => {
    const guesser = await app.newStaff('秀洲区总工会', 'mall_operator')
    const pickup = await app.ok(app.users['enterprise-admin'], 'mall', 'redeem', redeem('工会定制保温杯'))
    for (let i = 0; i < verifyAttemptLimit; i++) {
      const code = String(10_000_000 + i)
      if (code !== pickup.order.pickupCode) expect((await app.fail(guesser, 'mall', 'verifyPickup', { code })).code).toBe('PICKUP_CODE_INVALID')
    }
    // Even the right code is refused now; another operator is not affected.
    expect((await app.fail(guesser, 'mall', 'verifyPickup', { code: pickup.order.pickupCode ?? '' })).code).toBe('TOO_MANY_ATTEMPTS')
    expect((await app.ok(operator(), 'mall', 'verifyPickup', { code: pickup.order.pickupCode ?? '' })).status).toBe('completed')
  })

  it('ships a delivery order to the address the operator alone sees, then the member confirms receipt', async () => {
    const member = app.users.member
    const { order } = await app.ok(member, 'mall', 'redeem', redeem('五常大米 5kg', { address }))
    expect(order.status).toBe('pending_shipment')
    const queue = await app.ok(operator(), 'mall', 'orderQueue', { queue: 'shipping' })
    expect(queue.items.find((o) => o.id === order.id)?.address).toEqual(address)
    const [logged] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.readAddresses' AND $1 = ANY(target_ids)`, [order.id])
    expect(logged.n).toBe(1)
    expect((await app.fail(operator(), 'mall', 'ship', { id: order.id, trackingNo: '空' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(member, 'mall', 'confirmReceived', { id: order.id })).code).toBe('ORDER_STATE_CONFLICT')
    const shipped = await app.ok(operator(), 'mall', 'ship', { id: order.id, trackingNo: 'SF1234567890' })
    expect(shipped).toMatchObject({ status: 'shipped', trackingNo: 'SF1234567890', address: null })
    expect(await app.ok(operator(), 'mall', 'ship', { id: order.id, trackingNo: 'SF1234567890' })).toEqual(shipped)
    expect((await app.fail(operator(), 'mall', 'ship', { id: order.id, trackingNo: 'YT0000000001' })).code).toBe('ORDER_STATE_CONFLICT')
    expect((await app.fail(member, 'mall', 'cancel', { id: order.id })).code).toBe('ORDER_STATE_CONFLICT')
    const received = await app.ok(member, 'mall', 'confirmReceived', { id: order.id })
    expect(received.status).toBe('completed')
    expect(await app.ok(member, 'mall', 'confirmReceived', { id: order.id })).toEqual(received)
  })

  it('lets an operator cancel before fulfilment, refunding the member, but not outside their scope', async () => {
    const member = app.users['enterprise-admin']
    const before = await balanceOf(member)
    const { order } = await app.ok(member, 'mall', 'redeem', redeem('嘉兴粽子礼盒', { address }))
    // The city owns this item: a county operator does not cover it.
    expect((await app.fail(operator(), 'mall', 'operatorCancel', { id: order.id, reason: '库存盘点有误' })).code).toBe('NOT_FOUND')
    const cityOperator = await app.newStaff('嘉兴市总工会', 'mall_operator')
    const cancelled = await app.ok(cityOperator, 'mall', 'operatorCancel', { id: order.id, reason: '库存盘点有误' })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '库存盘点有误' })
    expect(await app.ok(cityOperator, 'mall', 'operatorCancel', { id: order.id, reason: '库存盘点有误' })).toEqual(cancelled)
    expect(await balanceOf(member)).toBe(before)
  })
})

describe('operator goods', () => {
  it('creates goods in scope, restocks, uploads codes without duplicates, and reports stats', async () => {
    const categories = await app.ok(operator(), 'mall', 'categories', {})
    const county = await app.branchId('秀洲区总工会')
    const saved = await app.ok(operator(), 'mall', 'saveItem', {
      title: '职工书店购书券',
      categoryId: categories[4].id,
      kind: 'virtual',
      pricePoints: 150,
      saleStart: new Date(Date.now() - 60_000).toISOString(),
      scopeBranchId: county,
      limitPeriod: 'day',
      limitCount: 1,
    })
    expect(saved).toMatchObject({ stock: 0, codesAvailable: 0, owner: { name: '秀洲区总工会' }, saleState: 'sold_out' })
    expect(await app.ok(operator(), 'mall', 'manageItem', { id: saved.id })).toEqual(saved)
    const otherCounty = await app.newStaff('南湖区总工会', 'mall_operator')
    expect((await app.fail(otherCounty, 'mall', 'manageItem', { id: saved.id })).code).toBe('NOT_FOUND')
    const uploaded = await app.ok(operator(), 'mall', 'uploadCodes', { itemId: saved.id, codes: ['BOOK-0001', 'BOOK-0002', 'BOOK-0002', 'BOOK-0003'], validUntil: '2099-12-31' })
    expect(uploaded).toEqual({ itemId: saved.id, added: 3, duplicates: 1, stock: 3 })
    expect((await app.ok(operator(), 'mall', 'uploadCodes', { itemId: saved.id, codes: ['BOOK-0001'], validUntil: '2099-12-31' })).added).toBe(0)
    expect((await app.fail(operator(), 'mall', 'restock', { itemId: saved.id, delta: 5, requestId: randomUUID() })).code).toBe('ITEM_KIND_MISMATCH')
    const cup = item('工会定制保温杯')
    const restock = { itemId: cup.id, delta: 10, requestId: randomUUID() }
    const restocked = await app.ok(operator(), 'mall', 'restock', restock)
    expect(restocked.stock).toBeGreaterThan(cup.stock)
    // Resent after a lost answer: the stock is added once.
    expect((await app.ok(operator(), 'mall', 'restock', restock)).stock).toBe(restocked.stock)
    expect((await app.ok(operator(), 'mall', 'restock', { ...restock, requestId: randomUUID() })).stock).toBe(restocked.stock + 10)
    const stats = await app.ok(operator(), 'mall', 'stats', {})
    expect(stats.items.find((s) => s.title === '工会定制保温杯')?.orders).toBeGreaterThan(0)
    expect(stats.branches.map((b) => b.branch.name)).toEqual(expect.arrayContaining(['油车港镇总工会']))
  })

  it('refuses goods outside the operator’s scope, members, and hostile input, writing nothing', async () => {
    const categories = await app.ok(app.users.member, 'mall', 'categories', {})
    const nanhu = await app.branchId('南湖区总工会')
    const county = await app.branchId('秀洲区总工会')
    const base = { title: '测试商品', categoryId: categories[0].id, kind: 'delivery' as const, pricePoints: 100, saleStart: new Date().toISOString(), scopeBranchId: county, initialStock: 5 }
    const before = await app.snapshot()
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, scopeBranchId: nanhu })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, scopeBranchId: await app.branchId('嘉兴市总工会') })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users.member, 'mall', 'saveItem', base)).code).toBe('FORBIDDEN')
    expect((await app.fail(app.users['county-admin'], 'mall', 'saveItem', base)).code).toBe('FORBIDDEN')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, pricePoints: -100 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, kind: 'pickup' })).message).toContain('自提点')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, limitPeriod: 'day' })).message).toContain('同时填写')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...base, saleEnd: new Date(Date.now() - 86_400_000).toISOString() })).message).toContain('晚于')
    const [cityItem] = await app.db.query<{ id: number }>(`SELECT id FROM mall_item WHERE title = '嘉兴粽子礼盒'`)
    expect((await app.fail(operator(), 'mall', 'restock', { itemId: cityItem.id, delta: 100, requestId: randomUUID() })).code).toBe('NOT_FOUND')
    expect((await app.fail(operator(), 'mall', 'restock', { itemId: cityItem.id, delta: -100, requestId: randomUUID() })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(operator(), 'mall', 'restock', { itemId: item('工会定制保温杯').id, delta: 100 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: cityItem.id, codes: Array(1001).fill('ABCD'), validUntil: '2099-12-31' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: item('工会定制保温杯').id, codes: ['ABCD1'], validUntil: '2099-12-31' })).code).toBe('ITEM_KIND_MISMATCH')
    expect(await app.snapshot()).toEqual(before)
  })
})
