import { randomBytes } from 'node:crypto'
import type { Queryable } from '../../server/db'
import { assembleBlocks } from '../../server/library/blocks'
import { chapterIndexTexts, chapterVectorSql, reindexBook } from '../../server/library/search-index'
import type { BookCategory } from '../../src/shared/library/names'

export interface BookFixture {
  title: string
  author?: string
  description?: string
  category?: BookCategory
  tags?: string[]
  /** The branch whose subtree the book is for, by name (default: the city). */
  branchName?: string
  status?: 'draft' | 'published' | 'unpublished'
  createdBy: number
  chapters: { title: string; paragraphs: string[] }[]
}

/**
 * A book inserted directly, as an import would leave it with its chapters, contents and search
 * vectors (the import part has its own tests with real EPUB files). Returns the book's id.
 */
export async function insertBook(db: Queryable, book: BookFixture): Promise<number> {
  const [branch] = await db.query<{ id: number; path: string }>(
    book.branchName ? 'SELECT id, path FROM branch WHERE name = $1' : 'SELECT id, path FROM branch WHERE level = 1',
    book.branchName ? [book.branchName] : [],
  )
  if (!branch) throw new Error(`insertBook: no branch ${book.branchName}`)
  const chapters = book.chapters.map((c) => {
    const { blocks, plainText } = assembleBlocks([{ kind: 'heading', level: 2, text: c.title }, ...c.paragraphs.map((text) => ({ kind: 'paragraph' as const, text }))])
    const html = `<h2>${c.title}</h2>${c.paragraphs.map((p) => `<p>${p}</p>`).join('')}`
    return { title: c.title, html, blocks, plainText }
  })
  const status = book.status ?? 'published'
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO library_book (content_sha256, title, author, description, category, tags, branch_id, branch_path, status, published_at,
                               chapter_count, char_count, search_vector, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'draft' THEN NULL ELSE now() END, $10, $11, ''::tsvector, $12)
     RETURNING id`,
    [
      randomBytes(32).toString('hex'),
      book.title,
      book.author ?? '佚名',
      book.description ?? '',
      book.category ?? 'classics',
      book.tags ?? [],
      branch.id,
      branch.path,
      status,
      chapters.length,
      chapters.reduce((sum, c) => sum + c.plainText.length, 0),
      book.createdBy,
    ],
  )
  for (const [ord, c] of chapters.entries()) {
    await db.query(
      `INSERT INTO library_chapter (book_id, ord, title, html, blocks, plain_text, char_count, search_vector)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${chapterVectorSql('$8', '$9')})`,
      [row.id, ord, c.title, c.html, JSON.stringify(c.blocks), c.plainText, c.plainText.length, ...chapterIndexTexts(c.title, c.plainText)],
    )
    await db.query('INSERT INTO library_toc (book_id, ord, depth, title, chapter_ord) VALUES ($1, $2, 0, $3, $2)', [row.id, ord, c.title])
  }
  await reindexBook(db, row.id)
  return row.id
}
