/**
 * Issue 7 §3: what the item page knows before the sheet, order numbers, delivery and pickup
 * details on orders, pickup points managed by operators, and coupon validity.
 */
import { randomUUID } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import { wrapPglite } from '../../server/db/pglite'
import { loadMigrations } from '../../server/migrations'
import { shanghaiDay } from '../../server/points/calendar'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, pickupItem } from '../support/mall-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const operator = () => app.users['mall-operator']
const itemId = async (title: string) => (await app.db.query<{ id: number }>('SELECT id FROM mall_item WHERE title = $1', [title]))[0].id
const redeemInput = (id: number, extra: Partial<ActionInput<'mall', 'redeem'>> = {}): ActionInput<'mall', 'redeem'> => ({
  itemId: id,
  quantity: 1,
  requestId: randomUUID(),
  ...extra,
})
const pointInput = (branchId: number, extra: Partial<ActionInput<'mall', 'createPickupPoint'>> = {}): ActionInput<'mall', 'createPickupPoint'> => ({
  branchId,
  name: '王江泾镇职工服务站',
  address: '嘉兴市秀洲区王江泾镇市泾路 66 号',
  openingHours: '周一至周五 9:00-16:30',
  phone: '0573-83500012',
  requestId: randomUUID(),
  ...extra,
})

describe('the item page', () => {
  it("tells the member their balance and how much of the item's limit they used this period", async () => {
    const id = await itemId('工会定制保温杯')
    const [member] = await fundedMembers(app, [450])
    expect(await app.ok(member.userId, 'mall', 'item', { id })).toMatchObject({ balance: 450, limitUsed: 0, limit: { period: 'month', count: 1 } })
    await app.ok(member.userId, 'mall', 'redeem', redeemInput(id))
    expect(await app.ok(member.userId, 'mall', 'item', { id })).toMatchObject({ balance: 150, limitUsed: 1 })
    // A cancelled order gives the limit back, as redeem counts it.
    const [order] = (await app.ok(member.userId, 'mall', 'myOrders', {})).items
    await app.ok(member.userId, 'mall', 'cancel', { id: order.id })
    expect(await app.ok(member.userId, 'mall', 'item', { id })).toMatchObject({ balance: 450, limitUsed: 0 })
  })

  it('tells a member without an account that they have no points, and an unlimited item that nothing is used', async () => {
    const [member] = await fundedMembers(app, [0])
    const unlimited = await pickupItem(app.db, { price: 100, stock: 5 })
    expect(await app.ok(member.userId, 'mall', 'item', { id: unlimited })).toMatchObject({ balance: 0, limitUsed: 0, limit: null })
  })

  it('shows the pickup point with its address, hours and phone, not the branch path', async () => {
    const item = await app.ok(app.users.member, 'mall', 'item', { id: await itemId('工会定制保温杯') })
    expect(item.pickupPoint).toEqual({
      id: expect.any(Number),
      name: '油车港镇职工服务中心',
      address: '嘉兴市秀洲区油车港镇正阳路 218 号 镇总工会一楼',
      openingHours: '周一至周五 8:30-11:30，13:30-17:00',
      phone: '0573-82711205',
    })
  })
})

describe('order numbers', () => {
  it('are the Shanghai day and 8 random digits, unique, and the same on every view of the order', async () => {
    const id = await pickupItem(app.db, { price: 1, stock: 100 })
    const [member] = await fundedMembers(app, [100])
    const numbers: string[] = []
    for (let i = 0; i < 20; i++) numbers.push((await app.ok(member.userId, 'mall', 'redeem', redeemInput(id))).order.orderNo)
    const day = shanghaiDay(new Date()).slice(2).replaceAll('-', '')
    expect(numbers.every((n) => /^\d{14}$/.test(n) && n.startsWith(day))).toBe(true)
    expect(new Set(numbers).size).toBe(numbers.length)
    // Nothing about volume: consecutive orders are not consecutive numbers.
    const tails = numbers.map((n) => Number(n.slice(6)))
    expect(tails.slice(1).filter((t, i) => Math.abs(t - tails[i]) === 1)).toEqual([])
    const listed = await app.ok(member.userId, 'mall', 'myOrders', { limit: 50 })
    expect(listed.items.map((o) => o.orderNo).sort()).toEqual([...numbers].sort())
    const queue = await app.ok(operator(), 'mall', 'orderQueue', { queue: 'pickup', limit: 50 })
    const mine = new Set(listed.items.map((o) => o.id))
    expect(queue.items.filter((o) => mine.has(o.id)).every((o) => numbers.includes(o.orderNo))).toBe(true)
  })

  it('are what the pickup verification shows', async () => {
    const [member] = await fundedMembers(app, [500])
    const { order } = await app.ok(member.userId, 'mall', 'redeem', redeemInput(await pickupItem(app.db, { price: 100, stock: 5 })))
    const verified = await app.ok(operator(), 'mall', 'verifyPickup', { code: order.pickupCode ?? '' })
    expect(verified.orderNo).toBe(order.orderNo)
  })
})

