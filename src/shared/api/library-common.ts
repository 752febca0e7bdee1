import { z } from 'zod'
import { bookCategories } from '../library/names'
import type { BookCategory } from '../library/names'

/**
 * 电子书屋: names every part of the `library` function shares (issue 11). The part files
 * (library-import, library-catalogue, library-reader, library-reading, library-campaign) import
 * from here, never from each other's files, so they can be written side by side.
 */

export * from '../library/names'

export const bookCategorySchema = z.enum(bookCategories as [BookCategory, ...BookCategory[]], { error: '请选择图书分类' })

export const bookIdSchema = z.number({ error: '请选择图书' }).int().positive().max(2_147_483_647)
export const chapterOrdSchema = z.number({ error: '请选择章节' }).int().min(0).max(100_000)

/**
 * Text with the matched words marked, for search results: `marks` are [start, end) character
 * offsets into `text`, in order and not overlapping. Pages render the marks; no HTML crosses.
 */
export interface MarkedText {
  text: string
  marks: [number, number][]
}

/** A book as lists show it (catalogue, shelf, lists, campaigns). */
export interface BookSummary {
  id: number
  title: string
  author: string
  category: BookCategory
  /** Public URL of the cover's thumbnail, or null (pages draw a plain cover with the title). */
  coverUrl: string | null
  chapterCount: number
  charCount: number
}

/**
 * A chapter as the reader draws it, made at import from the sanitised HTML. The chapter's plain
 * text is the text blocks' `text` joined by '\n' (images add nothing), and `start` is where a
 * block's text begins in it: positions, bookmarks and highlights are offsets into that plain text.
 */
export type ChapterBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; start: number }
  | { kind: 'paragraph'; text: string; start: number }
  | { kind: 'image'; url: string; alt: string }

/** One line of a book's table of contents, pointing at a chapter (the spine's order, from 0). */
export interface TocEntry {
  title: string
  depth: number
  chapterOrd: number
}
