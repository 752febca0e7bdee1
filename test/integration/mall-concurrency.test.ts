import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, ledgerViolations, pickupItem, stockHeld } from '../support/mall-fixtures'

/**
 * On PostgreSQL these are real races over a pool of 20 connections; PGlite runs one statement
 * at a time and can only show the same outcomes sequentially.
 */
let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

// 100 members: a quarter with nothing, a quarter able to afford one, a quarter two, a quarter plenty.
const balances = Array.from({ length: 100 }, (_, i) => [0, 100, 250, 1000][i % 4])
// Two attempts each against a limit of one: a race on the limit would show as a second order.
const limit = 1
const demand = balances.reduce((sum, b) => sum + Math.min(limit, Math.floor(b / 100)), 0)

async function race(stock: number) {
  const itemId = await pickupItem(app.db, { price: 100, stock, limit })
  const members = await fundedMembers(app, balances)
  const attempts = members.flatMap((m) => [m, m])
  const results = await Promise.all(
    attempts.map((m) => app.call(m.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: randomUUID() })),
  )
  return { itemId, members, results }
}

describe('200 concurrent redemptions by 100 members with mixed balances and a per-member limit', () => {
  for (const stock of [50, 100]) {
    it(`stock ${stock}: exactly as many orders as stock and eligibility allow, nothing oversold or overdrawn`, async () => {
      const { itemId, members, results } = await race(stock)
      const expected = Math.min(stock, demand)
      expect(results.filter((r) => r.ok)).toHaveLength(expected)
      const codes = new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code))
      for (const code of codes) expect(['SOLD_OUT', 'INSUFFICIENT_POINTS', 'LIMIT_REACHED']).toContain(code)
      expect(await stockHeld(app.db, itemId)).toEqual({ stock: stock - expected, held: expected, orders: expected })
      expect(await ledgerViolations(app.db)).toEqual([])
      const spent = await app.db.query<{ member_id: number; orders: number; points: number }>(
        `SELECT member_id, count(*)::int AS orders, sum(points)::int AS points FROM mall_order WHERE item_id = $1 GROUP BY member_id`,
        [itemId],
      )
      for (const row of spent) {
        const member = members.find((m) => m.memberId === row.member_id)
        expect(row.orders).toBeLessThanOrEqual(limit)
        expect(row.points).toBeLessThanOrEqual(member?.balance ?? 0)
      }
    })
  }
})

describe('retries and races on one order', () => {
  it('the same request id sent 20 times at once makes one order and one charge', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 10 })
    const [member] = await fundedMembers(app, [1000])
    const input = { itemId, quantity: 1, requestId: randomUUID() }
    const results = await Promise.all(Array.from({ length: 20 }, () => app.call(member.userId, 'mall', 'redeem', input)))
    expect(results.every((r) => r.ok)).toBe(true)
    const orderIds = new Set(results.map((r) => r.ok && r.data.order.id))
    expect(orderIds.size).toBe(1)
    expect(results.filter((r) => r.ok && !r.data.replayed)).toHaveLength(1)
    expect(await stockHeld(app.db, itemId)).toEqual({ stock: 9, held: 1, orders: 1 })
    expect((await app.ok(member.userId, 'points', 'summary', {})).balance).toBe(900)
    expect(await ledgerViolations(app.db)).toEqual([])
  })

  it('a cancel and a pickup verification racing on the same order: exactly one wins', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 20 })
    const members = await fundedMembers(app, Array(20).fill(500))
    const orders = await Promise.all(members.map((m) => app.ok(m.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: randomUUID() })))
    const operator = app.users['mall-operator']
    const outcomes = await Promise.all(
      orders.map(async ({ order }, i) => {
        const [cancel, verify] = await Promise.all([
          app.call(members[i].userId, 'mall', 'cancel', { id: order.id }),
          app.call(operator, 'mall', 'verifyPickup', { code: order.pickupCode ?? '' }),
        ])
        return { cancel, verify }
      }),
    )
    for (const { cancel, verify } of outcomes) {
      expect(Number(cancel.ok) + Number(verify.ok)).toBe(1)
      if (!cancel.ok) expect(cancel.error.code).toBe('ORDER_STATE_CONFLICT')
      if (!verify.ok) expect(verify.error.code).toBe('PICKUP_CODE_INVALID')
    }
    const cancelled = outcomes.filter((o) => o.cancel.ok).length
    expect(await stockHeld(app.db, itemId)).toEqual({ stock: cancelled, held: 20 - cancelled, orders: 20 - cancelled })
    const [refunds] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM points_ledger l JOIN mall_order o ON l.source_ref = 'order:' || o.id AND l.kind = 'refund' WHERE o.item_id = $1`,
      [itemId],
    )
    expect(refunds.n).toBe(cancelled)
    expect(await ledgerViolations(app.db)).toEqual([])
  })
})
