import { z } from 'zod'
import type { BookStatus, BookSummary } from '../../src/shared/api/library-common'
import type { ListDetail, ListSummary } from '../../src/shared/api/library-catalogue'
import type { BranchRef } from '../../src/shared/api/common'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { publicFileUrl } from '../files/storage'
import { covers, hasRole, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { audit, branchRefSql } from '../sql'
import { ancestorPaths, audiencePaths } from './books'
import { bookSummarySql, toBookSummary } from './books'
import type { BookSummaryRow } from './books'

/**
 * 书单: books a librarian picked, in order, for the members of a branch's subtree. Members see
 * published lists scoped at their branch or above, and in them only the books they may read; a
 * librarian whose grant covers a list's branch edits it.
 */

interface ListRow {
  id: number
  title: string
  description: string
  status: 'draft' | 'published'
  branch_path: string
  branch: BranchRef
  book_count: number
  cover_refs: (string | null)[]
}

/** A list's columns; its count and covers are of the books a reader sees: published, scoped at `audience` (a text[] parameter). */
function listSql(audience: string): string {
  const visible = `(b.status = 'published' AND b.branch_path = ANY(${audience}::text[]))`
  return `SELECT l.id, l.title, l.description, l.status, l.branch_path, ${branchRefSql('br')} AS branch,
                 (SELECT count(*)::int FROM library_list_book lb JOIN library_book b ON b.id = lb.book_id
                   WHERE lb.list_id = l.id AND ${visible}) AS book_count,
                 ARRAY(SELECT coalesce(f.thumb_ref, f.blob_ref) FROM library_list_book lb JOIN library_book b ON b.id = lb.book_id
                        LEFT JOIN file f ON f.id = b.cover_file_id
                        WHERE lb.list_id = l.id AND ${visible} ORDER BY lb.ord LIMIT 3) AS cover_refs
            FROM library_list l JOIN branch br ON br.id = l.branch_id`
}

function toListSummary(row: ListRow): ListSummary {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    bookCount: row.book_count,
    status: row.status,
    branch: row.branch,
    coverUrls: row.cover_refs.map((ref) => (ref ? publicFileUrl(ref) : null)),
  }
}

const listsCursor = z.object({ i: cursorId }).strict()

/**
 * Published lists scoped at the caller's branch or above, newest first; with `manage`, every list a
 * librarian's grants cover, any status.
 */
export async function visibleLists(
  db: Queryable,
  caller: Caller,
  input: { manage: boolean; cursor?: string | null; limit: number },
): Promise<Page<ListSummary>> {
  if (input.manage && !hasRole(caller, ['librarian'])) throw new AppError('FORBIDDEN')
  const after = decodeCursor(input.cursor, listsCursor)
  const audience = audiencePaths(caller)
  const where = input.manage ? inSubtreesSql('l.branch_path', '$2') : `l.status = 'published' AND l.branch_path = ANY($2::text[])`
  const rows = await db.query<ListRow>(
    `${listSql('$1')} WHERE ${where} AND ($3::int IS NULL OR l.id < $3) ORDER BY l.id DESC LIMIT $4`,
    [audience, input.manage ? scopePaths(caller, 'librarian') : audience, after?.i ?? null, input.limit + 1],
  )
  return pageOf(rows, input.limit, toListSummary, (r) => ({ i: r.id }))
}

/** The list for its readers: published and scoped at the caller's branch or above, or any list a librarian's grant covers. */
async function readableList(db: Queryable, caller: Caller, listId: number): Promise<{ row: ListRow; canEdit: boolean }> {
  const [row] = await db.query<ListRow>(`${listSql('$2')} WHERE l.id = $1`, [listId, audiencePaths(caller)])
  if (!row) throw new AppError('NOT_FOUND', '书单不存在')
  const canEdit = covers(caller, 'librarian', row.branch_path)
  if (!canEdit && (row.status !== 'published' || !audiencePaths(caller).includes(row.branch_path))) throw new AppError('NOT_FOUND', '书单不存在')
  return { row, canEdit }
}

const listBooksCursor = z.object({ o: z.number().int().min(0).max(2_147_483_647) }).strict()

/** A list's books the caller may read, in the list's order. */
export async function listBooks(db: Queryable, caller: Caller, listId: number, cursor: string | null | undefined, limit: number): Promise<Page<BookSummary>> {
  await readableList(db, caller, listId)
  const after = decodeCursor(cursor, listBooksCursor)
  const rows = await db.query<BookSummaryRow & { ord: number }>(
    `SELECT ${bookSummarySql('b')}, lb.ord FROM library_list_book lb JOIN library_book b ON b.id = lb.book_id
      WHERE lb.list_id = $1 AND b.status = 'published' AND b.branch_path = ANY($2::text[]) AND ($3::int IS NULL OR lb.ord > $3)
      ORDER BY lb.ord LIMIT $4`,
    [listId, audiencePaths(caller), after?.o ?? null, limit + 1],
  )
  return pageOf(rows, limit, toBookSummary, (r) => ({ o: r.ord }))
}

