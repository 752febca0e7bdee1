import type { BookCategory, BookSummary } from '../../src/shared/api/library-common'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { publicFileUrl } from '../files/storage'
import { covers, scopePaths } from '../scope'

/**
 * The paths of a branch and of every ancestor, from the city down ('/1/2/3/' → '/1/', '/1/2/',
 * '/1/2/3/'). A book, list or campaign scoped at one of them is meant for the branch's members.
 */
export function ancestorPaths(path: string): string[] {
  const ids = path.split('/').filter(Boolean)
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`)
}

/**
 * The branch paths whose published books the caller may read: the ancestors of the member's
 * branch, and of each librarian grant's branch (a librarian who is no member previews what the
 * members they serve see). Empty for anyone else. For `branch_path = ANY($n)` with the path index.
 */
export function audiencePaths(caller: Caller): string[] {
  const paths = new Set<string>()
  const own = [caller.member?.branchPath, ...scopePaths(caller, 'librarian')].filter((p): p is string => Boolean(p))
  for (const path of own) for (const p of ancestorPaths(path)) paths.add(p)
  return [...paths]
}

export interface ReadableBook {
  id: number
  title: string
  status: 'draft' | 'published' | 'unpublished'
  branchPath: string
  chapterCount: number
  /** The caller reads it as a librarian over its scope (any status), not as one of its readers. */
  asLibrarian: boolean
}

/**
 * The one check every part makes before showing or recording anything of a book: published and
 * scoped at the caller's branch or above, or any status for a librarian whose grant covers the
 * book's scope. Anything else, including a book that does not exist, is NOT_FOUND: a member of
 * another county learns nothing of its books.
 */
export async function readableBook(db: Queryable, caller: Caller, bookId: number): Promise<ReadableBook> {
  const [row] = await db.query<{ id: number; title: string; status: ReadableBook['status']; branch_path: string; chapter_count: number }>(
    'SELECT id, title, status, branch_path, chapter_count FROM library_book WHERE id = $1',
    [bookId],
  )
  if (!row) throw new AppError('NOT_FOUND', '图书不存在或已下架')
  const asLibrarian = covers(caller, 'librarian', row.branch_path)
  if (!asLibrarian && (row.status !== 'published' || !audiencePaths(caller).includes(row.branch_path))) {
    throw new AppError('NOT_FOUND', '图书不存在或已下架')
  }
  return { id: row.id, title: row.title, status: row.status, branchPath: row.branch_path, chapterCount: row.chapter_count, asLibrarian }
}

/**
 * A book as every list shows it (catalogue, shelf, campaigns, the reader). `bookSummarySql('b')` selects the columns from
 * a library_book alias (the cover's thumbnail through a correlated read of its file row), and
 * `toBookSummary` maps them.
 */
export function bookSummarySql(alias: string): string {
  return `${alias}.id, ${alias}.title, ${alias}.author, ${alias}.category, ${alias}.chapter_count, ${alias}.char_count,
          (SELECT coalesce(f.thumb_ref, f.blob_ref) FROM file f WHERE f.id = ${alias}.cover_file_id AND f.status = 'ready') AS cover_ref`
}

export interface BookSummaryRow {
  id: number
  title: string
  author: string
  category: BookCategory
  chapter_count: number
  char_count: number
  cover_ref: string | null
}

export function toBookSummary(row: BookSummaryRow): BookSummary {
  return {
    id: row.id,
    title: row.title,
    author: row.author,
    category: row.category,
    coverUrl: row.cover_ref ? publicFileUrl(row.cover_ref) : null,
    chapterCount: row.chapter_count,
    charCount: row.char_count,
  }
}
