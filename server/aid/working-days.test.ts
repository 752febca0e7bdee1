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

  it('skips public holidays and counts 调休 working weekends', () => {
    // 国庆 2026: 10-01..10-07 off, Saturday 10-10 a working day. Submitted Wednesday 09-30.
    expect(workingDaysBetween(at('2026-09-30'), at('2026-10-07'))).toBe(0)
    expect(workingDaysBetween(at('2026-09-30'), at('2026-10-08'))).toBe(1)
    expect(workingDaysBetween(at('2026-09-30'), at('2026-10-10'))).toBe(3)
    expect(workingDaysBetween(at('2026-09-30'), at('2026-10-12'))).toBe(4)
    // 春节 2026: Saturday 02-14 is a working day, 02-15..02-23 off.
    expect(workingDaysBetween(at('2026-02-13'), at('2026-02-24'))).toBe(2)
  })

  it('never counts backwards', () => {
    expect(workingDaysBetween(at('2026-12-01'), at('2026-11-01'))).toBe(0)
  })
})
