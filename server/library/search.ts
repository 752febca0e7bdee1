import { z } from 'zod'
import type { BookCategory, MarkedText } from '../../src/shared/api/library-common'
import type { BookSearchHit, Suggestion } from '../../src/shared/api/library-catalogue'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, encodeCursor } from '../cursor'
import type { Queryable } from '../db'
import { indexWords, wordTokens } from '../search/segment'
import { tagLexeme, textQuery, tsquerySql } from '../search/text-search'
import type { MatchMode, TextQuery } from '../search/text-search'
import { audiencePaths } from './books'
import { bookSummarySql, toBookSummary } from './catalogue'
import type { BookSummaryRow } from './catalogue'

/**
 * 电子书屋 search: books by title, author, description and tags (library_book.search_vector) and by
 * the full text of their chapters (library_chapter.search_vector), in words cut by jieba
 * (server/search), over the published books the caller's branch may read.
 *
 * Ranking is in tiers, then by relevance inside a tier: every query word in the title, then
 * every word in the author, then anywhere in the book's own text, then only in its chapters. The
 * tiers are decided on words (the title cut like the index cuts it), so 「月」 does not put
 * 「明月集」 first.
 *
 * A search ranks a bounded set of candidates, like the legal knowledge base: ranking every match
 * of a common word among 20,000 books reads every one of their word lists. The candidates are the
 * newest `candidateBooks` books matching in title or author (A-weighted lexemes, so title hits are
 * never crowded out by description hits), the newest `candidateBooks` matching anywhere in the
 * book's own text, and up to `candidateChapters` matching chapters.
 */
export const candidateBooks = 200
export const candidateChapters = 300

const searchCursor = z.object({ m: z.enum(['all', 'any']), s: z.number().min(0).max(10), i: cursorId }).strict()

/** The SQL tsquery text restricted to title and author: every lexeme gets the A weight. */
function titleAuthorQuery(query: TextQuery): string {
  return query.words.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':A`).join(query.text.includes(' | ') ? ' | ' : ' & ')
}

interface Candidate {
  id: number
  title: string
  author: string
  published_at: Date
  book_rank: number | null
  chapter_ord: number | null
  chapter_rank: number | null
}

/** Whether the text holds the query words as words (all of them, or any in 'any' mode). */
function holdsWords(text: string, words: string[], mode: MatchMode): boolean {
  const have = new Set(indexWords(text))
  return mode === 'all' ? words.every((w) => have.has(w)) : words.some((w) => have.has(w))
}

function scoreOf(c: Candidate, words: string[], mode: MatchMode): number {
  const tier = holdsWords(c.title, words, mode) ? 3 : holdsWords(c.author, words, mode) ? 2 : c.book_rank !== null ? 1 : 0
  // ts_rank with normalisation 32 is rank / (rank + 1): below 1, so it never lifts a book over a tier.
  return tier + 0.5 * (c.book_rank ?? 0) + 0.49 * (c.chapter_rank ?? 0)
}

async function candidates(db: Queryable, query: TextQuery, audience: string[], category: BookCategory | null): Promise<Candidate[]> {
  // The category is a tag among a book's words, so the GIN index intersects the two (tagLexeme).
  const bookMatch = tsquerySql('$1', category ? '$5' : undefined)
  const titleMatch = tsquerySql('$3', category ? '$5' : undefined)
  const params: unknown[] = [query.text, audience, titleAuthorQuery(query), category]
  if (category) params.push(tagLexeme('category', category))
  return db.query<Candidate>(
    `WITH q AS (SELECT to_tsquery('simple', $1::text) AS q),
     by_title AS (
       SELECT b.id FROM library_book b
        WHERE b.search_vector @@ ${titleMatch} AND b.status = 'published' AND b.branch_path = ANY($2::text[])
        ORDER BY b.published_at DESC, b.id DESC LIMIT ${candidateBooks}),
     by_text AS (
       SELECT b.id FROM library_book b
        WHERE b.search_vector @@ ${bookMatch} AND b.status = 'published' AND b.branch_path = ANY($2::text[])
        ORDER BY b.published_at DESC, b.id DESC LIMIT ${candidateBooks}),
     by_chapter AS (
       SELECT DISTINCT ON (c.book_id) c.book_id, c.ord, ts_rank(c.search_vector, q.q, 32) AS rank
         FROM (SELECT c.book_id, c.ord, c.search_vector FROM library_chapter c
                 JOIN library_book b ON b.id = c.book_id
                WHERE c.search_vector @@ to_tsquery('simple', $1::text) AND b.status = 'published' AND b.branch_path = ANY($2::text[])
                  AND ($4::text IS NULL OR b.category = $4::text)
                LIMIT ${candidateChapters}) c, q
        ORDER BY c.book_id, rank DESC, c.ord)
     SELECT b.id, b.title, b.author, b.published_at,
            CASE WHEN b.search_vector @@ q.q THEN ts_rank(b.search_vector, q.q, 32) END AS book_rank,
            ch.ord AS chapter_ord, ch.rank AS chapter_rank
       FROM (SELECT id FROM by_title UNION SELECT id FROM by_text UNION SELECT book_id FROM by_chapter) ids
       JOIN library_book b ON b.id = ids.id
       LEFT JOIN by_chapter ch ON ch.book_id = b.id
       CROSS JOIN q`,
    params,
  )
}

