import { describe, expect, it } from 'vitest'
import { formatWorkingMinutes, periodRange, shanghaiToday } from './period'

describe('法律服务统计 periods', () => {
  it('reads today on the Shanghai calendar', () => {
    expect(shanghaiToday(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23')
  })

  it('gives each period its first and last day, across year ends', () => {
    expect(periodRange('month', '2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-22' })
    expect(periodRange('lastMonth', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(periodRange('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(periodRange('quarter', '2026-02-10')).toEqual({ from: '2025-12-01', to: '2026-02-10' })
    expect(periodRange('year', '2026-11-22')).toEqual({ from: '2026-01-01', to: '2026-11-22' })
  })

  it('says working minutes in hours and minutes', () => {
    expect(formatWorkingMinutes(45)).toBe('45 分钟')
    expect(formatWorkingMinutes(120)).toBe('2 小时')
    expect(formatWorkingMinutes(125)).toBe('2 小时 5 分钟')
  })
})