describe('delivery orders', () => {
  it('show the member their recipient, masked phone and address; the operator the full phone, logged', async () => {
    const [member] = await fundedMembers(app, [2000])
    const address = { name: '张晓梅', phone: '13857301234', address: '嘉兴市秀洲区油车港镇正阳路 88 号 3 幢 201 室' }
    const { order } = await app.ok(member.userId, 'mall', 'redeem', redeemInput(await itemId('五常大米 5kg'), { address }))
    const masked = { name: '张晓梅', phone: '138****1234', address: address.address }
    expect(order.delivery).toEqual(masked)
    expect((await app.ok(member.userId, 'mall', 'myOrder', { id: order.id })).delivery).toEqual(masked)
    const [{ n: before }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.readAddresses' AND $1 = ANY(target_ids)`, [order.id])
    const queue = await app.ok(operator(), 'mall', 'orderQueue', { queue: 'shipping', limit: 50 })
    const row = queue.items.find((o) => o.id === order.id)
    expect(row).toMatchObject({ orderNo: order.orderNo, address, delivery: null })
    const [{ n: after }] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.readAddresses' AND $1 = ANY(target_ids)`, [order.id])
    expect(after).toBe(before + 1)
  })
})

describe('coupon validity', () => {
  it('is stored with each uploaded batch and shown on the order; an expired coupon says so', async () => {
    const county = await app.branchId('秀洲区总工会')
    const categories = await app.ok(app.users.member, 'mall', 'categories', {})
    const item = await app.ok(operator(), 'mall', 'saveItem', {
      title: '书店购书券',
      categoryId: categories[0].id,
      kind: 'virtual',
      pricePoints: 10,
      saleStart: new Date(Date.now() - 60_000).toISOString(),
      scopeBranchId: county,
      requestId: randomUUID(),
    })
    const before = await app.snapshot()
    const today = shanghaiDay(new Date())
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['OLD-0001'], validUntil: '2020-12-31' })).message).toContain('有效期已过')
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['BAD-0001'], validFrom: '2099-02-01', validUntil: '2099-01-31' })).message).toContain('不能晚于')
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['BAD-0002'], validUntil: '2099-02-30' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['BAD-0003'] })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    await app.ok(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['RANGE-0001'], validFrom: today, validUntil: '2099-06-30' })
    await app.ok(operator(), 'mall', 'uploadCodes', { itemId: item.id, codes: ['UNTIL-0001'], validUntil: today })

    const [member] = await fundedMembers(app, [100])
    const first = await app.ok(member.userId, 'mall', 'redeem', redeemInput(item.id))
    expect(first.order).toMatchObject({ couponCode: 'RANGE-0001', couponValidity: { from: today, until: '2099-06-30', expired: false } })
    const second = await app.ok(member.userId, 'mall', 'redeem', redeemInput(item.id))
    // Valid through its last day.
    expect((await app.ok(member.userId, 'mall', 'myOrder', { id: second.order.id })).couponValidity).toEqual({ from: null, until: today, expired: false })
    await app.db.query(`UPDATE mall_coupon_code SET valid_until = $2 WHERE code = $1`, ['UNTIL-0001', '2024-12-31'])
    expect((await app.ok(member.userId, 'mall', 'myOrder', { id: second.order.id })).couponValidity).toEqual({ from: null, until: '2024-12-31', expired: true })
  })
})

