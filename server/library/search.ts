import { z } from 'zod'
import type { BookCategory, MarkedText } from '../../src/shared/api/library-common'
import type { BookSearchHit, Suggestion } from '../../src/shared/api/library-catalogue'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, encodeCursor } from '../cursor'
import type { Db, Queryable } from '../db'
import { indexWords, wordTokens } from '../search/segment'
import { tagLexeme, textQuery, tsquerySql } from '../search/text-search'
import type { MatchMode, TextQuery } from '../search/text-search'
import { audiencePaths } from './books'
import { bookSummarySql, toBookSummary } from './books'
import type { BookSummaryRow } from './books'

/**
 * 电子书屋 search: books by title, author, description and tags (library_book.search_vector) and by
 * the full text of their chapters (library_chapter.search_vector), in words cut by jieba
 * (server/search), over the published books the caller's branch may read.
 *
 * Ranking is in tiers, then inside a tier (scoreOf): every query word in the title, then every
 * word in the author, then anywhere in the book's own text, then only in its chapters. The tiers
 * are decided on words (the title cut like the index cuts it), so 「月」 does not put 「明月集」
 * first.
 *
 * A search orders a bounded set of candidates, like the legal knowledge base: a common word
 * matches thousands of the 20,000 books. The candidates are the newest `candidateBooks` books
 * matching in title or author (their own index, migration 0023, so title hits are never crowded
 * out by description hits), the newest `candidateBooks` matching anywhere in the book's own text
 * while the title window is not full, and the books of up to `candidateChapters` matching chapters.
 */
export const candidateBooks = 200
export const candidateChapters = 300

const searchCursor = z.object({ m: z.enum(['all', 'any']), s: z.number().min(0).max(10), i: cursorId }).strict()

/**
 * For the rest of the transaction, plans from the indexes only (one statement: on a busy
 * machine every round trip counts).
 */
const indexesOnlySql = "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"

interface Candidate {
  id: number
  title: string
  author: string
  chapter_count: number
  /** Matches in the book's own text (title, author, description, tags), not only in its chapters. */
  in_book: boolean
  /** The first chapter holding the words, and how many of the candidate chapters do. */
  chapter_ord: number | null
  chapters_matched: number
}

/** Whether the text holds the query words as words (all of them, or any in 'any' mode). */
function holdsWords(text: string, words: string[], mode: MatchMode): boolean {
  // Cutting the text costs more than the rest of the ordering: only when the characters are there.
  const lower = text.toLowerCase()
  if (!(mode === 'all' ? words.every((w) => lower.includes(w)) : words.some((w) => lower.includes(w)))) return false
  const have = new Set(indexWords(text))
  return mode === 'all' ? words.every((w) => have.has(w)) : words.some((w) => have.has(w))
}

/**
 * The tier, plus a fraction below 1 that orders books inside it: for a title or author match the
 * share of it the query covers (「李白」 before 「李白诗选注评」), for text matches the share of
 * the book's chapters holding the words.
 */
function scoreOf(c: Candidate, words: string[], mode: MatchMode): number {
  const queryChars = words.join('').length
  const share = (text: string) => Math.min(queryChars / Math.max(text.length, 1), 1) * 0.99
  if (holdsWords(c.title, words, mode)) return 3 + share(c.title)
  if (holdsWords(c.author, words, mode)) return 2 + share(c.author)
  return (c.in_book ? 1 : 0) + 0.99 * Math.min(c.chapters_matched / Math.max(c.chapter_count, 1), 1)
}

/**
 * The candidates, all from the GIN indexes and without ranking functions: ts_rank reads a
 * chapter's whole word list (9 ms for 300 chapters), and the index answers `@@` exactly.
 */
async function candidates(db: Db, query: TextQuery, audience: string[], category: BookCategory | null): Promise<Candidate[]> {
  // The category is a tag among a book's words, so the GIN index intersects the two (tagLexeme).
  const bookMatch = tsquerySql('$1', category ? '$4' : undefined)
  const params: unknown[] = [query.text, audience, category]
  if (category) params.push(tagLexeme('category', category))
  // The GIN indexes, never a walk: not knowing how rare a word is, the planner read every
  // chapter's word list (toasted: 70 ms over 2,000 chapters), or walked the books newest first
  // testing each one's words (25 ms for a word no title holds).
  return db.transaction(async (tx) => {
    await tx.query(indexesOnlySql)
    return tx.query<Candidate>(
      `WITH by_title AS (
         SELECT b.id FROM library_book b
          WHERE ts_filter(b.search_vector, '{a}') @@ to_tsquery('simple', $1::text) AND b.status = 'published' AND b.branch_path = ANY($2::text[])
            AND ($3::text IS NULL OR b.category = $3::text)
          ORDER BY b.published_at DESC, b.id DESC LIMIT ${candidateBooks}),
       -- With a full window of title matches, the ten pages a member might read are all title
       -- matches: the text matches (thousands for a common word, each read to sort it) are skipped.
       by_text AS (
         SELECT b.id FROM library_book b
          WHERE (SELECT count(*) FROM by_title) < ${candidateBooks}
            AND b.search_vector @@ ${bookMatch} AND b.status = 'published' AND b.branch_path = ANY($2::text[])
          ORDER BY b.published_at DESC, b.id DESC LIMIT ${candidateBooks}),
       by_chapter AS (
         SELECT c.book_id, min(c.ord) AS ord, count(*)::int AS matched
           FROM (SELECT c.book_id, c.ord FROM library_chapter c JOIN library_book b ON b.id = c.book_id
                  WHERE c.search_vector @@ to_tsquery('simple', $1::text) AND b.status = 'published' AND b.branch_path = ANY($2::text[])
                    AND ($3::text IS NULL OR b.category = $3::text)
                  LIMIT ${candidateChapters}) c
          GROUP BY c.book_id)
       SELECT b.id, b.title, b.author, b.chapter_count, b.id IN (SELECT id FROM by_title UNION ALL SELECT id FROM by_text) AS in_book,
              ch.ord AS chapter_ord, coalesce(ch.matched, 0) AS chapters_matched
         FROM (SELECT id FROM by_title UNION SELECT id FROM by_text UNION SELECT book_id FROM by_chapter) ids
         JOIN library_book b ON b.id = ids.id
         LEFT JOIN by_chapter ch ON ch.book_id = b.id`,
      params,
    )
  })
}

