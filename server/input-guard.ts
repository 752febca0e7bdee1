import { AppError } from './errors'

export const maxInputBytes = 64 * 1024
/** Far deeper than any schema (the deepest is 3 levels), far shallower than any recursion limit. */
export const maxInputDepth = 32

/**
 * Characters no field may hold: C0 controls except tab, newline and carriage return (NUL is
 * refused by PostgreSQL outright), DEL and C1, bidi embeddings, overrides and isolates (they
 * make text read differently from how it is stored), and lone surrogates (not encodable).
 */
const forbiddenCharacters =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function hasForbiddenCharacters(text: string): boolean {
  return forbiddenCharacters.test(text)
}

function fieldName(path: readonly (string | number)[]): string {
  return path.length ? `（${path.join('.')}）` : ''
}

function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text))
}

/**
 * One iterative walk over an action's input, before anything recursive (JSON.stringify, zod)
 * or any handler touches it: depth, forbidden characters in keys and strings, and the size as
 * JSON. The cloud path hands dispatch an object, so the size is counted here for both
 * transports rather than taken from the HTTP body.
 */
export function guardInput(input: unknown): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: input, path: [] }]
  let bytes = 0
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] }
    if (typeof value === 'string') {
      if (hasForbiddenCharacters(value)) throw new AppError('VALIDATION_FAILED', `内容含有不允许的控制字符${fieldName(path)}`)
      bytes += jsonBytes(value)
    } else if (typeof value === 'object' && value !== null) {
      if (path.length >= maxInputDepth) throw new AppError('BAD_REQUEST', '请求内容嵌套层级过深')
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
      bytes += 2 + Math.max(0, entries.length - 1)
      for (const [key, child] of entries) {
        if (typeof key === 'string') {
          if (hasForbiddenCharacters(key)) throw new AppError('VALIDATION_FAILED', `字段名含有不允许的控制字符${fieldName(path)}`)
          bytes += jsonBytes(key) + 1
        }
        stack.push({ value: child, path: [...path, key] })
      }
    } else {
      bytes += String(value).length
    }
    if (bytes > maxInputBytes) throw new AppError('PAYLOAD_TOO_LARGE')
  }
}
