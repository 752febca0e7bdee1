import { z } from 'zod'
import { AppError } from './errors'
import { hasForbiddenCharacters } from './input-guard'

/**
 * Opaque cursors: base64url JSON, validated on the way back in. They are bounded, not signed:
 * a cursor is only a position in a list the caller may read anyway, so a forged one can show
 * nothing new; what it must never do is carry a value its SQL parameter cannot hold. Bounds
 * like the columns' types say exactly that, without tying every cursor to APP_SECRET.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** An `integer` id column. */
export const cursorId = z.number().int().min(1).max(2_147_483_647)
/** A `bigint` id column, as far as a JS number holds it exactly. */
export const cursorBigId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)
/** A branch path such as `/1/5/37/`. */
export const cursorPath = z.string().max(200).regex(/^\/(\d{1,10}\/)*$/)
/** A name from a text column: nothing PostgreSQL would refuse. */
export const cursorText = z.string().max(200).refine((text) => !hasForbiddenCharacters(text))
/**
 * A timestamp exactly as `toISOString()` wrote it (so no 31 February), in years PostgreSQL and
 * the app both handle (no year 0).
 */
export const cursorTime = z.string().refine((text) => {
  const time = new Date(text)
  const year = time.getUTCFullYear()
  return year >= 1970 && year <= 2999 && time.toISOString() === text
})

export function decodeCursor<S extends z.ZodType>(cursor: string | null | undefined, schema: S): z.output<S> | null {
  if (!cursor) return null
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', '分页参数无效，请刷新后重试')
}

/** Fetch limit + 1 rows; the extra one only says whether another page exists. */
export function pageOf<R, T>(rows: R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => unknown) {
  const hasMore = rows.length > limit
  const kept = hasMore ? rows.slice(0, limit) : rows
  return {
    items: kept.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(kept[kept.length - 1])) : null,
  }
}
