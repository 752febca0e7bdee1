import { z } from 'zod'
import type { Annotation, AnnotationListItem } from '../../src/shared/api/library-reader'
import type { AnnotationKind } from '../../src/shared/api/library-common'
import { libraryLimits } from '../../src/shared/library/names'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import { readableBook } from './books'

export const annotationColumns = 'id, chapter_ord, kind, start_offset, end_offset, quote, note, created_at, updated_at'

export interface AnnotationRow {
  id: number
  chapter_ord: number
  kind: AnnotationKind
  start_offset: number
  end_offset: number
  quote: string
  note: string
  created_at: Date
  updated_at: Date
}

export function annotationOf(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    chapterOrd: row.chapter_ord,
    kind: row.kind,
    startOffset: row.start_offset,
    endOffset: row.end_offset,
    quote: row.quote,
    note: row.note,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** How much of the text a bookmark keeps, to name the place in the notes list. */
const bookmarkQuoteLength = 40

/** Counted as the database counts (characters, not UTF-16 units), like the column's CHECK. */
function checkNote(note: string): void {
  if (Array.from(note).length > libraryLimits.noteMaxLength) {
    throw new AppError('LIBRARY_NOTE_TOO_LONG', `笔记不能超过 ${libraryLimits.noteMaxLength} 字`)
  }
}

async function annotationOfRequest(db: Queryable, memberId: number, requestId: string): Promise<Annotation | null> {
  const [row] = await db.query<AnnotationRow>(`SELECT ${annotationColumns} FROM library_annotation WHERE member_id = $1 AND request_id = $2`, [memberId, requestId])
  return row ? annotationOf(row) : null
}

export interface AddAnnotationInput {
  bookId: number
  chapterOrd: number
  kind: AnnotationKind
  startOffset: number
  endOffset: number
  note: string
  requestId: string
}

/**
 * A bookmark or a highlight, once per request id. The quote is cut from the chapter's plain text
 * here, in the same UTF-16 offsets the blocks count in; a client's idea of the text is never
 * stored. Offsets outside the chapter, an empty or overlong highlight and an overlong note are
 * refused before anything is written.
 */
export async function addAnnotation(db: Queryable, caller: Caller, input: AddAnnotationInput): Promise<Annotation> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const book = await readableBook(db, caller, input.bookId)
  const replay = await annotationOfRequest(db, member.id, input.requestId)
  if (replay) return replay
  checkNote(input.note)
  if (input.chapterOrd >= book.chapterCount) throw new AppError('NOT_FOUND', '章节不存在')
  const [chapter] = await db.query<{ plain_text: string }>('SELECT plain_text FROM library_chapter WHERE book_id = $1 AND ord = $2', [
    input.bookId,
    input.chapterOrd,
  ])
  if (!chapter) throw new AppError('NOT_FOUND', '章节不存在')
  const text = chapter.plain_text
  const { startOffset } = input
  const endOffset = input.kind === 'bookmark' ? startOffset : input.endOffset
  if (startOffset > text.length || endOffset > text.length || endOffset < startOffset) {
    throw new AppError('LIBRARY_ANNOTATION_RANGE', '所选位置不在本章范围内，请重新选择')
  }
  let quote: string
  if (input.kind === 'highlight') {
    if (endOffset === startOffset) throw new AppError('LIBRARY_ANNOTATION_RANGE', '请选择要划线的文字')
    if (endOffset - startOffset > libraryLimits.quoteMaxLength) {
      throw new AppError('LIBRARY_ANNOTATION_RANGE', `一次划线不能超过 ${libraryLimits.quoteMaxLength} 字`)
    }
    quote = text.slice(startOffset, endOffset)
  } else {
    quote = text.slice(startOffset, startOffset + bookmarkQuoteLength).replace(/\n/g, ' ').trim()
  }
  const [created] = await db.query<AnnotationRow>(
    `INSERT INTO library_annotation (member_id, book_id, chapter_ord, kind, start_offset, end_offset, quote, note, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (request_id) DO NOTHING
     RETURNING ${annotationColumns}`,
    [member.id, input.bookId, input.chapterOrd, input.kind, startOffset, endOffset, quote, input.note, input.requestId],
  )
  if (created) return annotationOf(created)
  // A concurrent retry inserted first; a request id some other member used is refused, not shown.
  const raced = await annotationOfRequest(db, member.id, input.requestId)
  if (!raced) throw new AppError('VALIDATION_FAILED', '请求编号无效，请重试')
  return raced
}

/** The member's own annotation of a book they may still read; anyone else's is NOT_FOUND. */
async function ownAnnotation(db: Queryable, caller: Caller, id: number): Promise<{ memberId: number; bookId: number }> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const [row] = await db.query<{ book_id: number }>('SELECT book_id FROM library_annotation WHERE id = $1 AND member_id = $2', [id, member.id])
  if (!row) throw new AppError('NOT_FOUND', '笔记不存在或已删除')
  return { memberId: member.id, bookId: row.book_id }
}

export async function updateAnnotation(db: Queryable, caller: Caller, id: number, note: string): Promise<Annotation> {
  const own = await ownAnnotation(db, caller, id)
  await readableBook(db, caller, own.bookId)
  checkNote(note)
  const [row] = await db.query<AnnotationRow>(
    `UPDATE library_annotation SET note = $3, updated_at = now() WHERE id = $1 AND member_id = $2 RETURNING ${annotationColumns}`,
    [id, own.memberId, note],
  )
  if (!row) throw new AppError('NOT_FOUND', '笔记不存在或已删除')
  return annotationOf(row)
}

/**
 * Deleting is allowed even once the book is taken down: it only removes the member's own words.
 * Deleting twice answers the same (a retried tap).
 */
export async function deleteAnnotation(db: Queryable, caller: Caller, id: number): Promise<{ id: number }> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const [own] = await db.query<{ member_id: number }>('SELECT member_id FROM library_annotation WHERE id = $1', [id])
  if (own && own.member_id !== member.id) throw new AppError('NOT_FOUND', '笔记不存在或已删除')
  await db.query('DELETE FROM library_annotation WHERE id = $1 AND member_id = $2', [id, member.id])
  return { id }
}

const annotationCursor = z.tuple([z.number().int().min(0).max(100_000), z.number().int().min(0).max(10_000_000), cursorId])

/** The member's bookmarks and highlights of a book in reading order, with each chapter's title. */
export async function listAnnotations(
  db: Queryable,
  caller: Caller,
  input: { bookId: number; cursor?: string | null; limit: number },
): Promise<Page<AnnotationListItem>> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const after = decodeCursor(input.cursor, annotationCursor)
  await readableBook(db, caller, input.bookId)
  const rows = await db.query<AnnotationRow & { chapter_title: string }>(
    `SELECT a.id, a.chapter_ord, a.kind, a.start_offset, a.end_offset, a.quote, a.note, a.created_at, a.updated_at, c.title AS chapter_title
       FROM library_annotation a JOIN library_chapter c ON c.book_id = a.book_id AND c.ord = a.chapter_ord
      WHERE a.member_id = $1 AND a.book_id = $2
        AND ($3::integer IS NULL OR (a.chapter_ord, a.start_offset, a.id) > ($3, $4, $5))
      ORDER BY a.chapter_ord, a.start_offset, a.id
      LIMIT $6`,
    [member.id, input.bookId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (row) => ({ ...annotationOf(row), chapterTitle: row.chapter_title }),
    (row) => [row.chapter_ord, row.start_offset, row.id],
  )
}
