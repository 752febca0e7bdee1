/**
 * THE rule engine of 医疗互助: one pure function from a plan's rules, a bill and the member's
 * year so far to a payout and its explanation. The member's estimate, the reviewer's figure and
 * the settlement check all call it; only applyPayout (server/aid/payout.ts) turns its answer into
 * money, under a lock on the year's counters.
 *
 * Rounding, stated once: every multiplication by a ratio rounds down to the fen (floor), band by
 * band; the caps are applied after, in this order: the eligible amount (a payout never exceeds the
 * bill), the per-claim cap, what is left of the yearly cap. All arithmetic is on integers.
 */
import type { Bill, PlanRules } from '../api/aid-plans'
import { formatBp, formatFen, maxFen } from './money'

/** The member's coverage year before this bill: the counters in aid_year_usage. */
export interface YearSoFar {
  deductibleUsedFen: number
  paidFen: number
  hospitalDaysPaid: number
  criticalCodesPaid: readonly string[]
}

export const freshYear: YearSoFar = { deductibleUsedFen: 0, paidFen: 0, hospitalDaysPaid: 0, criticalCodesPaid: [] }

export interface PayoutComputation {
  payoutFen: number
  /** The part of the yearly deductible this bill uses up. */
  deductibleFen: number
  /** Hospital days paid by this bill, counted against the allowance's yearly days. */
  hospitalDays: number
  /** The critical illness this bill pays the lump sum for, as the plan spells its code. */
  criticalCode: string | null
  /** The yearly cap left before this bill. */
  yearLeftFen: number
  lines: string[]
}

/** floor(fen × bp / 10000) without leaving integers: both factors are bounded, so the product is exact. */
function applyRatio(fen: number, bp: number): number {
  const product = fen * bp
  return (product - (product % 10_000)) / 10_000
}

function requireFen(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > maxFen) throw new RangeError(`${what} must be whole fen in 0..${maxFen}: ${value}`)
}

interface Portion {
  label: string
  fen: number
  ratioBp: number
}

/** The amount above the deductible, cut into the plan's bands (each band is a slice of this amount). */
function portionsOf(rules: PlanRules, base: number): Portion[] {
  const portions: Portion[] = []
  let lower = 0
  for (const band of rules.bands) {
    const upper = band.uptoFen ?? Number.POSITIVE_INFINITY
    const fen = Math.max(0, Math.min(base, upper) - lower)
    if (fen > 0) {
      const label =
        band.uptoFen === null ? `超过 ${formatFen(lower)} 部分` : lower === 0 ? `${formatFen(band.uptoFen)} 以内部分` : `${formatFen(lower)}–${formatFen(band.uptoFen)} 部分`
      portions.push({ label, fen, ratioBp: band.ratioBp })
    }
    if (band.uptoFen === null || base <= band.uptoFen) break
    lower = band.uptoFen
  }
  return portions
}

