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

  it('accepts only the canonical base64url spelling of either part', () => {
    // m: 77 makes a body whose standard spelling needs padding.
    const token = signToken('secret', 'card', { m: 77, exp })
    const [body, sig] = token.split('.')
    // A 32-byte signature leaves 2 spare bits in its last character; flipping one keeps the bytes.
    const last = sig.at(-1) ?? ''
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sparedBits = alphabet[alphabet.indexOf(last) ^ 1]
    const standard = (text: string) => Buffer.from(text, 'base64url').toString('base64')
    const variants = [
      `${body}.${sig}=`,
      `${body}.${sig}==`,
      `${body}==.${sig}`,
      `${body}.${sig.slice(0, -1)}${sparedBits}`,
      `${body}.${standard(sig)}`,
      `${standard(body)}.${sig}`,
      `${body}.${sig} `,
      ` ${body}.${sig}`,
      `${body}.${sig.slice(0, 10)}\n${sig.slice(10)}`,
    ]
    expect(Buffer.from(`${sig.slice(0, -1)}${sparedBits}`, 'base64url')).toEqual(Buffer.from(sig, 'base64url'))
    expect(standard(sig)).not.toBe(sig)
    expect(standard(body)).not.toBe(body)
    for (const variant of variants) expect(verifyToken('secret', 'card', variant, now), variant).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyToken('secret', 'card', token, now).ok).toBe(true)
  })

  it('hashes ID numbers deterministically per key', () => {
    expect(hashIdNumber('k', '11010519491231002X')).toBe(hashIdNumber('k', '11010519491231002X'))
    expect(hashIdNumber('k', '11010519491231002X')).not.toBe(hashIdNumber('k2', '11010519491231002X'))
  })
})
