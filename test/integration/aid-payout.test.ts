import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyPayout, applyPayouts } from '../../server/aid/payout'
import type { PayoutRequest } from '../../server/aid/payout'
import { AppError } from '../../server/errors'
import { demoAidRules } from '../../server/seed/demo-aid'
import { enrolInPlan, insertAidPlan } from '../support/aid-fixtures'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers } from '../support/mall-fixtures'

/**
 * applyPayout, the one writer of 互助金. On PostgreSQL the races are real (a pool of 20
 * connections); PGlite runs one statement at a time and shows the same outcomes in sequence.
 */
let app: TestApp
let planId: number
beforeAll(async () => {
  app = await openTestApp()
  planId = await insertAidPlan(app.db, { name: '并发测试计划' })
})
afterAll(() => app?.close())

async function newEnrolment(): Promise<number> {
  const [member] = await fundedMembers(app, [0])
  return enrolInPlan(app.db, planId, member.memberId)
}

const pay = (request: PayoutRequest) => app.db.transaction((tx) => applyPayout(tx, request))

async function usage(enrolmentId: number) {
  const [row] = await app.db.query<{ paid_fen: number; deductible_used_fen: number; hospital_days_paid: number; critical_codes_paid: string[] }>(
    'SELECT paid_fen, deductible_used_fen, hospital_days_paid, critical_codes_paid FROM aid_year_usage WHERE enrolment_id = $1',
    [enrolmentId],
  )
  const [payouts] = await app.db.query<{ n: number; total: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::int AS total FROM aid_payout WHERE enrolment_id = $1',
    [enrolmentId],
  )
  return { ...row, payouts: payouts.n, payoutTotal: payouts.total }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  throw new Error('expected a refusal')
}

describe('the yearly cap under concurrent payouts', () => {
  it('20 approvals at once against the last 1,000.00 元 of the cap pay 1,000.00 元 in all, never more', async () => {
    const enrolmentId = await newEnrolment()
    const almost = demoAidRules.yearlyCapFen - 100_000
    await app.db.query('UPDATE aid_year_usage SET paid_fen = $2, deductible_used_fen = $3 WHERE enrolment_id = $1', [enrolmentId, almost, demoAidRules.deductibleFen])
    // Each bill alone is worth 3,000.00 元 (5,000.00 × 60%).
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay({ enrolmentId, source: 'claim', sourceRef: `cap-race-${enrolmentId}-${i}`, bill: { eligibleFen: 500_000 } })),
    )
    expect(results.reduce((sum, r) => sum + r.payoutFen, 0)).toBe(100_000)
    expect(results.filter((r) => r.payoutFen > 0)).toHaveLength(1)
    const after = await usage(enrolmentId)
    expect(after.paid_fen).toBe(demoAidRules.yearlyCapFen)
    expect(after.payoutTotal).toBe(100_000)
    expect(after.payouts).toBe(20)
    // The paid ones explain the cap; the others say nothing is left.
    for (const r of results) expect(r.lines.at(-1)).toContain('本年度剩余额度')
  })

  it('settled and manual payouts racing on one member share the cap and the deductible', async () => {
    const enrolmentId = await newEnrolment()
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pay({ enrolmentId, source: i % 2 ? 'claim' : 'settlement', sourceRef: `mixed-${enrolmentId}-${i}`, bill: { eligibleFen: 1_000_000, hospitalDays: 10 } }),
      ),
    )
    const after = await usage(enrolmentId)
    expect(after.paid_fen).toBe(demoAidRules.yearlyCapFen)
    expect(after.payoutTotal).toBe(demoAidRules.yearlyCapFen)
    expect(after.deductible_used_fen).toBe(demoAidRules.deductibleFen)
    expect(results.reduce((sum, r) => sum + r.deductibleFen, 0)).toBe(demoAidRules.deductibleFen)
    expect(after.hospital_days_paid).toBeLessThanOrEqual(demoAidRules.hospitalAllowance?.maxDays ?? 0)
  })
})