async function hitsOf(db: Queryable, ranked: { c: Candidate; score: number }[], query: TextQuery): Promise<BookSearchHit[]> {
  if (ranked.length === 0) return []
  const ids = ranked.map((r) => r.c.id)
  const [books, passages] = await Promise.all([
    db.query<BookSummaryRow>(`SELECT ${bookSummarySql('b')} FROM library_book b WHERE b.id = ANY($1::int[])`, [ids]),
    db.query<{ book_id: number; ord: number; title: string; passage: string; lead: boolean }>(
      // The passage around the first query word the chapter holds, cut in the database so a
      // 20,000-character chapter never crosses for 100 characters.
      `SELECT c.book_id, c.ord, c.title, substr(c.plain_text, greatest(1, p.at - ${snippetLead}), ${snippetLength}) AS passage, p.at > ${snippetLead + 1} AS lead
         FROM library_chapter c
         JOIN unnest($1::int[], $2::int[]) AS want(book_id, ord) ON want.book_id = c.book_id AND want.ord = c.ord
         CROSS JOIN LATERAL (SELECT coalesce(min(nullif(strpos(lower(c.plain_text), w), 0)), 1) AS at FROM unnest($3::text[]) AS w) p`,
      [
        ranked.filter((r) => r.c.chapter_ord !== null).map((r) => r.c.id),
        ranked.filter((r) => r.c.chapter_ord !== null).map((r) => r.c.chapter_ord),
        query.words,
      ],
    ),
  ])
  const bookById = new Map(books.map((b) => [b.id, b]))
  const passageById = new Map(passages.map((p) => [p.book_id, p]))
  return ranked.flatMap(({ c }) => {
    const book = bookById.get(c.id)
    if (!book) return []
    const passage = passageById.get(c.id)
    return [
      {
        ...toBookSummary(book),
        titleMarked: markWords(book.title, query.words),
        authorMarked: markWords(book.author, query.words),
        snippet: passage
          ? { chapterOrd: passage.ord, chapterTitle: passage.title, text: markWords(`${passage.lead ? '…' : ''}${passage.passage.replace(/\s+/g, ' ')}`, query.words) }
          : null,
      },
    ]
  })
}

const snippetLead = 20
const snippetLength = 100

async function ranked(
  db: Queryable,
  query: TextQuery,
  mode: MatchMode,
  audience: string[],
  category: BookCategory | null,
  after: { s: number; i: number } | null,
  limit: number,
): Promise<Page<BookSearchHit>> {
  const found = await candidates(db, query, audience, category)
  const order = found
    .map((c) => ({ c, score: scoreOf(c, query.words, mode) }))
    .sort((a, b) => b.score - a.score || b.c.id - a.c.id)
    .filter((r) => !after || r.score < after.s || (r.score === after.s && r.c.id < after.i))
  const page = order.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: await hitsOf(db, page, query),
    nextCursor: order.length > limit ? encodeCursor({ m: mode, s: last.score, i: last.c.id }) : null,
  }
}

/**
 * Published books the caller may read that hold every word of `q`; when none does and `q` has
 * several words, those holding any of them. The cursor remembers which of the two it pages.
 */
