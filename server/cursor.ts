import type { z } from 'zod'
import { AppError } from './errors'

/** Opaque cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

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
