import { describe, expect, it } from 'vitest'
import { wayForward } from './way-forward'

describe('wayForward', () => {
  it('sends a non-member to join and a lost session to login, where the build has a login page', () => {
    expect(wayForward('NOT_MEMBER', true)).toBe('join')
    expect(wayForward('NOT_MEMBER', false)).toBe('join')
    expect(wayForward('UNAUTHENTICATED', true)).toBe('login')
    expect(wayForward('SESSION_EXPIRED', true)).toBe('login')
    expect(wayForward('SESSION_EXPIRED', false)).toBe('retry')
  })

  it('offers only 返回首页 where a retry cannot help', () => {
    for (const code of ['NOT_FOUND', 'FORBIDDEN', 'OUT_OF_SCOPE', 'ITEM_OFF_SHELF', 'VALIDATION_FAILED'] as const) {
      expect(wayForward(code, true), code).toBe('home')
    }
  })

  it('offers 重试 for passing faults and for anything it does not know', () => {
    for (const code of ['NETWORK', 'CLOUD', 'DB_UNAVAILABLE', 'INTERNAL', undefined] as const) {
      expect(wayForward(code, true), String(code)).toBe('retry')
    }
  })
})