describe('idempotent per source', () => {
  it('the same claim approved 10 times at once pays once; every call gets the first answer', async () => {
    const enrolmentId = await newEnrolment()
    const request: PayoutRequest = { enrolmentId, source: 'claim', sourceRef: `retry-${enrolmentId}`, bill: { eligibleFen: 1_200_000 } }
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(request)))
    expect(new Set(results.map((r) => r.payoutId)).size).toBe(1)
    expect(results.filter((r) => !r.replayed)).toHaveLength(1)
    expect(results.map((r) => r.payoutFen)).toEqual(Array(10).fill(672_000))
    expect(await usage(enrolmentId)).toMatchObject({ paid_fen: 672_000, deductible_used_fen: 80_000, payouts: 1 })

    // A later retry, even with a different bill, returns what was paid and counts nothing.
    const again = await pay({ ...request, bill: { eligibleFen: 2_000_000 } })
    expect(again).toMatchObject({ payoutId: results[0].payoutId, payoutFen: 672_000, replayed: true, lines: results[0].lines })
    expect((await usage(enrolmentId)).paid_fen).toBe(672_000)
  })

  it('a source already paid to another enrolment is refused', async () => {
    const first = await newEnrolment()
    const second = await newEnrolment()
    await pay({ enrolmentId: first, source: 'settlement', sourceRef: `shared-${first}`, bill: { eligibleFen: 100_000 } })
    expect(await refusal(pay({ enrolmentId: second, source: 'settlement', sourceRef: `shared-${first}`, bill: { eligibleFen: 100_000 } }))).toBe('AID_PAYOUT_CONFLICT')
    expect((await usage(second)).payouts).toBe(0)
  })
})

describe('overrides and refusals', () => {
  it('an amount other than the computed one needs a reason and stays within the caps', async () => {
    const enrolmentId = await newEnrolment()
    const bill = { eligibleFen: 1_200_000 }
    const base = { enrolmentId, source: 'claim' as const, bill }
    expect(await refusal(pay({ ...base, sourceRef: `o-${enrolmentId}-1`, overrideFen: 500_000 }))).toBe('AID_OVERRIDE_REASON_REQUIRED')
    expect(await refusal(pay({ ...base, sourceRef: `o-${enrolmentId}-2`, overrideFen: 1_200_001, reason: '多付' }))).toBe('AID_OVERRIDE_TOO_HIGH')
    expect(await usage(enrolmentId)).toMatchObject({ paid_fen: 0, deductible_used_fen: 0, payouts: 0 })

    const paid = await pay({ ...base, sourceRef: `o-${enrolmentId}-3`, overrideFen: 500_000, reason: '部分费用不属于互助范围' })
    expect(paid).toMatchObject({ payoutFen: 500_000, computedFen: 672_000, replayed: false })
    expect(paid.lines.at(-1)).toBe('核定金额 5,000.00（原因：部分费用不属于互助范围）')
    const [row] = await app.db.query<{ override_reason: string; computed_fen: number }>('SELECT override_reason, computed_fen FROM aid_payout WHERE id = $1', [paid.payoutId])
    expect(row).toEqual({ override_reason: '部分费用不属于互助范围', computed_fen: 672_000 })
    expect((await usage(enrolmentId)).paid_fen).toBe(500_000)
  })

  it('pays nothing on an enrolment that is not active, and refuses a bad bill', async () => {
    const enrolmentId = await newEnrolment()
    expect(await refusal(pay({ enrolmentId, source: 'claim', sourceRef: `bad-${enrolmentId}`, bill: { eligibleFen: -5 } }))).toBe('VALIDATION_FAILED')
    await app.db.query(`UPDATE aid_enrolment SET status = 'cancelled' WHERE id = $1`, [enrolmentId])
    expect(await refusal(pay({ enrolmentId, source: 'claim', sourceRef: `cancelled-${enrolmentId}`, bill: { eligibleFen: 100_000 } }))).toBe('AID_NOT_COVERED')
    expect(await refusal(pay({ enrolmentId: 2_000_000_000, source: 'claim', sourceRef: 'nobody', bill: { eligibleFen: 100_000 } }))).toBe('NOT_FOUND')
    expect((await usage(enrolmentId)).payouts).toBe(0)
  })

  it('the database itself refuses counters past the cap and rewritten payouts', async () => {
    const enrolmentId = await newEnrolment()
    const paid = await pay({ enrolmentId, source: 'claim', sourceRef: `db-${enrolmentId}`, bill: { eligibleFen: 200_000 } })
    await expect(app.db.query('UPDATE aid_year_usage SET paid_fen = $2 WHERE enrolment_id = $1', [enrolmentId, demoAidRules.yearlyCapFen + 1])).rejects.toThrow(/yearly cap/)
    await expect(app.db.query('UPDATE aid_year_usage SET paid_fen = -1 WHERE enrolment_id = $1', [enrolmentId])).rejects.toThrow()
    await expect(app.db.query('UPDATE aid_payout SET amount_fen = 1 WHERE id = $1', [paid.payoutId])).rejects.toThrow(/append-only/)
    await expect(app.db.query('DELETE FROM aid_payout WHERE id = $1', [paid.payoutId])).rejects.toThrow(/append-only/)
  })
})

