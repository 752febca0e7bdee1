import { describe, expect, it } from 'vitest'
import { workingDaysBetween } from './working-days'

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`)

describe('workingDaysBetween', () => {
  it('counts Monday to Friday after the day of submission', () => {
    // 2026-11-20 is a Friday.
    expect(workingDaysBetween(at('2026-11-20'), at('2026-11-20', '23:00'))).toBe(0)
    expect(workingDaysBetween(at('2026-11-20'), at('2026-11-22'))).toBe(0)
    expect(workingDaysBetween(at('2026-11-20'), at('2026-11-23'))).toBe(1)
    expect(workingDaysBetween(at('2026-11-20'), at('2026-12-04'))).toBe(10)
    expect(workingDaysBetween(at('2026-11-20'), at('2026-12-07'))).toBe(11)
  })

  it('uses the Shanghai calendar day, not UTC', () => {
    // 23:30 on Monday in Shanghai is still Monday; 00:30 Tuesday is the next working day.
    expect(workingDaysBetween(at('2026-11-23', '23:30'), at('2026-11-24', '00:30'))).toBe(1)
  })

  it('never counts backwards', () => {
    expect(workingDaysBetween(at('2026-12-01'), at('2026-11-01'))).toBe(0)
  })
})
