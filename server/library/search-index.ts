import type { Queryable } from '../db'
import { segmentForIndex } from '../search/segment'
import { searchVectorSql, tagLexeme } from '../search/text-search'

/**
 * What the library's search reads, written in one place: the import writes it when a book and its
 * chapters arrive, the catalogue when a librarian edits a book. Built on server/search (jieba words
 * in a 'simple' tsvector) like the legal knowledge base.
 *
 * A book's vector: title and author weigh A, description, publisher and tags B, and the category a
 * tag lexeme (`category=<c>`) so a search inside one category intersects in the GIN index.
 */
export async function reindexBook(db: Queryable, bookId: number): Promise<void> {
  const [book] = await db.query<{ title: string; author: string; description: string; publisher: string; tags: string[]; category: string }>(
    'SELECT title, author, description, publisher, tags, category FROM library_book WHERE id = $1',
    [bookId],
  )
  if (!book) return
  await db.query(
    `UPDATE library_book SET search_vector = ${searchVectorSql({ A: '$2', B: '$3' }, '$4')} WHERE id = $1`,
    [
      bookId,
      segmentForIndex(`${book.title}\n${book.author}`),
      segmentForIndex([book.description, book.publisher, ...book.tags].join('\n')),
      [tagLexeme('category', book.category)],
    ],
  )
}

/** The SQL for a chapter's search_vector from two parameters holding chapterIndexTexts. */
export function chapterVectorSql(titleParam: string, textParam: string): string {
  return searchVectorSql({ A: titleParam, B: textParam })
}

/** The segmented title and text of a chapter, for chapterVectorSql's parameters. */
export function chapterIndexTexts(title: string, plainText: string): [string, string] {
  return [segmentForIndex(title), segmentForIndex(plainText)]
}
