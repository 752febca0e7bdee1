import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import { resolveSchedule } from './schedule'
import type { Schedule } from './schedule'

const now = dayjs('2026-11-21T10:00:00')
const at = (date: string, time: string) => ({ date, time })
const base: Schedule = { mode: 'now', publishAt: at('2026-11-22', '09:00'), expires: false, expireAt: at('2026-12-22', '18:00') }

describe('resolveSchedule', () => {
  it('publishes now without times', () => {
    expect(resolveSchedule(base, now)).toEqual({ ok: true, publishAt: null, expireAt: null })
  })

  it('sends local times with their UTC offset', () => {
    const result = resolveSchedule({ ...base, mode: 'scheduled', expires: true }, now)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.publishAt).toBe(dayjs('2026-11-22T09:00:00').format())
    expect(result.publishAt).toMatch(/^2026-11-22T09:00:00[+-]\d{2}:\d{2}$/)
    expect(dayjs(result.expireAt).isAfter(dayjs(result.publishAt))).toBe(true)
  })

  it('refuses a schedule in the past and an expiry before publication', () => {
    expect(resolveSchedule({ ...base, mode: 'scheduled', publishAt: at('2026-11-21', '09:59') }, now)).toEqual({
      ok: false,
      message: '定时发布时间必须晚于当前时间',
    })
    expect(resolveSchedule({ ...base, mode: 'scheduled', expires: true, expireAt: at('2026-11-22', '08:00') }, now)).toEqual({
      ok: false,
      message: '过期时间必须晚于发布时间',
    })
    expect(resolveSchedule({ ...base, expires: true, expireAt: at('2026-11-21', '09:00') }, now).ok).toBe(false)
  })
})
