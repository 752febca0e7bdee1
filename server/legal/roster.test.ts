import { describe, expect, it } from 'vitest'
import { rosterClock } from './roster'

describe('rosterClock', () => {
  it('reads the ISO weekday and minute of the day in Shanghai, whatever the UTC date', () => {
    // Sunday 23:59 in Shanghai is still Sunday 15:59 UTC; Monday 00:00 in Shanghai is Sunday 16:00 UTC.
    expect(rosterClock(new Date('2026-11-22T15:59:00Z'))).toEqual({ weekday: 7, minute: 1439 })
    expect(rosterClock(new Date('2026-11-22T16:00:00Z'))).toEqual({ weekday: 1, minute: 0 })
    expect(rosterClock(new Date('2026-11-23T00:30:59Z'))).toEqual({ weekday: 1, minute: 510 })
    expect(rosterClock(new Date('2026-11-28T09:30:00Z'))).toEqual({ weekday: 6, minute: 1050 })
  })
})
