import { describe, expect, it } from 'vitest'
import { calendarCovers, isWorkingDay } from './china-holidays'
import { addWorkingMinutes, workingMinutesBetween } from './working-time'

/** The default policy: 08:30–17:30 Shanghai. */
const hours = { startMinute: 510, endMinute: 1050 }
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`)

describe('isWorkingDay', () => {
  it('follows the 2026 notice: holidays off, 调休 weekends on, other weekends off', () => {
    expect(isWorkingDay('2026-10-01')).toBe(false)
    expect(isWorkingDay('2026-10-07')).toBe(false)
    expect(isWorkingDay('2026-10-08')).toBe(true)
    expect(isWorkingDay('2026-10-10')).toBe(true) // Saturday, 调休
    expect(isWorkingDay('2026-02-14')).toBe(true) // Saturday before 春节
    expect(isWorkingDay('2026-02-16')).toBe(false) // Monday in 春节
    expect(isWorkingDay('2026-11-21')).toBe(false) // a plain Saturday
    expect(isWorkingDay('2026-11-23')).toBe(true)
  })

  it('says which years it covers', () => {
    expect(calendarCovers(2026)).toBe(true)
    expect(calendarCovers(2027)).toBe(false)
  })
})

describe('addWorkingMinutes', () => {
  it('adds within one working day', () => {
    expect(addWorkingMinutes(at('2026-11-23', '09:00'), 120, hours)).toEqual(at('2026-11-23', '11:00'))
  })

  it('starts counting at the start of the working day when asked at night or before hours', () => {
    expect(addWorkingMinutes(at('2026-11-23', '06:15'), 120, hours)).toEqual(at('2026-11-23', '10:30'))
    expect(addWorkingMinutes(at('2026-11-23', '22:00'), 120, hours)).toEqual(at('2026-11-24', '10:30'))
  })

  it('carries over the night into the next working day', () => {
    expect(addWorkingMinutes(at('2026-11-23', '16:30'), 120, hours)).toEqual(at('2026-11-24', '09:30'))
  })

  it('skips the weekend', () => {
    // Friday 17:00 + 2 h: 30 min on Friday, 90 on Monday.
    expect(addWorkingMinutes(at('2026-11-20', '17:00'), 120, hours)).toEqual(at('2026-11-23', '10:00'))
  })

  it('skips public holidays: asked 2026-09-30 16:00, due on 2026-10-08', () => {
    expect(addWorkingMinutes(at('2026-09-30', '16:00'), 120, hours)).toEqual(at('2026-10-08', '09:00'))
  })

  it('counts 调休 Saturdays as working days', () => {
    // Friday 2026-10-09 17:00 + 2 h: 30 min Friday, then Saturday 10-10 is a working day.
    expect(addWorkingMinutes(at('2026-10-09', '17:00'), 120, hours)).toEqual(at('2026-10-10', '10:00'))
  })

  it('crosses the whole 春节 break', () => {
    // Saturday 2026-02-14 (调休) 17:00 + 60 min: 30 that day, then nothing until Tuesday 02-24.
    expect(addWorkingMinutes(at('2026-02-14', '17:00'), 60, hours)).toEqual(at('2026-02-24', '09:00'))
  })

  it('follows the policy hours', () => {
    const short = { startMinute: 540, endMinute: 720 } // 09:00–12:00
    expect(addWorkingMinutes(at('2026-11-23', '11:00'), 120, short)).toEqual(at('2026-11-24', '10:00'))
  })

  it('returns the start itself for zero minutes', () => {
    const from = at('2026-11-21', '03:00')
    expect(addWorkingMinutes(from, 0, hours)).toBe(from)
  })
})

describe('workingMinutesBetween', () => {
  it('counts only working hours of working days', () => {
    expect(workingMinutesBetween(at('2026-11-23', '09:00'), at('2026-11-23', '11:00'), hours)).toBe(120)
    expect(workingMinutesBetween(at('2026-11-23', '16:30'), at('2026-11-24', '09:30'), hours)).toBe(120)
    expect(workingMinutesBetween(at('2026-11-20', '17:00'), at('2026-11-23', '10:00'), hours)).toBe(120)
    expect(workingMinutesBetween(at('2026-09-30', '16:00'), at('2026-10-08', '09:00'), hours)).toBe(120)
    expect(workingMinutesBetween(at('2026-10-09', '17:00'), at('2026-10-10', '10:00'), hours)).toBe(120)
  })

  it('is zero over nights, weekends and holidays alone, and backwards', () => {
    expect(workingMinutesBetween(at('2026-11-23', '18:00'), at('2026-11-24', '08:00'), hours)).toBe(0)
    expect(workingMinutesBetween(at('2026-11-21', '09:00'), at('2026-11-22', '17:00'), hours)).toBe(0)
    expect(workingMinutesBetween(at('2026-10-01', '09:00'), at('2026-10-07', '17:00'), hours)).toBe(0)
    expect(workingMinutesBetween(at('2026-11-24', '09:00'), at('2026-11-23', '09:00'), hours)).toBe(0)
  })

  it('is the inverse of addWorkingMinutes', () => {
    const starts = [at('2026-09-30', '16:00'), at('2026-02-13', '12:34'), at('2026-11-20', '23:59'), at('2026-05-08', '08:00')]
    for (const from of starts) {
      for (const minutes of [15, 120, 540, 2000]) {
        expect(workingMinutesBetween(from, addWorkingMinutes(from, minutes, hours), hours)).toBe(minutes)
      }
    }
  })
})
