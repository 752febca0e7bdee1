import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { dispatch } from '../../server/action'
import type { Db, Queryable } from '../../server/db'
import type { QueryOptions } from '../../server/db/types'
import { registry } from '../../server/registry'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'
import { fundedMembers, ledgerViolations, pickupItem, stockHeld } from '../support/mall-fixtures'

// Pickup codes (8 digits from 10000000) and order-number digits (from 0) placeOrder will draw
// next, so that a test can make one collide with an existing order.
const { nextCodes, nextOrderDigits } = vi.hoisted(() => ({ nextCodes: [] as number[], nextOrderDigits: [] as number[] }))
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>()
  const queued = (min: number) => (min === 0 ? nextOrderDigits : nextCodes).shift()
  return { ...crypto, randomInt: (min: number, max: number) => queued(min) ?? crypto.randomInt(min, max) }
})

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

/** The app's database, counting what a call sends: statements outside and inside transactions. */
function counting(db: Db) {
  const sent = { outside: 0, transactions: 0, inTransaction: 0 }
  const inside = (tx: Queryable): Queryable => ({
    query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      sent.inTransaction++
      return tx.query<T>(sql, params, options)
    },
    exec: (sql) => tx.exec(sql),
  })
  const counted: Db = {
    kind: db.kind,
    query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      sent.outside++
      return db.query<T>(sql, params, options)
    },
    exec: (sql) => db.exec(sql),
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      sent.transactions++
      return db.transaction((tx) => fn(inside(tx)))
    },
    close: () => db.close(),
  }
  return { sent, counted }
}

const redeemInput = (itemId: number) => ({ itemId, quantity: 1, requestId: randomUUID() })

