import { z } from 'zod'
import { requireMember } from '../caller'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import type { ParsedInput } from '../../src/shared/api'
import type { ContinueReading, RecentBook, ShelfBook } from '../../src/shared/api/library-reading'
import type { Page } from '../../src/shared/errors'
import { audiencePaths, bookSummarySql, readableBook, toBookSummary } from './books'
import type { BookSummaryRow } from './books'

/**
 * 书架, 最近阅读 and 继续阅读 (issue 11 §3). Lists show only books the caller may read now: a book
 * taken down stays on the shelf, hidden, and shows again if it is published again.
 */

const summaryColumns = bookSummarySql('b')

/** Published and meant for the caller's branch: the list form of readableBook for members. */
const visibleSql = (paths: string) => `b.status = 'published' AND b.branch_path = ANY(${paths})`

// Timestamps compared at the milliseconds a cursor carries, so a row is never shown twice.
const shelfCursor = z.object({ at: cursorTime, id: cursorId }).strict()

export async function shelf(db: Queryable, caller: Caller, input: ParsedInput<'library', 'shelf'>): Promise<Page<ShelfBook>> {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, shelfCursor)
  const rows = await db.query<BookSummaryRow & { added_at: Date; chapter_ord: number | null; permille: number | null }>(
    `SELECT ${summaryColumns}, date_trunc('milliseconds', s.added_at) AS added_at, p.chapter_ord, p.permille
       FROM library_shelf s
       JOIN library_book b ON b.id = s.book_id
       LEFT JOIN library_progress p ON p.member_id = s.member_id AND p.book_id = s.book_id
      WHERE s.member_id = $1 AND ${visibleSql('$2')}
        AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', s.added_at), s.book_id) < ($3::timestamptz, $4::int))
      ORDER BY date_trunc('milliseconds', s.added_at) DESC, s.book_id DESC
      LIMIT $5`,
    [member.id, audiencePaths(caller), after?.at ?? null, after?.id ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (row) => ({ ...toBookSummary(row), addedAt: iso(row.added_at), chapterOrd: row.chapter_ord, permille: row.permille }),
    (row) => ({ at: iso(row.added_at), id: row.id }),
  )
}

export async function addToShelf(db: Queryable, caller: Caller, input: ParsedInput<'library', 'addToShelf'>): Promise<{ onShelf: true }> {
  const member = requireMember(caller)
  const book = await readableBook(db, caller, input.bookId)
  if (book.status !== 'published') throw new AppError('NOT_FOUND', '图书不存在或已下架')
  await db.query('INSERT INTO library_shelf (member_id, book_id) VALUES ($1, $2) ON CONFLICT (member_id, book_id) DO NOTHING', [member.id, book.id])
  return { onShelf: true }
}

export async function removeFromShelf(db: Queryable, caller: Caller, input: ParsedInput<'library', 'removeFromShelf'>): Promise<{ onShelf: false }> {
  const member = requireMember(caller)
  const book = await readableBook(db, caller, input.bookId)
  await db.query('DELETE FROM library_shelf WHERE member_id = $1 AND book_id = $2', [member.id, book.id])
  return { onShelf: false }
}

const recentCursor = z.object({ at: cursorTime, id: cursorId }).strict()

export async function recentBooks(db: Queryable, caller: Caller, input: ParsedInput<'library', 'recentBooks'>): Promise<Page<RecentBook>> {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, recentCursor)
  const rows = await db.query<BookSummaryRow & { read_at: Date; chapter_ord: number; permille: number; finished: boolean; on_shelf: boolean }>(
    `SELECT ${summaryColumns}, date_trunc('milliseconds', p.updated_at) AS read_at, p.chapter_ord, p.permille,
            p.finished_at IS NOT NULL AS finished,
            EXISTS (SELECT 1 FROM library_shelf s WHERE s.member_id = p.member_id AND s.book_id = p.book_id) AS on_shelf
       FROM library_progress p
       JOIN library_book b ON b.id = p.book_id
      WHERE p.member_id = $1 AND ${visibleSql('$2')}
        AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', p.updated_at), p.book_id) < ($3::timestamptz, $4::int))
      ORDER BY date_trunc('milliseconds', p.updated_at) DESC, p.book_id DESC
      LIMIT $5`,
    [member.id, audiencePaths(caller), after?.at ?? null, after?.id ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (row) => ({
      ...toBookSummary(row),
      chapterOrd: row.chapter_ord,
      permille: row.permille,
      readAt: iso(row.read_at),
      finished: row.finished,
      onShelf: row.on_shelf,
    }),
    (row) => ({ at: iso(row.read_at), id: row.id }),
  )
}

export async function continueReading(db: Queryable, caller: Caller): Promise<ContinueReading | null> {
  const member = requireMember(caller)
  const [row] = await db.query<BookSummaryRow & { chapter_ord: number; char_offset: number; permille: number; chapter_title: string | null }>(
    `SELECT ${summaryColumns}, p.chapter_ord, p.char_offset, p.permille,
            (SELECT c.title FROM library_chapter c WHERE c.book_id = p.book_id AND c.ord = p.chapter_ord) AS chapter_title
       FROM library_progress p
       JOIN library_book b ON b.id = p.book_id
      WHERE p.member_id = $1 AND p.finished_at IS NULL AND ${visibleSql('$2')}
      ORDER BY p.updated_at DESC, p.book_id DESC
      LIMIT 1`,
    [member.id, audiencePaths(caller)],
  )
  if (!row) return null
  return {
    book: toBookSummary(row),
    chapterOrd: row.chapter_ord,
    chapterTitle: row.chapter_title ?? '',
    charOffset: row.char_offset,
    permille: row.permille,
  }
}