async function hitsOf(db: Queryable, ranked: { c: Candidate; score: number }[], query: TextQuery): Promise<BookSearchHit[]> {
  if (ranked.length === 0) return []
  const rows = await db.query<BookSummaryRow & { chapter_ord: number | null; chapter_title: string | null; passage: string | null; lead: boolean | null }>(
    // The passage around the first query word the chapter holds, cut in the database so a
    // 20,000-character chapter never crosses for 100 characters.
    `SELECT ${bookSummarySql('b')}, c.ord AS chapter_ord, c.title AS chapter_title,
            substr(c.plain_text, greatest(1, p.at - ${snippetLead}), ${snippetLength}) AS passage, p.at > ${snippetLead + 1} AS lead
       FROM unnest($1::int[], $2::int[]) AS want(book_id, ord)
       JOIN library_book b ON b.id = want.book_id
       LEFT JOIN library_chapter c ON c.book_id = want.book_id AND c.ord = want.ord
       LEFT JOIN LATERAL (SELECT coalesce(min(nullif(strpos(lower(c.plain_text), w), 0)), 1) AS at FROM unnest($3::text[]) AS w) p ON c.ord IS NOT NULL`,
    [ranked.map((r) => r.c.id), ranked.map((r) => r.c.chapter_ord), query.words],
  )
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ranked.flatMap(({ c }) => {
    const row = byId.get(c.id)
    if (!row) return []
    return [
      {
        ...toBookSummary(row),
        titleMarked: markWords(row.title, query.words),
        authorMarked: markWords(row.author, query.words),
        snippet:
          row.chapter_ord !== null && row.chapter_title !== null && row.passage !== null
            ? {
                chapterOrd: row.chapter_ord,
                chapterTitle: row.chapter_title,
                text: markWords(`${row.lead ? '…' : ''}${row.passage.replace(/\s+/g, ' ')}`, query.words),
              }
            : null,
      },
    ]
  })
}

const snippetLead = 20
const snippetLength = 100

async function ranked(
  db: Db,
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
  db: Db,
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

/**
 * Up to 8 titles and authors as the member types: those starting with the text first, then
 * those holding its words, the last word as a prefix (「明」 finds 「明月」).
 */
export async function suggest(db: Db, caller: Caller, q: string): Promise<{ suggestions: Suggestion[] }> {
  const typed = q.trim()
  const audience = audiencePaths(caller)
  if (!typed || audience.length === 0) return { suggestions: [] }
  const query = textQuery(typed)
  const prefix = typed.toLowerCase()
  const rows = await db.transaction(async (tx) => {
    // From the indexes (the prefix ranges, the GIN word list), never a walk of every book.
    await tx.query(indexesOnlySql)
    const starting = await tx.query<{ title: string; author: string }>(
      `SELECT b.title, b.author FROM library_book b
        WHERE ((lower(b.title) COLLATE "C" >= $2 AND lower(b.title) COLLATE "C" < $3)
               OR (lower(b.author) COLLATE "C" >= $2 AND lower(b.author) COLLATE "C" < $3))
          AND b.status = 'published' AND b.branch_path = ANY($1::text[])
        ORDER BY b.published_at DESC, b.id DESC LIMIT ${suggestionCount}`,
      // Every string starting with the prefix sorts below the prefix followed by U+FFFF.
      [audience, prefix, `${prefix}\uffff`],
    )
    if (!query || starting.length >= suggestionCount) return starting
    const holding = await tx.query<{ title: string; author: string }>(
      `SELECT b.title, b.author FROM library_book b
        WHERE ts_filter(b.search_vector, '{a}') @@ to_tsquery('simple', $2::text) AND b.status = 'published' AND b.branch_path = ANY($1::text[])
        ORDER BY b.published_at DESC, b.id DESC LIMIT ${suggestionCount * 3}`,
      [audience, `${query.text}:*`],
    )
    return [...starting, ...holding]
  })
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
