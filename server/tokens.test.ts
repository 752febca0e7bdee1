import { describe, expect, it } from 'vitest'
import { hashIdNumber, signToken, verifyToken } from './tokens'

describe('signed tokens', () => {
  const now = Date.parse('2026-11-21T08:00:00Z')
  const exp = now / 1000 + 60

  it('verifies its own tokens until they expire', () => {
    const token = signToken('secret', 'card', { m: 7, exp })
    expect(verifyToken('secret', 'card', token, now)).toEqual({ ok: true, payload: { m: 7, exp } })
    expect(verifyToken('secret', 'card', token, now + 60_000)).toEqual({ ok: false, reason: 'expired' })
  })

  it('rejects another purpose, another key, and any edited byte', () => {
    const token = signToken('secret', 'card', { m: 7, exp })
    expect(verifyToken('secret', 'session', token, now).ok).toBe(false)
    expect(verifyToken('other', 'card', token, now).ok).toBe(false)
    const [body, sig] = token.split('.')
    const edited = Buffer.from(JSON.stringify({ m: 8, exp })).toString('base64url')
    expect(verifyToken('secret', 'card', `${edited}.${sig}`, now)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyToken('secret', 'card', `${body}.`, now)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyToken('secret', 'card', 'garbage', now)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('hashes ID numbers deterministically per key', () => {
    expect(hashIdNumber('k', '11010519491231002X')).toBe(hashIdNumber('k', '11010519491231002X'))
    expect(hashIdNumber('k', '11010519491231002X')).not.toBe(hashIdNumber('k2', '11010519491231002X'))
  })
})
