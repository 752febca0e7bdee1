import Taro from '@tarojs/taro'
import type { OpenedBook, OpenedChapter } from '../../../shared/api/library-reader'

/**
 * The last chapters opened, kept in Taro storage (both platforms) so a member who loses the
 * network mid-book goes on reading what they opened. Five chapters, and the books they belong to.
 */
const keep = 5
const indexKey = 'reader-cache-index'
const chapterKey = (bookId: number, ord: number) => `reader-chapter:${bookId}:${ord}`
const bookKey = (bookId: number) => `reader-book:${bookId}`

function readIndex(): string[] {
  const stored: unknown = Taro.getStorageSync(indexKey)
  return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : []
}

/** Newest first; the chapters that fall out and the books no kept chapter needs are removed. */
export function rememberChapter(book: OpenedBook, chapter: OpenedChapter): void {
  const key = chapterKey(chapter.bookId, chapter.ord)
  const index = [key, ...readIndex().filter((k) => k !== key)]
  const kept = index.slice(0, keep)
  const keptBooks = new Set(kept.map((k) => k.split(':')[1]))
  try {
    Taro.setStorageSync(key, chapter)
    Taro.setStorageSync(bookKey(book.book.id), book)
    Taro.setStorageSync(indexKey, kept)
    for (const gone of index.slice(keep)) {
      Taro.removeStorageSync(gone)
      const goneBook = gone.split(':')[1]
      if (!keptBooks.has(goneBook)) Taro.removeStorageSync(bookKey(Number(goneBook)))
    }
  } catch {
    // Storage full: reading goes on, only offline reading of this chapter is lost.
  }
}

export function cachedChapter(bookId: number, ord: number): OpenedChapter | null {
  const stored: unknown = Taro.getStorageSync(chapterKey(bookId, ord))
  return stored && typeof stored === 'object' ? (stored as OpenedChapter) : null
}

export function cachedBook(bookId: number): OpenedBook | null {
  const stored: unknown = Taro.getStorageSync(bookKey(bookId))
  return stored && typeof stored === 'object' ? (stored as OpenedBook) : null
}
