import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isWorkingDay, workingDaysAfter } from './china-holidays'

function walk(first: string, last: string): number {
  let count = 0
  for (let t = Date.parse(first) + 86_400_000; t <= Date.parse(last); t += 86_400_000) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10))) count += 1
  }
  return count
}

const day = fc.integer({ min: Date.parse('2025-06-01'), max: Date.parse('2027-06-30') }).map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10))

describe('workingDaysAfter', () => {
  it('counts what a walk day by day counts, holidays and 调休 Saturdays included', () => {
    fc.assert(fc.property(day, day, (a, b) => {
      const [first, last] = a <= b ? [a, b] : [b, a]
      expect(workingDaysAfter(first, last)).toBe(walk(first, last))
    }), { numRuns: 500 })
  })

  it('skips 国庆 and counts the 调休 Saturday after it', () => {
    // 2026-09-30 (Wed) to 2026-10-10 (Sat, a working day): 10-08, 10-09 and 10-10.
    expect(workingDaysAfter('2026-09-30', '2026-10-10')).toBe(3)
    expect(workingDaysAfter('2026-10-10', '2026-10-10')).toBe(0)
  })
})
