import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planRulesSchema } from '../api/aid-plans'
import type { PlanRules } from '../api/aid-plans'
import { formatBp, formatFen, maxFen, parsePercent, parseYuan } from './money'
import { advanceYear, computePayout, freshYear } from './payout-engine'
import type { YearSoFar } from './payout-engine'

const demoRules: PlanRules = {
  observationDays: 90,
  deductibleFen: 80_000,
  bands: [
    { uptoFen: 5_000_000, ratioBp: 6000 },
    { uptoFen: null, ratioBp: 7000 },
  ],
  perClaimCapFen: 2_000_000,
  yearlyCapFen: 5_000_000,
  hospitalAllowance: { fromDay: 4, perDayFen: 3000, maxDays: 60 },
  criticalIllness: [
    { code: 'CI01', name: '恶性肿瘤', lumpSumFen: 1_000_000 },
    { code: 'CI02', name: '急性心肌梗塞', lumpSumFen: 800_000 },
  ],
}

const codes = ['CI01', 'CI02', 'CI03', 'XX99']

/** Any valid rules: ascending bands ending open, per-claim cap within the yearly cap. */
const rulesArb: fc.Arbitrary<PlanRules> = fc
  .record({
    observationDays: fc.integer({ min: 0, max: 365 }),
    deductibleFen: fc.integer({ min: 0, max: 500_000 }),
    uppers: fc.uniqueArray(fc.integer({ min: 1, max: 20_000_000 }), { maxLength: 4 }),
    ratios: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 5, maxLength: 5 }),
    caps: fc.tuple(fc.integer({ min: 1, max: maxFen }), fc.integer({ min: 1, max: maxFen })),
    allowance: fc.option(fc.record({ fromDay: fc.integer({ min: 1, max: 30 }), perDayFen: fc.integer({ min: 1, max: 100_000 }), maxDays: fc.integer({ min: 1, max: 366 }) })),
    lumpSums: fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 3, maxLength: 3 }),
  })
  .map((r) => {
    const uppers = [...r.uppers].sort((a, b) => a - b)
    return {
      observationDays: r.observationDays,
      deductibleFen: r.deductibleFen,
      bands: [...uppers.map((uptoFen, i) => ({ uptoFen, ratioBp: r.ratios[i] })), { uptoFen: null, ratioBp: r.ratios[4] }],
      perClaimCapFen: Math.min(...r.caps),
      yearlyCapFen: Math.max(...r.caps),
      hospitalAllowance: r.allowance,
      criticalIllness: r.lumpSums.map((lumpSumFen, i) => ({ code: codes[i], name: `重大疾病${i + 1}`, lumpSumFen })),
    }
  })

const billArb = fc.record({
  eligibleFen: fc.integer({ min: 0, max: maxFen }),
  hospitalDays: fc.integer({ min: 0, max: 366 }),
  criticalIllnessCode: fc.option(fc.constantFrom(...codes)),
})

/** A year so far consistent with the rules: nothing past the caps. */
function yearArb(rules: PlanRules): fc.Arbitrary<YearSoFar> {
  return fc.record({
    deductibleUsedFen: fc.integer({ min: 0, max: rules.deductibleFen }),
    paidFen: fc.integer({ min: 0, max: rules.yearlyCapFen }),
    hospitalDaysPaid: fc.integer({ min: 0, max: rules.hospitalAllowance?.maxDays ?? 0 }),
    criticalCodesPaid: fc.subarray(codes.slice(0, 3)),
  })
}

const caseArb = rulesArb.chain((rules) => fc.tuple(fc.constant(rules), billArb, yearArb(rules)))

