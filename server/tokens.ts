import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Compact signed tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256).
 * `purpose` is mixed into the key so a card token can never pass as a session token.
 */
const purposeKeys = new Map<string, Buffer>()

function signature(secret: string, purpose: string, body: string): Buffer {
  const cacheKey = `${purpose}\u0000${secret}`
  let key = purposeKeys.get(cacheKey)
  if (!key) {
    key = createHmac('sha256', secret).update(purpose).digest()
    purposeKeys.set(cacheKey, key)
  }
  return createHmac('sha256', key).update(body).digest()
}

/** A bare signature of `text` (base64url), for signed URLs whose fields travel in the query string. */
export function signText(secret: string, purpose: string, text: string): string {
  return signature(secret, purpose, text).toString('base64url')
}

/** Compares a signature from a URL with the one `text` should have, in constant time. */
export function verifySignedText(secret: string, purpose: string, text: string, given: string): boolean {
  const bytes = canonicalBase64url(given)
  const expected = signature(secret, purpose, text)
  return bytes !== null && bytes.length === expected.length && timingSafeEqual(bytes, expected)
}

export function signToken(secret: string, purpose: string, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${body}.${signature(secret, purpose, body).toString('base64url')}`
}

/**
 * Node decodes base64url leniently: padding, standard-alphabet characters and nonzero spare
 * bits are all accepted, so one token would have many spellings. Only the spelling Node itself
 * produces is taken, which makes a token's text as unique as its bytes.
 */
function canonicalBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null
  const bytes = Buffer.from(text, 'base64url')
  return bytes.toString('base64url') === text ? bytes : null
}

export type VerifyResult<T> = { ok: true; payload: T } | { ok: false; reason: 'invalid' | 'expired' }

/** Payloads carry `exp` in epoch seconds. */
export function verifyToken<T extends { exp: number }>(
  secret: string,
  purpose: string,
  token: string,
  nowMs = Date.now(),
): VerifyResult<T> {
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'invalid' }
  const bodyBytes = canonicalBase64url(body)
  const given = canonicalBase64url(sig)
  if (!bodyBytes || !given) return { ok: false, reason: 'invalid' }
  const expected = signature(secret, purpose, body)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  let payload: T
  try {
    payload = JSON.parse(bodyBytes.toString('utf8'))
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (typeof payload?.exp !== 'number') return { ok: false, reason: 'invalid' }
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' }
  return { ok: true, payload }
}

/** Keyed hash for ID numbers: equal numbers collide on purpose, the number cannot be recovered. */
export function hashIdNumber(key: string, idNumber: string): string {
  return createHmac('sha256', key).update(`id-number:${idNumber}`).digest('hex')
}
