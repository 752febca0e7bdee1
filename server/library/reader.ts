import type { OpenedBook, OpenedChapter, ReaderSettings, ReadingPosition } from '../../src/shared/api/library-reader'
import type { ChapterBlock, LineSpacing, ReaderFontSize, ReaderTheme, TocEntry } from '../../src/shared/api/library-common'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import { annotationColumns, annotationOf } from './annotations'
import type { AnnotationRow } from './annotations'
import { bookSummarySql, readableBook, toBookSummary } from './books'
import type { BookSummaryRow } from './books'

/** What a member who never chose sees; the page raises the font to 大 in large-text mode. */
export const defaultReaderSettings: ReaderSettings = { fontSize: 2, lineSpacing: 'normal', theme: 'day', chosen: false }

interface SettingsRow {
  font_size: ReaderFontSize
  line_spacing: LineSpacing
  theme: ReaderTheme
}

function settingsOf(row: SettingsRow | undefined): ReaderSettings {
  if (!row) return defaultReaderSettings
  return { fontSize: row.font_size, lineSpacing: row.line_spacing, theme: row.theme, chosen: true }
}

export async function readerSettings(db: Queryable, caller: Caller): Promise<ReaderSettings> {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  const [row] = await db.query<SettingsRow>('SELECT font_size, line_spacing, theme FROM library_reader_settings WHERE member_id = $1', [caller.member.id])
  return settingsOf(row)
}

export async function saveReaderSettings(
  db: Queryable,
  caller: Caller,
  input: { fontSize: number; lineSpacing: LineSpacing; theme: ReaderTheme },
): Promise<ReaderSettings> {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  const [row] = await db.query<SettingsRow>(
    `INSERT INTO library_reader_settings (member_id, font_size, line_spacing, theme) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id) DO UPDATE SET font_size = EXCLUDED.font_size, line_spacing = EXCLUDED.line_spacing, theme = EXCLUDED.theme, updated_at = now()
     RETURNING font_size, line_spacing, theme`,
    [caller.member.id, input.fontSize, input.lineSpacing, input.theme],
  )
  return settingsOf(row)
}

interface ProgressRow {
  chapter_ord: number
  char_offset: number
  permille: number
  updated_at: Date
}

function positionOf(row: ProgressRow): ReadingPosition {
  return { chapterOrd: row.chapter_ord, charOffset: row.char_offset, permille: row.permille, updatedAt: iso(row.updated_at) }
}

interface BookRow extends BookSummaryRow {
  chapters: { ord: number; title: string; charCount: number }[]
  toc: TocEntry[]
}

/**
 * Everything the reader needs before the first chapter, in one query: the book, its chapter list
 * and contents, and for a member their position and settings. A librarian who is no member
 * previews (nothing of theirs is read or recorded).
 */
export async function openBook(db: Queryable, caller: Caller, bookId: number): Promise<OpenedBook> {
  await readableBook(db, caller, bookId)
  const memberId = caller.member?.id ?? null
  const [[book], progress, settings] = await Promise.all([
    db.query<BookRow>(
      `SELECT ${bookSummarySql('b')},
              (SELECT json_agg(json_build_object('ord', c.ord, 'title', c.title, 'charCount', c.char_count) ORDER BY c.ord)
                 FROM library_chapter c WHERE c.book_id = b.id) AS chapters,
              COALESCE((SELECT json_agg(json_build_object('title', t.title, 'depth', t.depth, 'chapterOrd', t.chapter_ord) ORDER BY t.ord)
                          FROM library_toc t WHERE t.book_id = b.id), '[]'::json) AS toc
         FROM library_book b
        WHERE b.id = $1`,
      [bookId],
    ),
    memberId === null
      ? Promise.resolve([])
      : db.query<ProgressRow>('SELECT chapter_ord, char_offset, permille, updated_at FROM library_progress WHERE member_id = $1 AND book_id = $2', [memberId, bookId]),
    memberId === null
      ? Promise.resolve([])
      : db.query<SettingsRow>('SELECT font_size, line_spacing, theme FROM library_reader_settings WHERE member_id = $1', [memberId]),
  ])
  return {
    book: toBookSummary(book),
    chapters: book.chapters ?? [],
    toc: book.toc,
    progress: progress[0] ? positionOf(progress[0]) : null,
    settings: settingsOf(settings[0]),
    preview: memberId === null,
  }
}

