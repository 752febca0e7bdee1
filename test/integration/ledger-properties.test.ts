import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiYear, yearStart } from '../../server/points/calendar'
import { award, expirePoints } from '../../server/points/ledger'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, ledgerViolations, pickupItem, stockHeld } from '../support/mall-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const thisYear = shanghaiYear(new Date())

type Op =
  | { kind: 'earn'; who: number; points: number; lastYear: boolean }
  | { kind: 'redeem'; who: number; quantity: number; retry: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'expire' }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), who: fc.nat(2), points: fc.integer({ min: 1, max: 400 }), lastYear: fc.boolean() }),
  fc.record({ kind: fc.constant('redeem' as const), who: fc.nat(2), quantity: fc.integer({ min: 1, max: 3 }), retry: fc.boolean() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(50) }),
  fc.constant({ kind: 'expire' as const }),
)

describe('ledger invariants over random sequences of earn, redeem, cancel and expire', () => {
  it('never goes negative, always sums, never oversells, and refunds each cancelled order exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 12 }), async (ops, price, stock) => {
        const members = await fundedMembers(app, [0, 0, 0])
        const itemId = await pickupItem(app.db, { price, stock })
        const orders: { id: number; userId: number }[] = []
        let lastRequest: { who: number; requestId: string } | null = null
        for (const step of ops) {
          if (step.kind === 'earn') {
            const at = step.lastYear ? new Date(Date.UTC(thisYear - 1, 6, 1, 4)) : new Date()
            await app.db.transaction((tx) => award(tx, { memberId: members[step.who].memberId, rule: 'admin_grant', sourceRef: randomUUID(), points: step.points, at }))
          } else if (step.kind === 'redeem') {
            // A retry resends the previous request id of the same member.
            const requestId: string = step.retry && lastRequest?.who === step.who ? lastRequest.requestId : randomUUID()
            lastRequest = { who: step.who, requestId }
            const result = await app.call(members[step.who].userId, 'mall', 'redeem', { itemId, quantity: step.quantity, requestId })
            if (result.ok && !result.data.replayed) orders.push({ id: result.data.order.id, userId: members[step.who].userId })
            if (!result.ok) expect(['SOLD_OUT', 'INSUFFICIENT_POINTS']).toContain(result.error.code)
          } else if (step.kind === 'cancel' && orders.length) {
            const target = orders[step.pick % orders.length]
            const result = await app.call(target.userId, 'mall', 'cancel', { id: target.id })
            if (!result.ok) expect(result.error.code).toBe('ORDER_STATE_CONFLICT')
          } else if (step.kind === 'expire') {
            // The sequence keeps crediting the lapsed year after expiring it, which only tests do;
            // forgetting the finished run makes every expire step do real work again.
            await app.db.query('DELETE FROM points_expiry_progress WHERE year = $1', [thisYear - 1])
            await expirePoints(app.db, thisYear - 1, new Date(yearStart(thisYear + 1).getTime() + 1000))
          }
          expect(await ledgerViolations(app.db)).toEqual([])
        }
        const held = await stockHeld(app.db, itemId)
        expect(held.stock + held.held).toBe(stock)
        const refunds = await app.db.query<{ source_ref: string; n: number; points: number; charged: number }>(
          `SELECT l.source_ref, count(*)::int AS n, sum(l.delta)::int AS points, max(o.points) AS charged
             FROM points_ledger l JOIN mall_order o ON l.source_ref = 'order:' || o.id
            WHERE l.kind = 'refund' AND o.item_id = $1 GROUP BY l.source_ref`,
          [itemId],
        )
        const [cancelled] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM mall_order WHERE item_id = $1 AND status = 'cancelled'`, [itemId])
        expect(refunds).toHaveLength(cancelled.n)
        for (const r of refunds) expect([r.n, r.points]).toEqual([1, r.charged])
      }),
      { numRuns: process.env.TEST_DB === 'pg' ? 40 : 20 },
    )
  })
})