/**
 * The list with its books (at most 100, so one answer): for members those they may read; for a
 * librarian over the list every book with its status, since the editor shows what members miss.
 */
export async function listDetail(db: Queryable, caller: Caller, listId: number): Promise<ListDetail> {
  const { row, canEdit } = await readableList(db, caller, listId)
  const books = await db.query<BookSummaryRow & { status: BookStatus }>(
    `SELECT ${bookSummarySql('b')}, b.status FROM library_list_book lb JOIN library_book b ON b.id = lb.book_id
      WHERE lb.list_id = $1 AND ($2 OR (b.status = 'published' AND b.branch_path = ANY($3::text[])))
      ORDER BY lb.ord`,
    [listId, canEdit, audiencePaths(caller)],
  )
  return {
    ...toListSummary(row),
    books: books.map(toBookSummary),
    canEdit,
    bookStatuses: canEdit ? Object.fromEntries(books.map((b) => [b.id, b.status])) : null,
  }
}

export interface ListEdit {
  id?: number | null
  branchId: number
  title: string
  description: string
  bookIds: number[]
}

/** The list locked for a librarian whose grant covers it; anyone else finds no such list. */
async function listToManage(tx: Queryable, caller: Caller, listId: number): Promise<{ status: 'draft' | 'published' }> {
  const [row] = await tx.query<{ status: 'draft' | 'published'; branch_path: string }>('SELECT status, branch_path FROM library_list WHERE id = $1 FOR UPDATE', [
    listId,
  ])
  if (!row || !covers(caller, 'librarian', row.branch_path)) throw new AppError('NOT_FOUND', '书单不存在')
  return row
}

/**
 * Creates or replaces a list. Each book must be one the list's members may read once published:
 * scoped at the list's branch or above (a county's book in a city list would be a hole for the
 * other counties), and published unless the librarian's grant covers it (their own draft).
 */
export async function saveList(db: Db, caller: Caller, edit: ListEdit): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    if (edit.id) await listToManage(tx, caller, edit.id)
    const branch = await requireBranchInScope(tx, caller, 'librarian', edit.branchId)
    const books = await tx.query<{ id: number; status: BookStatus; branch_path: string }>(
      'SELECT id, status, branch_path FROM library_book WHERE id = ANY($1::int[])',
      [edit.bookIds],
    )
    const byId = new Map(books.map((b) => [b.id, b]))
    const audience = ancestorPaths(branch.path)
    const refused = edit.bookIds.findIndex((id) => {
      const book = byId.get(id)
      return !book || !audience.includes(book.branch_path) || (book.status !== 'published' && !covers(caller, 'librarian', book.branch_path))
    })
    if (refused >= 0) {
      throw new AppError('LIBRARY_LIST_BOOK_NOT_VISIBLE', `书单中的第 ${refused + 1} 本书不是「${branch.name}」的职工可以阅读的上架图书，请移除后再保存`)
    }
    const [row] = edit.id
      ? await tx.query<{ id: number }>(
          'UPDATE library_list SET branch_id = $2, branch_path = $3, title = $4, description = $5, updated_at = now() WHERE id = $1 RETURNING id',
          [edit.id, branch.id, branch.path, edit.title, edit.description],
        )
      : await tx.query<{ id: number }>(
          'INSERT INTO library_list (branch_id, branch_path, title, description, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [branch.id, branch.path, edit.title, edit.description, caller.userId],
        )
    await tx.query('DELETE FROM library_list_book WHERE list_id = $1', [row.id])
    await tx.query(
      'INSERT INTO library_list_book (list_id, book_id, ord) SELECT $1, book_id, ord::int - 1 FROM unnest($2::int[]) WITH ORDINALITY AS t(book_id, ord)',
      [row.id, edit.bookIds],
    )
    await audit(tx, { actor: caller.userId, action: 'library.saveList', targetType: 'library_list', targetIds: [row.id] })
    return { id: row.id }
  })
}

export async function publishList(db: Db, caller: Caller, listId: number): Promise<{ id: number; status: 'published' }> {
  return db.transaction(async (tx) => {
    const list = await listToManage(tx, caller, listId)
    if (list.status === 'published') return { id: listId, status: 'published' }
    const [{ count }] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM library_list_book WHERE list_id = $1', [listId])
    if (count === 0) throw new AppError('LIBRARY_LIST_EMPTY')
    await tx.query(`UPDATE library_list SET status = 'published', updated_at = now() WHERE id = $1`, [listId])
    await audit(tx, { actor: caller.userId, action: 'library.publishList', targetType: 'library_list', targetIds: [listId] })
    return { id: listId, status: 'published' }
  })
}

export async function deleteList(db: Db, caller: Caller, listId: number): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await listToManage(tx, caller, listId)
    await tx.query('DELETE FROM library_list WHERE id = $1', [listId])
    await audit(tx, { actor: caller.userId, action: 'library.deleteList', targetType: 'library_list', targetIds: [listId] })
    return { id: listId }
  })
}