describe('payouts in batches (a settlement file)', () => {
  const batchOf = (enrolments: number[], tag: string): PayoutRequest[] =>
    Array.from({ length: 60 }, (_, i) => ({
      enrolmentId: enrolments[(i % 50) % enrolments.length],
      source: 'settlement' as const,
      sourceRef: `${tag}-${i % 50}`,
      bill: { eligibleFen: 300_000 + i * 1_000, hospitalDays: i % 7 },
    }))

  // Rows 50–59 repeat rows 0–9 (same key, same enrolment): a file listing a row twice.
  it('applies rows in order, answers each row, and counts a repeated row once', async () => {
    const enrolments = [await newEnrolment(), await newEnrolment(), await newEnrolment()]
    const cancelled = await newEnrolment()
    await app.db.query(`UPDATE aid_enrolment SET status = 'cancelled' WHERE id = $1`, [cancelled])
    const requests: PayoutRequest[] = [
      ...batchOf(enrolments, `batch-${enrolments[0]}`),
      { enrolmentId: cancelled, source: 'settlement', sourceRef: `batch-${enrolments[0]}-cancelled`, bill: { eligibleFen: 100_000 } },
      { enrolmentId: enrolments[0], source: 'settlement', sourceRef: `batch-${enrolments[0]}-bad`, bill: { eligibleFen: -1 } },
    ]
    const results = await app.db.transaction((tx) => applyPayouts(tx, requests))
    const codes = results.map((r) => (r instanceof AppError ? r.code : r.replayed ? 'replayed' : 'paid'))
    expect(codes.slice(0, 50)).toEqual(Array(50).fill('paid'))
    expect(codes.slice(50, 60)).toEqual(Array(10).fill('replayed'))
    expect(codes.slice(60)).toEqual(['AID_NOT_COVERED', 'VALIDATION_FAILED'])
    // The same as one payout at a time, in order: the engine saw each enrolment's year as the previous row left it.
    for (const enrolmentId of enrolments) {
      const after = await usage(enrolmentId)
      const paid = results.slice(0, 50).filter((_, i) => requests[i].enrolmentId === enrolmentId).reduce((sum, r) => sum + (r instanceof AppError ? 0 : r.payoutFen), 0)
      expect(after).toMatchObject({ paid_fen: paid, payoutTotal: paid, deductible_used_fen: 80_000 })
      expect(after.paid_fen).toBeLessThanOrEqual(demoAidRules.yearlyCapFen)
    }

    // Imported again: every row answers as before and nothing moves.
    const before = await Promise.all(enrolments.map(usage))
    const again = await app.db.transaction((tx) => applyPayouts(tx, requests))
    expect(again.slice(0, 60).every((r) => !(r instanceof AppError) && r.replayed)).toBe(true)
    expect(await Promise.all(enrolments.map(usage))).toEqual(before)
  })

  it('the same file imported twice at once, and an overlapping one in reverse, count nothing twice and never deadlock', async () => {
    const enrolments = [await newEnrolment(), await newEnrolment(), await newEnrolment(), await newEnrolment()]
    const file = batchOf(enrolments, `file-${enrolments[0]}`)
    const overlapping = file.filter((r) => r.enrolmentId !== enrolments[0]).reverse()
    const runs = await Promise.all([file, file, overlapping, file].map((requests) => app.db.transaction((tx) => applyPayouts(tx, requests))))
    const [payouts] = await app.db.query<{ n: number; total: number }>(
      'SELECT count(*)::int AS n, sum(amount_fen)::int AS total FROM aid_payout WHERE source_ref LIKE $1',
      [`file-${enrolments[0]}-%`],
    )
    expect(payouts.n).toBe(50)
    const counters = await Promise.all(enrolments.map(usage))
    expect(counters.reduce((sum, c) => sum + c.paid_fen, 0)).toBe(payouts.total)
    // Each row was paid by exactly one of the runs; every other run replayed it.
    expect(runs.flat().some((r) => r instanceof AppError)).toBe(false)
    const paidRows = runs.flat().filter((r) => !(r instanceof AppError) && !r.replayed)
    expect(paidRows).toHaveLength(50)
  })
})
