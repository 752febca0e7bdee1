import { z } from 'zod'
import type { Page } from '../errors'
import { cursorSchema, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { bookCategorySchema, bookIdSchema, libraryLimits } from './library-common'
import type { BookCategory, BookStatus, BookSummary, MarkedText, TocEntry } from './library-common'

/**
 * 电子书屋, part catalogue (issue 11): finding books (home, browse, search, suggestions, detail)
 * and organising them (librarians edit, publish, and curate 书单). Shared names live in
 * ./library-common.
 */

export const searchQueryMax = 40
export const bookTitleMax = 200
export const bookAuthorMax = 100
export const bookDescriptionMax = 2000
export const listDescriptionMax = 500
export const listBooksMax = 100

const searchText = plainText({ max: searchQueryMax, maxMessage: `搜索词不超过 ${searchQueryMax} 字` })
const listIdSchema = z.number({ error: '请选择书单' }).int().positive().max(2_147_483_647)

const tagSchema = plainText({ min: 1, minMessage: '标签不能为空', max: libraryLimits.tagMaxLength, maxMessage: `每个标签不超过 ${libraryLimits.tagMaxLength} 字` })

export const catalogueSchemas = {
  /** Signed-in users: what the library's home shows, all of it visible to the caller. */
  libraryHome: z.object({}).strict(),
  /** By category, by 书单 (in the list's order), newest or most read this month. */
  browseBooks: z
    .object({
      category: bookCategorySchema.nullish(),
      listId: listIdSchema.nullish(),
      sort: z.enum(['newest', 'popular']).default('newest'),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  /** Title, author, description and full text by words; title matches first. */
  searchBooks: z
    .object({ q: searchText.refine((q) => q.length > 0, '请输入搜索词'), category: bookCategorySchema.nullish(), cursor: cursorSchema, limit: limitSchema })
    .strict(),
  /** As the member types: up to 8 titles and authors, by prefix and by word. */
  suggest: z.object({ q: searchText }).strict(),
  bookDetail: z.object({ bookId: bookIdSchema }).strict(),
  /** Librarians: the books their grants cover, any status. */
  manageBooks: z
    .object({
      status: z.enum(['draft', 'published', 'unpublished']).nullish(),
      q: searchText.optional(),
      cursor: cursorSchema,
      limit: limitSchema,
    })
    .strict(),
  updateBook: z
    .object({
      bookId: bookIdSchema,
      title: plainText({ min: 1, minMessage: '请填写书名', max: bookTitleMax, maxMessage: `书名不超过 ${bookTitleMax} 字` }),
      author: plainText({ max: bookAuthorMax, maxMessage: `作者不超过 ${bookAuthorMax} 字` }),
      description: plainText({ max: bookDescriptionMax, maxMessage: `简介不超过 ${bookDescriptionMax} 字`, multiline: true }),
      category: bookCategorySchema,
      tags: z.array(tagSchema).max(libraryLimits.tagsPerBook, `标签最多 ${libraryLimits.tagsPerBook} 个`),
      /** The visibility scope: members of this branch's subtree see the book once published. */
      branchId: idSchema,
    })
    .strict(),
  publishBook: z.object({ bookId: bookIdSchema }).strict(),
  unpublishBook: z.object({ bookId: bookIdSchema }).strict(),
  /** Creates (no id) or replaces a 书单; the books in the order given. */
  saveList: z
    .object({
      id: listIdSchema.nullish(),
      branchId: idSchema,
      title: plainText({ min: 1, minMessage: '请填写书单名称', max: libraryLimits.listTitleMaxLength, maxMessage: `书单名称不超过 ${libraryLimits.listTitleMaxLength} 字` }),
      description: plainText({ max: listDescriptionMax, maxMessage: `书单简介不超过 ${listDescriptionMax} 字`, multiline: true }),
      bookIds: z
        .array(bookIdSchema)
        .max(listBooksMax, `书单最多 ${listBooksMax} 本书`)
        .refine((ids) => new Set(ids).size === ids.length, '书单中有重复的图书'),
    })
    .strict(),
  publishList: z.object({ id: listIdSchema }).strict(),
  deleteList: z.object({ id: listIdSchema }).strict(),
  listDetail: z.object({ id: listIdSchema }).strict(),
  /** Published lists the caller may read; `manage` (librarians): every list their grants cover. */
  lists: z.object({ manage: z.boolean().default(false), cursor: cursorSchema, limit: limitSchema }).strict(),
}

/** A search hit: the book, its title and author with the matched words marked, and a passage of the best chapter. */
export interface BookSearchHit extends BookSummary {
  titleMarked: MarkedText
  authorMarked: MarkedText
  snippet: { chapterOrd: number; chapterTitle: string; text: MarkedText } | null
}

export interface Suggestion {
  kind: 'title' | 'author'
  /** What a tap puts into the search box. */
  text: string
  marked: MarkedText
}

export interface ListSummary {
  id: number
  title: string
  description: string
  bookCount: number
  status: 'draft' | 'published'
  branch: BranchRef
  /** Up to three covers for the list's card. */
  coverUrls: (string | null)[]
}

export interface LibraryHome {
  newest: BookSummary[]
  popular: (BookSummary & { readers: number })[]
  lists: ListSummary[]
  categories: { category: BookCategory; count: number }[]
}

export interface BookProgress {
  chapterOrd: number
  charOffset: number
  permille: number
  finishedAt: string | null
  updatedAt: string
}

export interface BookDetail {
  book: BookSummary & {
    description: string
    publisher: string
    isbn: string | null
    language: string
    tags: string[]
    publishedAt: string | null
  }
  toc: TocEntry[]
  /** Published 书单 the caller may read that hold the book. */
  lists: { id: number; title: string }[]
  /** Null for a caller who is not a member (a librarian previewing). */
  onShelf: boolean | null
  progress: BookProgress | null
  /** For a librarian whose grant covers the book's scope. */
  manage: { status: BookStatus; branch: BranchRef; updatedAt: string } | null
}

export interface ManagedBook extends BookSummary {
  status: BookStatus
  branch: BranchRef
  tags: string[]
  updatedAt: string
}

export interface ListDetail extends ListSummary {
  books: BookSummary[]
  /** For a librarian over the list: every book, in order, with its status (some may be hidden from members). */
  canEdit: boolean
  bookStatuses: Record<number, BookStatus> | null
}

export interface CatalogueOutputs {
  libraryHome: LibraryHome
  browseBooks: Page<BookSummary>
  searchBooks: Page<BookSearchHit>
  suggest: { suggestions: Suggestion[] }
  bookDetail: BookDetail
  manageBooks: Page<ManagedBook>
  updateBook: ManagedBook
  publishBook: { bookId: number; status: BookStatus }
  unpublishBook: { bookId: number; status: BookStatus }
  saveList: { id: number }
  publishList: { id: number; status: 'published' }
  deleteList: { id: number }
  listDetail: ListDetail
  lists: Page<ListSummary>
}
