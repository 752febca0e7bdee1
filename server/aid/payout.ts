import { billSchema } from '../../src/shared/api/aid-plans'
import type { Bill, PlanRules } from '../../src/shared/api/aid-plans'
import { formatFen } from '../../src/shared/aid/money'
import { advanceYear, computePayout, freshYear } from '../../src/shared/aid/payout-engine'
import type { YearSoFar } from '../../src/shared/aid/payout-engine'
import type { Queryable } from '../db'
import { AppError } from '../errors'

export type PayoutSource = 'settlement' | 'claim'

export interface PayoutRequest {
  enrolmentId: number
  source: PayoutSource
  /** The settlement row's key or the claim id: one payout per (source, sourceRef), ever. */
  sourceRef: string
  bill: Bill
  /** An amount other than the engine's (a reviewer's decision, a settlement figure accepted on review). */
  overrideFen?: number
  /** Required whenever the amount differs from the engine's. */
  reason?: string
}

export interface PayoutOutcome {
  payoutId: number
  payoutFen: number
  /** What the engine computed; payoutFen differs only with an override. */
  computedFen: number
  deductibleFen: number
  lines: string[]
  /** The payout existed already (a retry or a re-import): nothing was counted this time. */
  replayed: boolean
}

interface LockedUsage {
  enrolment_id: number
  status: string
  rules: PlanRules
  deductible_used_fen: number
  paid_fen: number
  hospital_days_paid: number
  critical_codes_paid: string[]
}

interface PayoutRow {
  id: number
  enrolment_id: number
  source: PayoutSource
  source_ref: string
  amount_fen: number
  computed_fen: number
  deductible_fen: number
  explanation: string[]
}

function outcomeOf(row: PayoutRow, replayed: boolean): PayoutOutcome {
  return {
    payoutId: row.id,
    payoutFen: row.amount_fen,
    computedFen: row.computed_fen,
    deductibleFen: row.deductible_fen,
    lines: row.explanation,
    replayed,
  }
}

const payoutColumns = (table: string) =>
  ['id', 'enrolment_id', 'source', 'source_ref', 'amount_fen', 'computed_fen', 'deductible_fen', 'explanation'].map((c) => `${table}.${c}`).join(', ')
const keyOf = (source: string, sourceRef: string) => `${source}\u0000${sourceRef}`

/** A payout the engine allows, ready to be written. */
interface NewPayout {
  index: number
  request: PayoutRequest
  amount: number
  computedFen: number
  deductibleFen: number
  hospitalDays: number
  criticalCode: string | null
  reason: string | null
  bill: Bill
  lines: string[]
}

/** The engine's answer for one request against the year so far, or why it cannot be paid. */
function decide(request: PayoutRequest, usage: LockedUsage | undefined, year: YearSoFar, index: number): NewPayout | AppError {
  const parsedBill = billSchema.safeParse(request.bill)
  if (!parsedBill.success) return new AppError('VALIDATION_FAILED', `账单有误：${parsedBill.error.issues[0].message}`)
  if (!usage) return new AppError('NOT_FOUND', '参保记录不存在')
  if (usage.status !== 'active') return new AppError('AID_NOT_COVERED', '该参保记录未生效或已取消，不能支付互助金')
  const bill = parsedBill.data
  const computed = computePayout(usage.rules, bill, year)
  const lines = [...computed.lines]
  const reason = request.reason?.trim() || null
  let amount = computed.payoutFen
  if (request.overrideFen !== undefined && request.overrideFen !== computed.payoutFen) {
    const override = request.overrideFen
    if (!Number.isSafeInteger(override) || override < 0) return new AppError('VALIDATION_FAILED', '核定金额须为不小于 0 的整数（分）')
    if (!reason) return new AppError('AID_OVERRIDE_REASON_REQUIRED')
    // An override decides within the plan's caps, never beyond them.
    const ceiling = Math.min(bill.eligibleFen, usage.rules.perClaimCapFen, computed.yearLeftFen)
    if (override > ceiling) {
      return new AppError('AID_OVERRIDE_TOO_HIGH', `核定金额不能超过 ${formatFen(ceiling)} 元（可报销金额、单次封顶与本年度剩余额度中的最低者）`)
    }
    amount = override
    lines.push(`核定金额 ${formatFen(override)}（原因：${reason}）`)
  }
  return {
    index,
    request,
    amount,
    computedFen: computed.payoutFen,
    deductibleFen: computed.deductibleFen,
    hospitalDays: computed.hospitalDays,
    criticalCode: computed.criticalCode,
    reason: amount === computed.payoutFen ? null : reason,
    bill,
    lines,
  }
}

/**
 * THE money function of 医疗互助: the only writer of aid_payout and aid_year_usage. Call it inside
 * the caller's transaction (settlement import, claim approval). It locks the yearly counters of
 * the enrolments concerned (in id order, so two batches never deadlock), so payouts against one
 * enrolment queue up and each sees the year as the previous one left it; the engine then never
 * lets the year pass its cap. Requests are applied in the order given. A request whose source and
 * sourceRef were paid before (a retry, a re-import, or a repeat within the batch) returns the first
 * answer and counts nothing. Each result is the outcome or the refusal of its request; a batch of
 * any size takes four statements.
 */
