import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, emptyInput, idSchema, limitSchema, plainText } from './common'
import { bookIdSchema, chapterOrdSchema } from './library-common'
import type { AnnotationKind, BookSummary, ChapterBlock, LineSpacing, ReaderFontSize, ReaderTheme, TocEntry } from './library-common'
import { requestIdSchema } from './points'

/**
 * 电子书屋, part reader (issue 11): opening a book and its chapters one at a time, the reading
 * position synced across devices, the member's comfort settings, bookmarks and highlights with
 * notes. Offsets count characters of a chapter's plain text (see ChapterBlock).
 */

/** An offset into a chapter's plain text; the server checks it against the chapter. */
const charOffsetSchema = z.number({ error: '位置必须是数字' }).int().min(0).max(10_000_000)

/**
 * A note is checked for length by the server (LIBRARY_NOTE_TOO_LONG, with the limit in the message);
 * the schema only bounds what a hostile client may send at all.
 */
const noteSchema = plainText({ max: 4000, multiline: true })

export const readerSchemas = {
  /** The book, its chapters and contents, and (for a member) where they were and their settings. */
  openBook: z.object({ bookId: bookIdSchema }).strict(),
  /** One chapter as the reader draws it, with its neighbours' ords and the member's annotations in it. */
  openChapter: z.object({ bookId: bookIdSchema, chapterOrd: chapterOrdSchema }).strict(),
  /** Member: the position on this device becomes the position everywhere (the newest write wins). */
  saveProgress: z.object({ bookId: bookIdSchema, chapterOrd: chapterOrdSchema, charOffset: charOffsetSchema }).strict(),
  readerSettings: emptyInput,
  saveReaderSettings: z
    .object({
      fontSize: z.number({ error: '字号无效' }).int().min(1, '字号无效').max(4, '字号无效'),
      lineSpacing: z.enum(['compact', 'normal', 'loose'], { error: '行距无效' }),
      theme: z.enum(['day', 'night', 'eye_care'], { error: '主题无效' }),
    })
    .strict(),
  /**
   * Member: a bookmark (at startOffset; endOffset may equal it) or a highlight of [startOffset,
   * endOffset). The quote is cut from the chapter by the server. A retried requestId answers the
   * annotation the first call made.
   */
  addAnnotation: z
    .object({
      bookId: bookIdSchema,
      chapterOrd: chapterOrdSchema,
      kind: z.enum(['bookmark', 'highlight'], { error: '请选择书签或划线' }),
      startOffset: charOffsetSchema,
      endOffset: charOffsetSchema,
      note: noteSchema.default(''),
      requestId: requestIdSchema,
    })
    .strict(),
  /** Member: the note of one of their own annotations. */
  updateAnnotation: z.object({ id: idSchema, note: noteSchema }).strict(),
  deleteAnnotation: z.object({ id: idSchema }).strict(),
  /** Member: their bookmarks and highlights of a book, in reading order. */
  annotations: z.object({ bookId: bookIdSchema, cursor: cursorSchema, limit: limitSchema }).strict(),
}

export interface ReaderSettings {
  fontSize: ReaderFontSize
  lineSpacing: LineSpacing
  theme: ReaderTheme
  /** False while the member never saved settings: the page then follows large-text mode. */
  chosen: boolean
}

export interface ReadingPosition {
  chapterOrd: number
  charOffset: number
  /** Of the whole book, in thousandths. */
  permille: number
  updatedAt: string
}

export interface ReaderChapterRef {
  ord: number
  title: string
  charCount: number
}

export interface OpenedBook {
  book: BookSummary
  chapters: ReaderChapterRef[]
  toc: TocEntry[]
  /** The member's position (from whichever device saved last), or null. */
  progress: ReadingPosition | null
  settings: ReaderSettings
  /** A librarian who is no member previewing: nothing is recorded. */
  preview: boolean
}

export interface Annotation {
  id: number
  chapterOrd: number
  kind: AnnotationKind
  startOffset: number
  endOffset: number
  quote: string
  note: string
  createdAt: string
  updatedAt: string
}

export interface OpenedChapter {
  bookId: number
  ord: number
  title: string
  blocks: ChapterBlock[]
  charCount: number
  prevOrd: number | null
  nextOrd: number | null
  /** The member's annotations in this chapter, by offset (empty in preview). */
  annotations: Annotation[]
}

export interface AnnotationListItem extends Annotation {
  chapterTitle: string
}

export interface ReaderOutputs {
  openBook: OpenedBook
  openChapter: OpenedChapter
  saveProgress: ReadingPosition
  readerSettings: ReaderSettings
  saveReaderSettings: ReaderSettings
  addAnnotation: Annotation
  updateAnnotation: Annotation
  deleteAnnotation: { id: number }
  annotations: Page<AnnotationListItem>
}
