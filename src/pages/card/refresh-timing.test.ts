import { describe, expect, it } from 'vitest'
import { refreshDelayMs } from './refresh-timing'

describe('refreshDelayMs', () => {
  const now = Date.parse('2026-11-21T10:00:00Z')

  it('refreshes ten seconds before the token lapses', () => {
    expect(refreshDelayMs('2026-11-21T10:01:30Z', now)).toBe(80_000)
  })

  it('falls back to 50 s when the phone clock disagrees with the server', () => {
    expect(refreshDelayMs('2026-11-21T09:55:00Z', now)).toBe(50_000)
    expect(refreshDelayMs('2026-11-21T11:00:00Z', now)).toBe(50_000)
    expect(refreshDelayMs('not a time', now)).toBe(50_000)
  })
})
