import { billSchema } from '../../src/shared/api/aid-plans'
import type { Bill, PlanRules } from '../../src/shared/api/aid-plans'
import { formatFen } from '../../src/shared/aid/money'
import { advanceYear, computePayout } from '../../src/shared/aid/payout-engine'
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

async function findPayout(tx: Queryable, source: PayoutSource, sourceRef: string): Promise<PayoutRow | null> {
  const [row] = await tx.query<PayoutRow>(
    'SELECT id, enrolment_id, amount_fen, computed_fen, deductible_fen, explanation FROM aid_payout WHERE source = $1 AND source_ref = $2',
    [source, sourceRef],
  )
  return row ?? null
}

/**
 * THE money function of 医疗互助: the only writer of aid_payout and aid_year_usage. Call it inside
 * the caller's transaction (settlement import, claim approval). It locks the enrolment's yearly
 * counters, so payouts against one enrolment queue up and each sees the year as the previous one
 * left it; the engine then never lets the year pass its cap. A second call with the same source
 * and sourceRef returns the first answer and counts nothing.
 */
export async function applyPayout(tx: Queryable, request: PayoutRequest): Promise<PayoutOutcome> {
  const parsedBill = billSchema.safeParse(request.bill)
  if (!parsedBill.success) throw new AppError('VALIDATION_FAILED', `账单有误：${parsedBill.error.issues[0].message}`)
  const bill = parsedBill.data
  const [usage] = await tx.query<LockedUsage>(
    `SELECT u.enrolment_id, e.status, p.rules, u.deductible_used_fen, u.paid_fen, u.hospital_days_paid, u.critical_codes_paid
       FROM aid_year_usage u JOIN aid_enrolment e ON e.id = u.enrolment_id JOIN aid_plan p ON p.id = e.plan_id
      WHERE u.enrolment_id = $1
        FOR UPDATE OF u`,
    [request.enrolmentId],
  )
  if (!usage) throw new AppError('NOT_FOUND', '参保记录不存在')

  // Under the lock: a concurrent call with the same source has committed or not started.
  const existing = await findPayout(tx, request.source, request.sourceRef)
  if (existing) {
    if (existing.enrolment_id !== request.enrolmentId) throw new AppError('AID_PAYOUT_CONFLICT')
    return outcomeOf(existing, true)
  }
  if (usage.status !== 'active') throw new AppError('AID_NOT_COVERED', '该参保记录未生效或已取消，不能支付互助金')

  const year: YearSoFar = {
    deductibleUsedFen: usage.deductible_used_fen,
    paidFen: usage.paid_fen,
    hospitalDaysPaid: usage.hospital_days_paid,
    criticalCodesPaid: usage.critical_codes_paid,
  }
  const computed = computePayout(usage.rules, bill, year)
  let amount = computed.payoutFen
  const lines = [...computed.lines]
  const reason = request.reason?.trim() || null
  if (request.overrideFen !== undefined && request.overrideFen !== computed.payoutFen) {
    const override = request.overrideFen
    if (!Number.isSafeInteger(override) || override < 0) throw new AppError('VALIDATION_FAILED', '核定金额须为不小于 0 的整数（分）')
    if (!reason) throw new AppError('AID_OVERRIDE_REASON_REQUIRED')
    // An override decides within the plan's caps, never beyond them.
    const ceiling = Math.min(bill.eligibleFen, usage.rules.perClaimCapFen, computed.yearLeftFen)
    if (override > ceiling) {
      throw new AppError('AID_OVERRIDE_TOO_HIGH', `核定金额不能超过 ${formatFen(ceiling)} 元（可报销金额、单次封顶与本年度剩余额度中的最低者）`)
    }
    amount = override
    lines.push(`核定金额 ${formatFen(override)}（原因：${reason}）`)
  }

  const [inserted] = await tx.query<PayoutRow>(
    `INSERT INTO aid_payout (enrolment_id, source, source_ref, amount_fen, deductible_fen, hospital_days, critical_code, computed_fen, override_reason, bill, explanation)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (source, source_ref) DO NOTHING
     RETURNING id, enrolment_id, amount_fen, computed_fen, deductible_fen, explanation`,
    [
      request.enrolmentId,
      request.source,
      request.sourceRef,
      amount,
      computed.deductibleFen,
      computed.hospitalDays,
      computed.criticalCode,
      computed.payoutFen,
      amount === computed.payoutFen ? null : reason,
      JSON.stringify(bill),
      JSON.stringify(lines),
    ],
  )
  if (!inserted) {
    // Only a payout of the same source for another enrolment, inserted since the check, lands here.
    throw new AppError('AID_PAYOUT_CONFLICT')
  }

  const next = advanceYear(year, computed, amount)
  await tx.query(
    `UPDATE aid_year_usage
        SET deductible_used_fen = $2, paid_fen = $3, hospital_days_paid = $4, critical_codes_paid = $5, updated_at = now()
      WHERE enrolment_id = $1`,
    [request.enrolmentId, next.deductibleUsedFen, next.paidFen, next.hospitalDaysPaid, next.criticalCodesPaid],
  )
  return outcomeOf(inserted, false)
}