export async function searchBooks(
  db: Queryable,
  caller: Caller,
  input: { q: string; category?: BookCategory | null; cursor?: string | null; limit: number },
): Promise<Page<BookSearchHit>> {
  const after = decodeCursor(input.cursor, searchCursor)
  const mode = after?.m ?? 'all'
  const query = textQuery(input.q, mode)
  const audience = audiencePaths(caller)
  if (!query || audience.length === 0) return { items: [], nextCursor: null }
  const category = input.category ?? null
  const page = await ranked(db, query, mode, audience, category, after, input.limit)
  if (page.items.length > 0 || after || query.words.length === 1) return page
  const anyQuery = textQuery(input.q, 'any')
  return anyQuery ? ranked(db, anyQuery, 'any', audience, category, null, input.limit) : page
}

/**
 * The query words marked where they stand as words in the text: the text is cut like the index
 * cuts it, and a token is marked when it is a query word, or the part of it that is (「青天」 in
 * 「问青天」). A single character inside a longer word is not marked (「月」 in 「明月」).
 */
export function markWords(text: string, words: string[]): MarkedText {
  const wanted = new Set(words.map((w) => w.toLowerCase()))
  const marks: [number, number][] = []
  let at = 0
  for (const token of wordTokens(text)) {
    const lower = token.toLowerCase()
    if (wanted.has(lower)) {
      marks.push([at, at + token.length])
    } else if (token.length > 1) {
      for (const part of indexWords(token)) {
        if (part === lower || !wanted.has(part)) continue
        for (let i = lower.indexOf(part); i >= 0; i = lower.indexOf(part, i + 1)) marks.push([at + i, at + i + part.length])
      }
    }
    at += token.length
  }
  return { text, marks: mergeMarks(marks) }
}

/** Marks in order, overlapping or touching ones joined. */
function mergeMarks(marks: [number, number][]): [number, number][] {
  const sorted = [...marks].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: [number, number][] = []
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1]
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

/** The typed text marked wherever it occurs (a suggestion shows what the member has typed so far). */
function markTyped(text: string, typed: string, words: string[]): MarkedText {
  const lower = text.toLowerCase()
  const needle = typed.toLowerCase()
  const at = needle ? lower.indexOf(needle) : -1
  return at >= 0 ? { text, marks: [[at, at + needle.length]] } : markWords(text, words)
}

const suggestionCount = 8

/** LIKE's wildcards in typed text stand for themselves. */
function likePrefix(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * Up to 8 titles and authors as the member types: those starting with the text first, then
 * those holding its words, the last word as a prefix (「明」 finds 「明月」).
 */
export async function suggest(db: Queryable, caller: Caller, q: string): Promise<{ suggestions: Suggestion[] }> {
  const typed = q.trim()
  const audience = audiencePaths(caller)
  if (!typed || audience.length === 0) return { suggestions: [] }
  const query = textQuery(typed)
  const prefixQuery = query ? `${query.text}:*` : null
  const rows = await db.query<{ title: string; author: string; prefix: boolean }>(
    `(SELECT b.title, b.author, true AS prefix FROM library_book b
       WHERE b.status = 'published' AND b.branch_path = ANY($1::text[]) AND (lower(b.title) LIKE $2 OR lower(b.author) LIKE $2)
       ORDER BY b.published_at DESC, b.id DESC LIMIT ${suggestionCount})
     UNION ALL
     (SELECT b.title, b.author, false FROM library_book b
       WHERE $3::text IS NOT NULL AND b.search_vector @@ to_tsquery('simple', $3::text)
         AND b.status = 'published' AND b.branch_path = ANY($1::text[])
       ORDER BY b.published_at DESC, b.id DESC LIMIT ${suggestionCount * 3})`,
    [audience, likePrefix(typed), prefixQuery],
  )
  const words = query?.words ?? []
  const seen = new Set<string>()
  const suggestions: Suggestion[] = []
  const add = (kind: Suggestion['kind'], text: string) => {
    if (!text || seen.has(`${kind}:${text}`) || suggestions.length >= suggestionCount) return
    seen.add(`${kind}:${text}`)
    suggestions.push({ kind, text, marked: markTyped(text, typed, words) })
  }
  const lowerTyped = typed.toLowerCase()
  for (const row of rows) {
    const inTitle = row.title.toLowerCase().includes(lowerTyped) || markWords(row.title, words).marks.length > 0
    const inAuthor = row.author.toLowerCase().includes(lowerTyped) || markWords(row.author, words).marks.length > 0
    if (inTitle || !inAuthor) add('title', row.title)
    if (inAuthor) add('author', row.author)
  }
  return { suggestions }
}
