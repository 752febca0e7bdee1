import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, ledgerViolations, pickupItem, stockHeld } from '../support/mall-fixtures'

// Order-number digits drawn from 60 values instead of 10^8, so that concurrent redemptions on the
// same day keep drawing numbers another one holds or is inserting at that moment.
const crowded = 60
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>()
  return { ...crypto, randomInt: (min: number, max: number) => (min === 0 ? crypto.randomInt(0, crowded) : crypto.randomInt(min, max)) }
})

/**
 * On PostgreSQL these are real races over a pool of 20 connections: a colliding insert waits for
 * the other transaction and then draws again. PGlite runs them one at a time.
 */
let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

describe('order numbers under concurrency', () => {
  it('40 members redeeming at once, with numbers drawn from 60: every order placed once, each with its own number', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 100 })
    const members = await fundedMembers(app, Array.from({ length: 40 }, () => 100))
    const results = await Promise.all(members.map((m) => app.call(m.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: randomUUID() })))
    expect(results.filter((r) => !r.ok)).toEqual([])
    const numbers = await app.db.query<{ order_no: string }>('SELECT order_no FROM mall_order WHERE item_id = $1', [itemId])
    expect(numbers).toHaveLength(40)
    expect(new Set(numbers.map((n) => n.order_no)).size).toBe(40)
    expect(await stockHeld(app.db, itemId)).toEqual({ stock: 60, held: 40, orders: 40 })
    expect(await ledgerViolations(app.db)).toEqual([])
  })
})