describe('the redemption path', () => {
  it('is the caller lookup and one transaction of two statements, whether it succeeds or is refused', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 10, limit: 1 })
    const [rich, poor] = await fundedMembers(app, [1000, 50])
    for (const [member, expected] of [[rich, true], [poor, false]] as const) {
      const { sent, counted } = counting(app.db)
      const result = await dispatch({ db: counted, env: testEnv }, registry, 'mall', { action: 'redeem', input: redeemInput(itemId) }, {
        kind: 'token',
        token: app.tokenFor(member.userId),
      })
      expect(result.ok).toBe(expected)
      expect(sent).toEqual({ outside: 1, transactions: 1, inTransaction: 2 })
    }
  })

  it('draws another pickup code when the first is held by a live order, writing everything once', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 10 })
    const [first, second] = await fundedMembers(app, [500, 500])
    nextCodes.push(12_345_678, 12_345_678, 87_654_321)
    const a = await app.ok(first.userId, 'mall', 'redeem', redeemInput(itemId))
    const b = await app.ok(second.userId, 'mall', 'redeem', redeemInput(itemId))
    expect([a.order.pickupCode, b.order.pickupCode]).toEqual(['12345678', '87654321'])
    expect(b).toMatchObject({ balanceBefore: 500, balanceAfter: 400, replayed: false })
    expect(nextCodes).toEqual([])
    expect(await stockHeld(app.db, itemId)).toEqual({ stock: 8, held: 2, orders: 2 })
    const [{ entries }] = await app.db.query<{ entries: number }>(
      `SELECT count(*)::int AS entries FROM points_ledger WHERE member_id = $1 AND kind = 'spend'`,
      [second.memberId],
    )
    expect(entries).toBe(1)
    expect(await ledgerViolations(app.db)).toEqual([])
  })

  it('draws another order number when the first is taken, writing everything once', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 10 })
    const [first, second] = await fundedMembers(app, [500, 500])
    nextOrderDigits.push(48_210_937, 48_210_937, 1)
    const a = await app.ok(first.userId, 'mall', 'redeem', redeemInput(itemId))
    const b = await app.ok(second.userId, 'mall', 'redeem', redeemInput(itemId))
    const day = a.order.orderNo.slice(0, 6)
    expect([a.order.orderNo, b.order.orderNo]).toEqual([`${day}48210937`, `${day}00000001`])
    expect(nextOrderDigits).toEqual([])
    expect(b).toMatchObject({ balanceBefore: 500, balanceAfter: 400, replayed: false })
    expect((await app.ok(second.userId, 'mall', 'myOrder', { id: b.order.id })).orderNo).toBe(b.order.orderNo)
    expect(await stockHeld(app.db, itemId)).toEqual({ stock: 8, held: 2, orders: 2 })
    expect(await ledgerViolations(app.db)).toEqual([])
  })

  it('draws another order number for a coupon too, without reading the collision as sold out', async () => {
    const [item] = await app.db.query<{ id: number }>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, price_points, stock, sale_start)
       VALUES ((SELECT id FROM branch WHERE name = '秀洲区总工会'), (SELECT id FROM branch WHERE name = '嘉兴市总工会'),
               (SELECT min(id) FROM mall_category), 'virtual', '两码卡券', 100, 2, now() - interval '1 day')
       RETURNING id`,
    )
    await app.db.query(`INSERT INTO mall_coupon_code (item_id, code, valid_until) VALUES ($1, 'CODE-A', '2099-12-31'), ($1, 'CODE-B', '2099-12-31')`, [item.id])
    const [first, second] = await fundedMembers(app, [500, 500])
    nextOrderDigits.push(55_555_555, 55_555_555, 66_666_666)
    const a = await app.ok(first.userId, 'mall', 'redeem', redeemInput(item.id))
    const b = await app.ok(second.userId, 'mall', 'redeem', redeemInput(item.id))
    expect([a.order.couponCode, b.order.couponCode]).toEqual(['CODE-A', 'CODE-B'])
    expect(b.order.orderNo.slice(6)).toBe('66666666')
    expect(b.order.couponValidity).toEqual({ from: null, until: '2099-12-31', expired: false })
    expect(await stockHeld(app.db, item.id)).toEqual({ stock: 0, held: 2, orders: 2 })
  })

  it('answers a retry with the first answer even after the item went off the shelf and sold out', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 1 })
    const [member] = await fundedMembers(app, [100])
    const input = redeemInput(itemId)
    const first = await app.ok(member.userId, 'mall', 'redeem', input)
    await app.db.query('UPDATE mall_item SET on_sale = false WHERE id = $1', [itemId])
    const retried = await app.ok(member.userId, 'mall', 'redeem', input)
    expect(retried).toMatchObject({ replayed: true, balanceBefore: 100, balanceAfter: 0, order: { id: first.order.id } })
    // The same request id with another item is still the same request.
    expect((await app.ok(member.userId, 'mall', 'redeem', { ...input, itemId: 99_999 })).order.id).toBe(first.order.id)
  })

  it('refuses a virtual item whose codes are all taken, writing nothing', async () => {
    const [item] = await app.db.query<{ id: number }>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, price_points, stock, sale_start)
       VALUES ((SELECT id FROM branch WHERE name = '秀洲区总工会'), (SELECT id FROM branch WHERE name = '嘉兴市总工会'),
               (SELECT min(id) FROM mall_category), 'virtual', '单码卡券', 100, 5, now() - interval '1 day')
       RETURNING id`,
    )
    await app.db.query(`INSERT INTO mall_coupon_code (item_id, code) VALUES ($1, 'ONLY-ONE')`, [item.id])
    const [first, second] = await fundedMembers(app, [500, 500])
    expect((await app.ok(first.userId, 'mall', 'redeem', redeemInput(item.id))).order.couponCode).toBe('ONLY-ONE')
    const before = await app.snapshot()
    expect((await app.fail(second.userId, 'mall', 'redeem', redeemInput(item.id))).code).toBe('SOLD_OUT')
    expect(await app.snapshot()).toEqual(before)
    expect(await stockHeld(app.db, item.id)).toEqual({ stock: 4, held: 1, orders: 1 })
  })
})