interface ChapterRow {
  ord: number
  title: string
  blocks: ChapterBlock[]
  char_count: number
}

/**
 * One chapter, its neighbours and the member's annotations in it, in one round of queries: the
 * visibility check, the chapter and the annotations run side by side (each by primary key or
 * index), and nothing read is answered unless the check passed. A page turn is one round trip.
 */
export async function openChapter(db: Queryable, caller: Caller, bookId: number, chapterOrd: number): Promise<OpenedChapter> {
  const memberId = caller.member?.id ?? null
  const [book, [chapter], annotations] = await Promise.all([
    readableBook(db, caller, bookId),
    db.query<ChapterRow>('SELECT ord, title, blocks, char_count FROM library_chapter WHERE book_id = $1 AND ord = $2', [bookId, chapterOrd]),
    memberId === null
      ? Promise.resolve([])
      : db.query<AnnotationRow>(
          `SELECT ${annotationColumns} FROM library_annotation
            WHERE member_id = $1 AND book_id = $2 AND chapter_ord = $3 ORDER BY start_offset, id`,
          [memberId, bookId, chapterOrd],
        ),
  ])
  if (!chapter) throw new AppError('NOT_FOUND', '章节不存在')
  return {
    bookId,
    ord: chapter.ord,
    title: chapter.title,
    blocks: chapter.blocks,
    charCount: chapter.char_count,
    prevOrd: chapterOrd > 0 ? chapterOrd - 1 : null,
    nextOrd: chapterOrd + 1 < book.chapterCount ? chapterOrd + 1 : null,
    annotations: annotations.map(annotationOf),
  }
}

/**
 * The member's position, from whichever device wrote last. The offset is kept inside the chapter
 * and the book's permille is counted by the server from the chapters' lengths. `finished_at` is the
 * reading part's (finishBook): a position saved here never sets or clears it.
 */
export async function saveProgress(
  db: Queryable,
  caller: Caller,
  input: { bookId: number; chapterOrd: number; charOffset: number },
): Promise<ReadingPosition> {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  const book = await readableBook(db, caller, input.bookId)
  if (input.chapterOrd >= book.chapterCount) throw new AppError('NOT_FOUND', '章节不存在')
  const [row] = await db.query<ProgressRow>(
    `WITH pos AS (
       SELECT LEAST($4::integer, c.char_count) AS char_offset,
              CASE WHEN b.char_count = 0 THEN 0
                   ELSE LEAST(1000, (COALESCE((SELECT sum(p.char_count) FROM library_chapter p WHERE p.book_id = b.id AND p.ord < c.ord), 0)
                                     + LEAST($4::integer, c.char_count)) * 1000 / b.char_count)
              END AS permille
         FROM library_book b JOIN library_chapter c ON c.book_id = b.id AND c.ord = $3
        WHERE b.id = $2)
     INSERT INTO library_progress (member_id, book_id, chapter_ord, char_offset, permille, updated_at)
     SELECT $1, $2, $3, pos.char_offset, pos.permille, now() FROM pos
     ON CONFLICT (member_id, book_id) DO UPDATE
        SET chapter_ord = EXCLUDED.chapter_ord, char_offset = EXCLUDED.char_offset, permille = EXCLUDED.permille, updated_at = EXCLUDED.updated_at
     RETURNING chapter_ord, char_offset, permille, updated_at`,
    [caller.member.id, input.bookId, input.chapterOrd, input.charOffset],
  )
  if (!row) throw new AppError('NOT_FOUND', '章节不存在')
  return positionOf(row)
}