describe('payout engine', () => {
  it('explains the worked example in one line', () => {
    const result = computePayout(demoRules, { eligibleFen: 1_200_000 }, { ...freshYear, paidFen: 4_500_000 })
    expect(result.payoutFen).toBe(500_000)
    expect(result.lines).toEqual(['可报销金额 12,000.00 − 起付线 800.00 = 11,200.00 × 60% = 6,720.00，本年度剩余额度 5,000.00 → 5,000.00'])
  })

  it('cuts the amount into bands, floors each product to the fen, and adds allowance and lump sum before the caps', () => {
    const rules: PlanRules = { ...demoRules, bands: [{ uptoFen: 10_001, ratioBp: 3333 }, { uptoFen: null, ratioBp: 6667 }], perClaimCapFen: 5_000_000 }
    const result = computePayout(rules, { eligibleFen: 100_004, hospitalDays: 5, criticalIllnessCode: 'ci02' }, freshYear)
    // 100,004 − 80,000 = 20,004: 10,001 × 33.33% = 3,333.33 → 3,333; 10,003 × 66.67% = 6,669.0001 → 6,669.
    // Allowance days 4 and 5: 2 × 30.00. Lump sum 8,000.00. Capped by the bill itself.
    expect(result.lines).toEqual([
      '可报销金额 1,000.04 − 起付线 800.00 = 200.04',
      '100.01 以内部分 100.01 × 33.33% = 33.33',
      '超过 100.01 部分 100.03 × 66.67% = 66.69',
      '按比例报销合计 100.02',
      '住院 5 天，住院补助自第 4 天起每天 30.00：2 天 × 30.00 = 60.00',
      '重大疾病「急性心肌梗塞」一次性给付 8,000.00',
      '合计 8,160.02，不超过可报销金额 1,000.04 → 1,000.04',
    ])
    expect(result).toMatchObject({ payoutFen: 100_004, deductibleFen: 80_000, hospitalDays: 2, criticalCode: 'CI02' })
  })

  it('says why a lump sum or an allowance is not paid', () => {
    const year = { ...freshYear, hospitalDaysPaid: 58, criticalCodesPaid: ['CI01'] }
    const result = computePayout(demoRules, { eligibleFen: 5_000_000, hospitalDays: 20, criticalIllnessCode: 'CI01' }, year)
    expect(result.lines).toContain('住院 20 天，住院补助自第 4 天起每天 30.00（本年度补助天数剩余 2 天）：2 天 × 30.00 = 60.00')
    expect(result.lines).toContain('重大疾病「恶性肿瘤」本年度已给付过，不再给付')
    expect(computePayout(demoRules, { eligibleFen: 0, criticalIllnessCode: 'ZZ1' }, freshYear).lines).toContain('疾病代码 ZZ1 不在本计划的重大疾病目录内，无一次性给付')
  })

  it('generates only rules the plan form accepts', () => {
    fc.assert(fc.property(rulesArb, (rules) => planRulesSchema.safeParse(rules).success))
  })

  it('never pays above the per-claim cap, the yearly cap left, or the eligible amount, and pays whole fen', () => {
    fc.assert(
      fc.property(caseArb, ([rules, bill, year]) => {
        const { payoutFen } = computePayout(rules, bill, year)
        expect(Number.isSafeInteger(payoutFen)).toBe(true)
        expect(payoutFen).toBeGreaterThanOrEqual(0)
        expect(payoutFen).toBeLessThanOrEqual(rules.perClaimCapFen)
        expect(payoutFen).toBeLessThanOrEqual(rules.yearlyCapFen - year.paidFen)
        expect(payoutFen).toBeLessThanOrEqual(bill.eligibleFen)
      }),
      { numRuns: 2000 },
    )
  })

  it('never pays less when the bill grows', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: maxFen }), fc.integer({ min: 0, max: 366 }), ([rules, bill, year], moreFen, moreDays) => {
        const bigger = { ...bill, eligibleFen: Math.min(maxFen, bill.eligibleFen + moreFen), hospitalDays: Math.min(366, bill.hospitalDays + moreDays) }
        expect(computePayout(rules, bigger, year).payoutFen).toBeGreaterThanOrEqual(computePayout(rules, bill, year).payoutFen)
      }),
      { numRuns: 2000 },
    )
  })

  it('takes the deductible once a year, however the bills are split', () => {
    fc.assert(
      fc.property(rulesArb, fc.array(billArb, { minLength: 1, maxLength: 8 }), (rules, bills) => {
        let year: YearSoFar = freshYear
        let deducted = 0
        for (const bill of bills) {
          const result = computePayout(rules, bill, year)
          deducted += result.deductibleFen
          year = advanceYear(year, result, result.payoutFen)
        }
        const eligible = bills.reduce((sum, b) => sum + b.eligibleFen, 0)
        expect(deducted).toBe(Math.min(rules.deductibleFen, eligible))
        expect(year.deductibleUsedFen).toBe(deducted)
      }),
      { numRuns: 1000 },
    )
  })

  it('lets settled and manual payouts share one yearly cap, in any order', () => {
    const sourceBill = billArb.map((bill) => ({ ...bill, source: 'settlement' as const })).chain((b) => fc.constantFrom(b, { ...b, source: 'claim' as const }))
    fc.assert(
      fc.property(rulesArb, fc.array(sourceBill, { minLength: 1, maxLength: 12 }), (rules, bills) => {
        let year: YearSoFar = freshYear
        const paid = { settlement: 0, claim: 0 }
        for (const { source, ...bill } of bills) {
          const result = computePayout(rules, bill, year)
          paid[source] += result.payoutFen
          year = advanceYear(year, result, result.payoutFen)
          expect(result.criticalCode === null || year.criticalCodesPaid.filter((c) => c === result.criticalCode).length === 1).toBe(true)
        }
        expect(paid.settlement + paid.claim).toBe(year.paidFen)
        expect(year.paidFen).toBeLessThanOrEqual(rules.yearlyCapFen)
        expect(year.hospitalDaysPaid).toBeLessThanOrEqual(rules.hospitalAllowance?.maxDays ?? 0)
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses amounts that are not whole fen in range: the caller validates, the engine never guesses', () => {
    expect(() => computePayout(demoRules, { eligibleFen: 100.5 }, freshYear)).toThrow(RangeError)
    expect(() => computePayout(demoRules, { eligibleFen: -1 }, freshYear)).toThrow(RangeError)
    expect(() => computePayout(demoRules, { eligibleFen: maxFen + 1 }, freshYear)).toThrow(RangeError)
  })
})

describe('money text', () => {
  it('formats fen and basis points without floats', () => {
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(123_456_789)).toBe('1,234,567.89')
    expect(formatFen(-80_000)).toBe('−800.00')
    expect(formatBp(6000)).toBe('60%')
    expect(formatBp(6050)).toBe('60.5%')
    expect(formatBp(5)).toBe('0.05%')
  })

  it('parses what it formats', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: maxFen }), (fen) => parseYuan(formatFen(fen)) === fen))
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => parsePercent(formatBp(bp)) === bp))
    expect(parseYuan('12.345')).toBeNull()
    expect(parseYuan('-1')).toBeNull()
    expect(parseYuan('1e5')).toBeNull()
    expect(parsePercent('100.01')).toBeNull()
  })
})