describe('pickup points', () => {
  it('are created once per request id, edited and listed within the operator’s scope', async () => {
    const sibling = await app.branchId('王江泾镇总工会')
    const input = pointInput(sibling)
    const created = await app.ok(operator(), 'mall', 'createPickupPoint', input)
    expect(created).toMatchObject({ name: input.name, address: input.address, openingHours: input.openingHours, phone: input.phone, retired: false, branch: { id: sibling } })
    // A resend after a lost answer finds the first point.
    expect(await app.ok(operator(), 'mall', 'createPickupPoint', input)).toEqual(created)
    const [{ n }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mall_pickup_point WHERE name = $1', [input.name])
    expect(n).toBe(1)
    const edited = await app.ok(operator(), 'mall', 'updatePickupPoint', { id: created.id, name: '王江泾镇职工之家', address: input.address, openingHours: '周一至周六 9:00-17:00', phone: '13957300000' })
    expect(edited).toMatchObject({ id: created.id, name: '王江泾镇职工之家', openingHours: '周一至周六 9:00-17:00', phone: '13957300000', branch: { id: sibling } })
    const listed = await app.ok(operator(), 'mall', 'pickupPoints', { limit: 50 })
    expect(listed.items.map((p) => p.name)).toEqual(expect.arrayContaining(['王江泾镇职工之家', '油车港镇职工服务中心', '秀洲区职工服务中心']))
    // A town operator sees the town's points only; another county's operator none of these.
    const townOperator = await app.newStaff('油车港镇总工会', 'mall_operator')
    expect((await app.ok(townOperator, 'mall', 'pickupPoints', { limit: 50 })).items.map((p) => p.name)).toEqual(['油车港镇职工服务中心'])
    const nanhu = await app.newStaff('南湖区总工会', 'mall_operator')
    expect((await app.ok(nanhu, 'mall', 'pickupPoints', { limit: 50 })).items).toEqual([])
    expect((await app.fail(nanhu, 'mall', 'updatePickupPoint', { id: created.id, name: '改名成功', address: input.address, openingHours: '全天开放', phone: input.phone })).code).toBe('NOT_FOUND')
    expect((await app.fail(nanhu, 'mall', 'retirePickupPoint', { id: created.id })).code).toBe('NOT_FOUND')
  })

  it('checks their fields: a real phone, an address, opening hours', async () => {
    const county = await app.branchId('秀洲区总工会')
    const before = await app.snapshot()
    for (const bad of [{ phone: '12345' }, { phone: '0573-123' }, { address: '嘉兴' }, { openingHours: '' }, { name: '站' }]) {
      expect((await app.fail(operator(), 'mall', 'createPickupPoint', pointInput(county, bad))).code).toBe('VALIDATION_FAILED')
    }
    expect((await app.fail(operator(), 'mall', 'createPickupPoint', pointInput(await app.branchId('南湖区总工会')))).code).toBe('OUT_OF_SCOPE')
    expect(await app.snapshot()).toEqual(before)
  })

  it('are named by pickup goods, and the orders keep showing theirs; a point in use cannot be retired', async () => {
    const county = await app.branchId('秀洲区总工会')
    const point = await app.ok(operator(), 'mall', 'createPickupPoint', pointInput(county, { name: '区职工服务中心二号窗口' }))
    const categories = await app.ok(app.users.member, 'mall', 'categories', {})
    const item = await app.ok(operator(), 'mall', 'saveItem', {
      title: '工会雨伞',
      categoryId: categories[0].id,
      kind: 'pickup',
      pricePoints: 50,
      saleStart: new Date(Date.now() - 60_000).toISOString(),
      scopeBranchId: county,
      pickupPointId: point.id,
      initialStock: 10,
      requestId: randomUUID(),
    })
    expect(item.pickupPoint).toMatchObject({ id: point.id, address: point.address })
    const [member] = await fundedMembers(app, [500])
    const { order } = await app.ok(member.userId, 'mall', 'redeem', redeemInput(item.id))
    expect(order.pickupPoint).toMatchObject({ id: point.id, name: '区职工服务中心二号窗口', openingHours: point.openingHours, phone: point.phone })

    const retire = await app.fail(operator(), 'mall', 'retirePickupPoint', { id: point.id })
    expect(retire).toMatchObject({ code: 'PICKUP_POINT_IN_USE', message: expect.stringContaining('在售商品') })
    await app.ok(operator(), 'mall', 'saveItem', { ...itemInput(item, categories[0].id, county), onSale: false, pickupPointId: point.id })
    expect((await app.fail(operator(), 'mall', 'retirePickupPoint', { id: point.id })).message).toContain('等待在此自提')
    await app.ok(operator(), 'mall', 'verifyPickup', { code: order.pickupCode ?? '' })

    const retired = await app.ok(operator(), 'mall', 'retirePickupPoint', { id: point.id })
    expect(retired.retired).toBe(true)
    expect(await app.ok(operator(), 'mall', 'retirePickupPoint', { id: point.id })).toEqual(retired)
    expect((await app.ok(operator(), 'mall', 'pickupPoints', { limit: 50 })).items.map((p) => p.id)).not.toContain(point.id)
    expect((await app.ok(operator(), 'mall', 'pickupPoints', { includeRetired: true, limit: 50 })).items.map((p) => p.id)).toContain(point.id)
    // The handed-over order still says where it was collected; new goods cannot name the point.
    expect((await app.ok(member.userId, 'mall', 'myOrder', { id: order.id })).pickupPoint?.name).toBe('区职工服务中心二号窗口')
    expect((await app.fail(operator(), 'mall', 'saveItem', { ...itemInput(item, categories[0].id, county), pickupPointId: point.id })).code).toBe('PICKUP_POINT_RETIRED')
    // Off the shelf, the item may keep it while other fields are edited.
    const kept = await app.ok(operator(), 'mall', 'saveItem', { ...itemInput(item, categories[0].id, county), title: '工会折叠雨伞', onSale: false, pickupPointId: point.id })
    expect(kept).toMatchObject({ title: '工会折叠雨伞', onSale: false, pickupPoint: { id: point.id } })
    const fresh = { ...itemInput(item, categories[0].id, county), id: null, requestId: randomUUID(), onSale: false, pickupPointId: point.id }
    expect((await app.fail(operator(), 'mall', 'saveItem', fresh)).code).toBe('PICKUP_POINT_RETIRED')
  })
})

function itemInput(item: { id: number; title: string; pricePoints: number; saleStart: string }, categoryId: number, scopeBranchId: number): ActionInput<'mall', 'saveItem'> {
  return { id: item.id, title: item.title, categoryId, kind: 'pickup', pricePoints: item.pricePoints, saleStart: item.saleStart, scopeBranchId }
}

// The migration's SQL is the same on both databases, and this test opens its own PGlite: running it
// again in the PostgreSQL project would only repeat it.
describe.skipIf(process.env.TEST_DB === 'pg')('migration 0007', () => {
  it('numbers existing orders and turns the branches used for pickup into points', async () => {
    const pglite = await PGlite.create()
    const db = wrapPglite(pglite)
    try {
      const migrations = loadMigrations()
      const before = migrations.filter((m) => m.version < '0007')
      for (const m of before) await db.exec(m.sql)
      await db.exec(`
        INSERT INTO branch (id, parent_id, level, name, full_name, path) VALUES
          (1, NULL, 1, '嘉兴市总工会', '嘉兴市总工会', '/1/'),
          (2, 1, 2, '秀洲区总工会', '嘉兴市总工会 / 秀洲区总工会', '/1/2/');
        INSERT INTO app_user (nickname) VALUES ('会员');
        INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id) VALUES (1, 'JX1', '会员', '13800000000', 'h', '1234', 2);
        INSERT INTO mall_category (name) VALUES ('生活用品');
        INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, price_points, stock, sale_start, pickup_branch_id)
          VALUES (2, 1, 1, 'pickup', '保温杯', 10, 100, now(), 2), (2, 1, 1, 'delivery', '大米', 10, 100, now(), NULL);
        INSERT INTO mall_order (member_id, item_id, request_id, quantity, points, status, pickup_branch_id, created_at)
          SELECT 1, 1, 'r' || n, 1, 10, 'completed', 2, timestamptz '2026-03-04 17:30:00+00' FROM generate_series(1, 200) AS n;
        INSERT INTO mall_order (member_id, item_id, request_id, quantity, points, status, delivery_address)
          VALUES (1, 2, 'd1', 1, 10, 'pending_shipment', '{"name":"会员","phone":"13800000000","address":"嘉兴市某路 1 号"}');
      `)
      await db.exec(migrations.find((m) => m.version.startsWith('0007'))?.sql ?? '')
      const orders = await db.query<{ order_no: string; pickup_point_id: number | null }>('SELECT order_no, pickup_point_id FROM mall_order ORDER BY id')
      // 17:30 UTC on 4 March is 01:30 on 5 March in Jiaxing.
      expect(orders.slice(0, 200).every((o) => /^260305\d{8}$/.test(o.order_no))).toBe(true)
      expect(new Set(orders.map((o) => o.order_no)).size).toBe(orders.length)
      const points = await db.query<{ id: number; branch_id: number; name: string; address: string }>('SELECT id, branch_id, name, address FROM mall_pickup_point')
      expect(points).toEqual([{ id: expect.any(Number), branch_id: 2, name: '秀洲区总工会服务点', address: '嘉兴市总工会 / 秀洲区总工会' }])
      expect(orders.slice(0, 200).every((o) => o.pickup_point_id === points[0].id)).toBe(true)
      expect(orders[200].pickup_point_id).toBeNull()
      const items = await db.query<{ pickup_point_id: number | null }>('SELECT pickup_point_id FROM mall_item ORDER BY id')
      expect(items).toEqual([{ pickup_point_id: points[0].id }, { pickup_point_id: null }])
    } finally {
      await db.close()
    }
  })
})
