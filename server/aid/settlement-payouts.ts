import type { Bill, PlanRules } from '../../src/shared/api/aid-plans'
import { formatFen } from '../../src/shared/aid/money'
import { advanceYear, computePayout } from '../../src/shared/aid/payout-engine'
import type { PayoutComputation, YearSoFar } from '../../src/shared/aid/payout-engine'
import { routes } from '../../src/routes'
import type { Queryable } from '../db'
import type { SettlementRow } from './settlement-file'

/**
 * applyPayout (server/aid/payout.ts) for a batch of settlement rows at once: the same engine, the
 * same lock, the same rows written, in a handful of statements instead of four per row. The batch
 * locks its enrolments' yearly counters in enrolment id order (so two batches, or a batch and a
 * claim approval, queue instead of deadlocking), computes each row with the year as the rows before
 * it left it, then inserts the payouts and writes the counters back once. test/integration/aid-settlement
 * checks it against applyPayout row by row.
 */

interface LockedYear {
  enrolment_id: number
  rules: PlanRules
  deductible_used_fen: number
  paid_fen: number
  hospital_days_paid: number
  critical_codes_paid: string[]
}

/** The batch's locked counters, moved in memory as its rows are paid. */
export interface UsageBook {
  /** The engine over this row with the year so far. */
  check(enrolmentId: number, row: SettlementRow): PayoutComputation
  /** The row is paid at the engine's figure: its counters move. */
  commit(enrolmentId: number, computed: PayoutComputation): void
  /** Counters that moved, to write back. */
  moved(): { enrolmentId: number; year: YearSoFar }[]
}

/** The bill a settlement row stands for: the self-paid part is what the mutual aid reimburses. */
export function settlementBill(row: SettlementRow): Bill {
  const day = 24 * 3600 * 1000
  const hospitalDays = (Date.parse(row.dischargedOn) - Date.parse(row.admittedOn)) / day
  return { eligibleFen: row.selfFen, hospitalDays }
}

export async function lockYearUsage(tx: Queryable, enrolmentIds: number[]): Promise<UsageBook> {
  const rows = await tx.query<LockedYear>(
    `SELECT u.enrolment_id, p.rules, u.deductible_used_fen, u.paid_fen, u.hospital_days_paid, u.critical_codes_paid
       FROM aid_year_usage u JOIN aid_enrolment e ON e.id = u.enrolment_id JOIN aid_plan p ON p.id = e.plan_id
      WHERE u.enrolment_id = ANY($1::int[])
      ORDER BY u.enrolment_id
        FOR UPDATE OF u`,
    [enrolmentIds],
  )
  const years = new Map<number, { rules: PlanRules; year: YearSoFar; moved: boolean }>(
    rows.map((r) => [
      r.enrolment_id,
      {
        rules: r.rules,
        moved: false,
        year: { deductibleUsedFen: r.deductible_used_fen, paidFen: r.paid_fen, hospitalDaysPaid: r.hospital_days_paid, criticalCodesPaid: r.critical_codes_paid },
      },
    ]),
  )
  const entry = (enrolmentId: number) => {
    const found = years.get(enrolmentId)
    if (!found) throw new Error(`enrolment ${enrolmentId} has no aid_year_usage row`)
    return found
  }
  return {
    check(enrolmentId, row) {
      const { rules, year } = entry(enrolmentId)
      return computePayout(rules, settlementBill(row), year)
    },
    commit(enrolmentId, computed) {
      const found = entry(enrolmentId)
      found.year = advanceYear(found.year, computed, computed.payoutFen)
      found.moved = true
    },
    moved: () => [...years].filter(([, y]) => y.moved).map(([enrolmentId, y]) => ({ enrolmentId, year: y.year })),
  }
}

/** The member's message about a settled payout (kind aid_settled), from the batch and from a resolved row alike. */
export function settledMessage(row: SettlementRow, fen: number) {
  return {
    title: '医疗互助已结算',
    body: `您在${row.hospital}（${row.admittedOn} 至 ${row.dischargedOn}）的住院费用已一站式结算，医疗互助支付 ${formatFen(fen)} 元。`,
    link: routes.aidCoverage,
    payload: { amount: `${formatFen(fen)}元`, hospital: row.hospital.slice(0, 20), date: row.dischargedOn },
  }
}

export interface SettlementPayoutRow {
  enrolmentId: number
  /** The member's account, for the message; null for a member who never signed in. */
  userId: number | null
  sourceRef: string
  row: SettlementRow
  result: PayoutComputation
}

/**
 * Writes the batch's payouts (in row order), the counters the book moved, and one message per
 * payout above zero, each kind of write one statement. Answers the payout ids in the order given.
 */
export async function applySettlementPayouts(tx: Queryable, book: UsageBook, payouts: SettlementPayoutRow[]): Promise<number[]> {
  if (!payouts.length) return []
  // No ON CONFLICT: the batch found none of these under the lock, so a conflict is a bug and must roll the batch back.
  const inserted = await tx.query<{ id: number; source_ref: string }>(
    `INSERT INTO aid_payout (enrolment_id, source, source_ref, amount_fen, deductible_fen, hospital_days, critical_code, computed_fen, bill, explanation)
     SELECT e, 'settlement', r, a, d, h, c, a, b, x
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb[]) AS t(e, r, a, d, h, c, b, x)
     RETURNING id, source_ref`,
    [
      payouts.map((p) => p.enrolmentId),
      payouts.map((p) => p.sourceRef),
      payouts.map((p) => p.result.payoutFen),
      payouts.map((p) => p.result.deductibleFen),
      payouts.map((p) => p.result.hospitalDays),
      payouts.map((p) => p.result.criticalCode),
      payouts.map((p) => JSON.stringify(settlementBill(p.row))),
      payouts.map((p) => JSON.stringify(p.result.lines)),
    ],
  )
  const idOf = new Map(inserted.map((r) => [r.source_ref, Number(r.id)]))
  const moved = book.moved()
  await tx.query(
    `UPDATE aid_year_usage u
        SET deductible_used_fen = t.d, paid_fen = t.p, hospital_days_paid = t.h, critical_codes_paid = t.c::text[], updated_at = now()
       FROM (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[]) AS t(e, d, p, h, c)) t
      WHERE u.enrolment_id = t.e`,
    [
      moved.map((m) => m.enrolmentId),
      moved.map((m) => m.year.deductibleUsedFen),
      moved.map((m) => m.year.paidFen),
      moved.map((m) => m.year.hospitalDaysPaid),
      // A text[] per row travels as its literal: unnest cannot take an array of arrays of different lengths.
      moved.map((m) => `{${m.year.criticalCodesPaid.map((c) => `"${c}"`).join(',')}}`),
    ],
  )
  const told = payouts.filter((p) => p.userId !== null && p.result.payoutFen > 0).map((p) => ({ p, m: settledMessage(p.row, p.result.payoutFen) }))
  if (told.length) {
    await tx.query(
      `INSERT INTO message (user_id, kind, source, title, body, link, payload)
       SELECT u, 'aid_settled', s, t, b, l, p FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS x(u, s, t, b, l, p)
       ON CONFLICT (user_id, kind, source) DO NOTHING`,
      [
        told.map(({ p }) => p.userId),
        told.map(({ p }) => `aid_payout:${idOf.get(p.sourceRef)}`),
        told.map(({ m }) => m.title),
        told.map(({ m }) => m.body),
        told.map(({ m }) => m.link),
        told.map(({ m }) => JSON.stringify(m.payload)),
      ],
    )
  }
  return payouts.map((p) => idOf.get(p.sourceRef) as number)
}
