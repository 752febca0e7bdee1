import { z } from 'zod'
import { bookCategories } from '../../src/shared/api/library-common'
import type { BookCategory, BookStatus, BookSummary } from '../../src/shared/api/library-common'
import type { BookDetail, BookProgress, LibraryHome, ManagedBook } from '../../src/shared/api/library-catalogue'
import type { BranchRef } from '../../src/shared/api/common'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { shanghaiDay } from '../points/calendar'
import { inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { audit, branchRefSql, iso, isoOrNull } from '../sql'
import { audiencePaths, bookSummarySql, readableBook, toBookSummary } from './books'
import type { BookSummaryRow } from './books'
import { listBooks, visibleLists } from './lists'
import { reindexBook } from './search-index'

// ——— reading the catalogue ———

/** The month of library_book_month that "most read this month" reads: the Shanghai month of `now`. */
export function monthKey(now: Date): string {
  return `${shanghaiDay(now).slice(0, 7)}-01`
}

export async function bookDetail(db: Queryable, caller: Caller, bookId: number): Promise<BookDetail> {
  const readable = await readableBook(db, caller, bookId)
  const [book] = await db.query<
    BookSummaryRow & { description: string; publisher: string; isbn: string | null; language: string; tags: string[]; published_at: Date | null; status: BookStatus; branch: BranchRef; updated_at: Date }
  >(
    `SELECT ${bookSummarySql('b')}, b.description, b.publisher, b.isbn, b.language, b.tags, b.published_at, b.status, b.updated_at, ${branchRefSql('br')} AS branch
       FROM library_book b JOIN branch br ON br.id = b.branch_id WHERE b.id = $1`,
    [bookId],
  )
  const toc = await db.query<{ title: string; depth: number; chapter_ord: number }>(
    'SELECT title, depth, chapter_ord FROM library_toc WHERE book_id = $1 ORDER BY ord',
    [bookId],
  )
  const lists = await db.query<{ id: number; title: string }>(
    `SELECT l.id, l.title FROM library_list_book lb JOIN library_list l ON l.id = lb.list_id
      WHERE lb.book_id = $1 AND l.status = 'published' AND l.branch_path = ANY($2::text[]) ORDER BY l.id DESC LIMIT 20`,
    [bookId, audiencePaths(caller)],
  )
  let onShelf: boolean | null = null
  let progress: BookProgress | null = null
  if (caller.member) {
    const [shelf] = await db.query('SELECT 1 FROM library_shelf WHERE member_id = $1 AND book_id = $2', [caller.member.id, bookId])
    onShelf = Boolean(shelf)
    const [row] = await db.query<{ chapter_ord: number; char_offset: number; permille: number; finished_at: Date | null; updated_at: Date }>(
      'SELECT chapter_ord, char_offset, permille, finished_at, updated_at FROM library_progress WHERE member_id = $1 AND book_id = $2',
      [caller.member.id, bookId],
    )
    if (row) {
      progress = { chapterOrd: row.chapter_ord, charOffset: row.char_offset, permille: row.permille, finishedAt: isoOrNull(row.finished_at), updatedAt: iso(row.updated_at) }
    }
  }
  return {
    book: {
      ...toBookSummary(book),
      description: book.description,
      publisher: book.publisher,
      isbn: book.isbn,
      language: book.language,
      tags: book.tags,
      publishedAt: isoOrNull(book.published_at),
    },
    toc: toc.map((t) => ({ title: t.title, depth: t.depth, chapterOrd: t.chapter_ord })),
    lists,
    onShelf,
    progress,
    manage: readable.asLibrarian ? { status: book.status, branch: book.branch, updatedAt: iso(book.updated_at) } : null,
  }
}

const homeShelfSize = 10

export async function libraryHome(db: Queryable, caller: Caller, now = new Date()): Promise<LibraryHome> {
  const audience = audiencePaths(caller)
  const newest = await db.query<BookSummaryRow>(
    `SELECT ${bookSummarySql('b')} FROM library_book b
      WHERE b.status = 'published' AND b.branch_path = ANY($1::text[]) ORDER BY b.published_at DESC, b.id DESC LIMIT ${homeShelfSize}`,
    [audience],
  )
  const popular = await db.query<BookSummaryRow & { readers: number }>(
    `SELECT ${bookSummarySql('b')}, m.readers FROM library_book_month m JOIN library_book b ON b.id = m.book_id
      WHERE m.month = $2::date AND m.readers > 0 AND b.status = 'published' AND b.branch_path = ANY($1::text[])
      ORDER BY m.readers DESC, m.seconds DESC, b.id DESC LIMIT ${homeShelfSize}`,
    [audience, monthKey(now)],
  )
  const categories = await db.query<{ category: BookCategory; count: number }>(
    `SELECT b.category, count(*)::int AS count FROM library_book b
      WHERE b.status = 'published' AND b.branch_path = ANY($1::text[]) GROUP BY b.category`,
    [audience],
  )
  const counts = new Map(categories.map((c) => [c.category, c.count]))
  const lists = await visibleLists(db, caller, { manage: false, cursor: null, limit: 6 })
  return {
    newest: newest.map(toBookSummary),
    popular: popular.map((row) => ({ ...toBookSummary(row), readers: row.readers })),
    lists: lists.items,
    categories: bookCategories.map((category) => ({ category, count: counts.get(category) ?? 0 })),
  }
}

// The position is the last book's id; its exact publishing time (microseconds, which a JS Date
// would round) is read back in the query.
const newestCursor = z.object({ i: cursorId }).strict()
const popularCursor = z.object({ r: z.number().int().min(0).max(2_147_483_647), i: cursorId }).strict()

/**
 * Published books the caller may read: newest first, or most read this month (readers, then
 * id; books nobody read this month follow). A 书单 lists its books in its own order (listBooks).
 */
export async function browseBooks(
  db: Queryable,
  caller: Caller,
  input: { category?: BookCategory | null; listId?: number | null; sort: 'newest' | 'popular'; cursor?: string | null; limit: number },
  now = new Date(),
): Promise<Page<BookSummary>> {
  if (input.listId) return listBooks(db, caller, input.listId, input.cursor, input.limit)
  const audience = audiencePaths(caller)
  const category = input.category ?? null
  if (input.sort === 'popular') {
    const after = decodeCursor(input.cursor, popularCursor)
    const rows = await db.query<BookSummaryRow & { readers: number }>(
      `SELECT ${bookSummarySql('b')}, coalesce(m.readers, 0) AS readers
         FROM library_book b LEFT JOIN library_book_month m ON m.book_id = b.id AND m.month = $3::date
        WHERE b.status = 'published' AND b.branch_path = ANY($1::text[]) AND ($2::text IS NULL OR b.category = $2)
          AND ($4::int IS NULL OR (coalesce(m.readers, 0), b.id) < ($4::int, $5::int))
        ORDER BY coalesce(m.readers, 0) DESC, b.id DESC LIMIT $6`,
      [audience, category, monthKey(now), after?.r ?? null, after?.i ?? null, input.limit + 1],
    )
    return pageOf(rows, input.limit, toBookSummary, (r) => ({ r: r.readers, i: r.id }))
  }
  const after = decodeCursor(input.cursor, newestCursor)
  const rows = await db.query<BookSummaryRow>(
    `SELECT ${bookSummarySql('b')} FROM library_book b
      WHERE b.status = 'published' AND b.branch_path = ANY($1::text[]) AND ($2::text IS NULL OR b.category = $2)
        AND ($3::int IS NULL OR (b.published_at, b.id) < ((SELECT p.published_at FROM library_book p WHERE p.id = $3), $3))
      ORDER BY b.published_at DESC, b.id DESC LIMIT $4`,
    [audience, category, after?.i ?? null, input.limit + 1],
  )
  return pageOf(rows, input.limit, toBookSummary, (r) => ({ i: r.id }))
}

// ——— librarians ———

interface ManagedRow extends BookSummaryRow {
  status: BookStatus
  branch: BranchRef
  tags: string[]
  updated_at: Date
}

const managedSql = `SELECT ${bookSummarySql('b')}, b.status, b.tags, b.updated_at, ${branchRefSql('br')} AS branch
                      FROM library_book b JOIN branch br ON br.id = b.branch_id`

function toManaged(row: ManagedRow): ManagedBook {
  return { ...toBookSummary(row), status: row.status, branch: row.branch, tags: row.tags, updatedAt: iso(row.updated_at) }
}

const manageCursor = z.object({ i: cursorId }).strict()

/** The books a librarian's grants cover, any status, most recently changed ids first; `q` narrows by title or author. */
export async function manageBooks(
  db: Queryable,
  caller: Caller,
  input: { status?: BookStatus | null; q?: string; cursor?: string | null; limit: number },
): Promise<Page<ManagedBook>> {
  const after = decodeCursor(input.cursor, manageCursor)
  const q = input.q?.trim().toLowerCase() || null
  const rows = await db.query<ManagedRow>(
    `${managedSql}
      WHERE ${inSubtreesSql('b.branch_path', '$1')} AND ($2::text IS NULL OR b.status = $2)
        AND ($3::text IS NULL OR strpos(lower(b.title), $3) > 0 OR strpos(lower(b.author), $3) > 0)
        AND ($4::int IS NULL OR b.id < $4)
      ORDER BY b.id DESC LIMIT $5`,
    [scopePaths(caller, 'librarian'), input.status ?? null, q, after?.i ?? null, input.limit + 1],
  )
  return pageOf(rows, input.limit, toManaged, (r) => ({ i: r.id }))
}

/**
 * The book for a librarian to change, locked: a book they may read but whose scope their grants do
 * not cover (a county librarian and a city book) is refused as out of scope; one they cannot read
 * at all is not found.
 */
async function bookToManage(tx: Queryable, caller: Caller, bookId: number): Promise<{ status: BookStatus }> {
  const book = await readableBook(tx, caller, bookId)
  if (!book.asLibrarian) throw new AppError('OUT_OF_SCOPE', `《${book.title}》由上级工会的图书管理员管理，您不能修改`)
  const [row] = await tx.query<{ status: BookStatus }>('SELECT status FROM library_book WHERE id = $1 FOR UPDATE', [bookId])
  return row
}

async function managedBook(db: Queryable, bookId: number): Promise<ManagedBook> {
  const [row] = await db.query<ManagedRow>(`${managedSql} WHERE b.id = $1`, [bookId])
  return toManaged(row)
}

export interface BookEdit {
  bookId: number
  title: string
  author: string
  description: string
  category: BookCategory
  tags: string[]
  branchId: number
}

/** Metadata, category, tags and scope (within the librarian's grants), then the search index again. */
export async function updateBook(db: Db, caller: Caller, edit: BookEdit): Promise<ManagedBook> {
  return db.transaction(async (tx) => {
    await bookToManage(tx, caller, edit.bookId)
    const branch = await requireBranchInScope(tx, caller, 'librarian', edit.branchId)
    await tx.query(
      `UPDATE library_book SET title = $2, author = $3, description = $4, category = $5, tags = $6, branch_id = $7, branch_path = $8, updated_at = now()
        WHERE id = $1`,
      [edit.bookId, edit.title, edit.author, edit.description, edit.category, [...new Set(edit.tags)], branch.id, branch.path],
    )
    await reindexBook(tx, edit.bookId)
    await audit(tx, { actor: caller.userId, action: 'library.updateBook', targetType: 'library_book', targetIds: [edit.bookId] })
    return managedBook(tx, edit.bookId)
  })
}

/**
 * 上架: members of the book's scope see it. The first publishing dates it for 新书上架; publishing
 * again after 下架 keeps that date. Publishing a published book changes nothing.
 */
export async function publishBook(db: Db, caller: Caller, bookId: number): Promise<{ bookId: number; status: BookStatus }> {
  return db.transaction(async (tx) => {
    const book = await bookToManage(tx, caller, bookId)
    if (book.status !== 'published') {
      await tx.query(`UPDATE library_book SET status = 'published', published_at = coalesce(published_at, now()), updated_at = now() WHERE id = $1`, [bookId])
      await audit(tx, { actor: caller.userId, action: 'library.publishBook', targetType: 'library_book', targetIds: [bookId] })
    }
    return { bookId, status: 'published' }
  })
}

/** 下架: hidden from members (shelves keep the row, the book stays unreadable); a draft stays a draft. */
export async function unpublishBook(db: Db, caller: Caller, bookId: number): Promise<{ bookId: number; status: BookStatus }> {
  return db.transaction(async (tx) => {
    const book = await bookToManage(tx, caller, bookId)
    if (book.status !== 'published') return { bookId, status: book.status }
    await tx.query(`UPDATE library_book SET status = 'unpublished', updated_at = now() WHERE id = $1`, [bookId])
    await audit(tx, { actor: caller.userId, action: 'library.unpublishBook', targetType: 'library_book', targetIds: [bookId] })
    return { bookId, status: 'unpublished' }
  })
}