export function computePayout(rules: PlanRules, bill: Bill, year: YearSoFar): PayoutComputation {
  const eligible = bill.eligibleFen
  const days = bill.hospitalDays ?? 0
  requireFen(eligible, 'eligibleFen')
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`hospitalDays must be a whole number of days: ${days}`)

  const lines: string[] = []
  const parts: number[] = []

  // The deductible: what is left of this year's, taken from this bill first.
  const deductibleLeft = Math.max(0, rules.deductibleFen - year.deductibleUsedFen)
  const deductible = Math.min(eligible, deductibleLeft)
  const base = eligible - deductible
  let text: string
  if (rules.deductibleFen === 0) text = `可报销金额 ${formatFen(eligible)}`
  else if (deductibleLeft === 0) text = `可报销金额 ${formatFen(eligible)}（本年度起付线 ${formatFen(rules.deductibleFen)} 已扣完）`
  else {
    const label = deductibleLeft < rules.deductibleFen ? '本年度剩余起付线' : '起付线'
    text = `可报销金额 ${formatFen(eligible)} − ${label} ${formatFen(deductibleLeft)}`
    text += deductible < deductibleLeft ? ` → 扣除 ${formatFen(deductible)} = ${formatFen(base)}` : ` = ${formatFen(base)}`
  }

  // Ratios by band, each product floored to the fen.
  const portions = portionsOf(rules, base)
  const reimbursed = portions.reduce((sum, p) => sum + applyRatio(p.fen, p.ratioBp), 0)
  if (portions.length === 1) text += ` × ${formatBp(portions[0].ratioBp)} = ${formatFen(reimbursed)}`
  else if (portions.length > 1) {
    lines.push(text)
    for (const p of portions) lines.push(`${p.label} ${formatFen(p.fen)} × ${formatBp(p.ratioBp)} = ${formatFen(applyRatio(p.fen, p.ratioBp))}`)
    text = `按比例报销合计 ${formatFen(reimbursed)}`
  }
  parts.push(reimbursed)

  // The hospital allowance: days from fromDay on, within the days left this year.
  let paidDays = 0
  const allowance = rules.hospitalAllowance
  if (allowance && days > 0) {
    const payable = Math.max(0, days - allowance.fromDay + 1)
    const daysLeft = Math.max(0, allowance.maxDays - year.hospitalDaysPaid)
    paidDays = Math.min(payable, daysLeft)
    const amount = paidDays * allowance.perDayFen
    lines.push(text)
    let line = `住院 ${days} 天，住院补助自第 ${allowance.fromDay} 天起每天 ${formatFen(allowance.perDayFen)}`
    if (payable === 0) line += '：未达到补助天数，补助 0.00'
    else {
      if (paidDays < payable) line += `（本年度补助天数剩余 ${daysLeft} 天）`
      line += `：${paidDays} 天 × ${formatFen(allowance.perDayFen)} = ${formatFen(amount)}`
    }
    text = line
    parts.push(amount)
  }

  // A listed critical illness: its lump sum once a year.
  let criticalCode: string | null = null
  if (bill.criticalIllnessCode) {
    const wanted = bill.criticalIllnessCode.toUpperCase()
    const illness = rules.criticalIllness.find((c) => c.code.toUpperCase() === wanted)
    const paidBefore = year.criticalCodesPaid.some((code) => code.toUpperCase() === wanted)
    lines.push(text)
    if (!illness) text = `疾病代码 ${bill.criticalIllnessCode} 不在本计划的重大疾病目录内，无一次性给付`
    else if (paidBefore) text = `重大疾病「${illness.name}」本年度已给付过，不再给付`
    else {
      criticalCode = illness.code
      text = `重大疾病「${illness.name}」一次性给付 ${formatFen(illness.lumpSumFen)}`
      parts.push(illness.lumpSumFen)
    }
  }

  const total = parts.reduce((sum, fen) => sum + fen, 0)
  if (parts.length > 1) {
    lines.push(text)
    text = `合计 ${formatFen(total)}`
  }

  // The caps, after all rounding.
  const yearLeft = Math.max(0, rules.yearlyCapFen - year.paidFen)
  let payout = total
  if (payout > eligible) {
    payout = eligible
    text += `，不超过可报销金额 ${formatFen(eligible)} → ${formatFen(payout)}`
  }
  if (payout > rules.perClaimCapFen) {
    payout = rules.perClaimCapFen
    text += `，单次封顶 ${formatFen(rules.perClaimCapFen)} → ${formatFen(payout)}`
  }
  if (payout > yearLeft) {
    payout = yearLeft
    text += `，本年度剩余额度 ${formatFen(yearLeft)} → ${formatFen(payout)}`
  }
  lines.push(text)

  return { payoutFen: payout, deductibleFen: deductible, hospitalDays: paidDays, criticalCode, yearLeftFen: yearLeft, lines }
}

/** The counters after a payout: what applyPayout writes back under the lock. */
export function advanceYear(year: YearSoFar, computed: Pick<PayoutComputation, 'deductibleFen' | 'hospitalDays' | 'criticalCode'>, paidFen: number): YearSoFar {
  return {
    deductibleUsedFen: year.deductibleUsedFen + computed.deductibleFen,
    paidFen: year.paidFen + paidFen,
    hospitalDaysPaid: year.hospitalDaysPaid + computed.hospitalDays,
    criticalCodesPaid: computed.criticalCode ? [...year.criticalCodesPaid, computed.criticalCode] : year.criticalCodesPaid,
  }
}