export async function applyPayouts(tx: Queryable, requests: PayoutRequest[]): Promise<(PayoutOutcome | AppError)[]> {
  if (requests.length === 0) return []
  const enrolmentIds = [...new Set(requests.map((r) => r.enrolmentId))].sort((a, b) => a - b)
  const locked = await tx.query<LockedUsage>(
    `SELECT u.enrolment_id, e.status, p.rules, u.deductible_used_fen, u.paid_fen, u.hospital_days_paid, u.critical_codes_paid
       FROM aid_year_usage u JOIN aid_enrolment e ON e.id = u.enrolment_id JOIN aid_plan p ON p.id = e.plan_id
      WHERE u.enrolment_id = ANY($1::int[])
      ORDER BY u.enrolment_id
        FOR UPDATE OF u`,
    [enrolmentIds],
  )
  const usages = new Map(locked.map((u) => [u.enrolment_id, u]))
  const years = new Map<number, YearSoFar>(
    locked.map((u) => [u.enrolment_id, { deductibleUsedFen: u.deductible_used_fen, paidFen: u.paid_fen, hospitalDaysPaid: u.hospital_days_paid, criticalCodesPaid: u.critical_codes_paid }]),
  )

  // A statement of its own after the lock, so it sees what a concurrent payout committed.
  const paidBefore = await tx.query<PayoutRow>(
    `SELECT ${payoutColumns('x')}
       FROM aid_payout x JOIN unnest($1::text[], $2::text[]) AS k(source, source_ref) ON x.source = k.source AND x.source_ref = k.source_ref`,
    [requests.map((r) => r.source), requests.map((r) => r.sourceRef)],
  )
  const earlier = new Map(paidBefore.map((row) => [keyOf(row.source, row.source_ref), row]))

  const results: (PayoutOutcome | AppError | null)[] = requests.map(() => null)
  const firstInBatch = new Map<string, number>()
  /** [index, index of the first request with the same source and sourceRef] */
  const repeats: [number, number][] = []
  const accepted: NewPayout[] = []
  requests.forEach((request, index) => {
    const key = keyOf(request.source, request.sourceRef)
    const prior = earlier.get(key)
    if (prior) {
      results[index] = prior.enrolment_id === request.enrolmentId ? outcomeOf(prior, true) : new AppError('AID_PAYOUT_CONFLICT')
      return
    }
    const firstIndex = firstInBatch.get(key)
    if (firstIndex !== undefined) {
      repeats.push([index, firstIndex])
      return
    }
    firstInBatch.set(key, index)
    const year = years.get(request.enrolmentId) ?? freshYear
    const decision = decide(request, usages.get(request.enrolmentId), year, index)
    if (decision instanceof AppError) {
      results[index] = decision
      return
    }
    years.set(request.enrolmentId, advanceYear(year, decision, decision.amount))
    accepted.push(decision)
  })

  if (accepted.length > 0) {
    const column = <T>(pick: (p: NewPayout) => T) => accepted.map(pick)
    const inserted = await tx.query<PayoutRow>(
      `INSERT INTO aid_payout (enrolment_id, source, source_ref, amount_fen, deductible_fen, hospital_days, critical_code, computed_fen, override_reason, bill, explanation)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::int[], $9::text[], $10::jsonb[], $11::jsonb[])
       ON CONFLICT (source, source_ref) DO NOTHING
       RETURNING ${payoutColumns('aid_payout')}`,
      [
        column((p) => p.request.enrolmentId),
        column((p) => p.request.source),
        column((p) => p.request.sourceRef),
        column((p) => p.amount),
        column((p) => p.deductibleFen),
        column((p) => p.hospitalDays),
        column((p) => p.criticalCode),
        column((p) => p.computedFen),
        column((p) => p.reason),
        column((p) => JSON.stringify(p.bill)),
        column((p) => JSON.stringify(p.lines)),
      ],
    )
    // Only a payout of the same source for an enrolment outside this batch, inserted since the
    // check, can be missing here; the caller's transaction is then rolled back as a whole.
    if (inserted.length !== accepted.length) throw new AppError('AID_PAYOUT_CONFLICT')
    const written = new Map(inserted.map((row) => [keyOf(row.source, row.source_ref), row]))
    for (const p of accepted) {
      const row = written.get(keyOf(p.request.source, p.request.sourceRef))
      if (row) results[p.index] = outcomeOf(row, false)
    }

    const moved = [...new Set(accepted.map((p) => p.request.enrolmentId))]
    const after = moved.map((id) => years.get(id) ?? freshYear)
    await tx.query(
      `UPDATE aid_year_usage u
          SET deductible_used_fen = v.deductible_used_fen, paid_fen = v.paid_fen, hospital_days_paid = v.hospital_days_paid,
              critical_codes_paid = ARRAY(SELECT jsonb_array_elements_text(v.critical_codes_paid)), updated_at = now()
         FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::jsonb[]) AS v(enrolment_id, deductible_used_fen, paid_fen, hospital_days_paid, critical_codes_paid)
        WHERE u.enrolment_id = v.enrolment_id`,
      [moved, after.map((y) => y.deductibleUsedFen), after.map((y) => y.paidFen), after.map((y) => y.hospitalDaysPaid), after.map((y) => JSON.stringify(y.criticalCodesPaid))],
    )
  }

  // A repeat within the batch gets its first request's answer, as a retry would.
  for (const [index, firstIndex] of repeats) {
    const first = results[firstIndex]
    const sameEnrolment = requests[firstIndex].enrolmentId === requests[index].enrolmentId
    results[index] = first === null || first instanceof AppError ? first : sameEnrolment ? { ...first, replayed: true } : new AppError('AID_PAYOUT_CONFLICT')
  }
  return results.map((result, index) => {
    if (!result) throw new Error(`payout request ${index} was left undecided`)
    return result
  })
}

/** One payout (a claim approval): the outcome, or the refusal thrown. */
export async function applyPayout(tx: Queryable, request: PayoutRequest): Promise<PayoutOutcome> {
  const [result] = await applyPayouts(tx, [request])
  if (result instanceof AppError) throw result
  return result
}
