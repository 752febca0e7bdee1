import { z } from 'zod'
import type { Page } from '../../src/shared/errors'
import type { KnowledgeArticleSummary, LegalCategory } from '../../src/shared/api/legal-common'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { iso } from '../sql'
import { segmentForIndex } from '../search/segment'
import { rankSql, searchVectorSql, textQuery, tsquerySql } from '../search/text-search'
import type { MatchMode, TextQuery } from '../search/text-search'

/**
 * 常见问题 search and browse. A search asks first for articles holding every word of the query;
 * when none does (a whole question typed as a title on the ask page), it falls back to articles
 * holding any of them, best ranked first. The cursor remembers which of the two it is paging.
 */

// The position is the last article's id; its exact publishing time (microseconds, which a JS
// Date would round) is read back in the query.
const browseCursor = z.object({ i: cursorId }).strict()
const searchCursor = z.object({ m: z.enum(['all', 'any']), r: z.number().min(0).max(1e6), i: cursorId }).strict()

interface ArticleRow {
  id: number
  category: LegalCategory
  title: string
  answer_text: string
  published_at: Date
  rank: number | null
}

const excerptLength = 80
const excerptLead = 20

/** The start of the answer, or a passage around the first query word it holds. */
export function excerptOf(answer: string, words: string[]): string {
  const text = answer.replace(/\s+/g, ' ').trim()
  const lower = text.toLowerCase()
  const hits = words.map((w) => lower.indexOf(w)).filter((at) => at >= 0)
  const start = hits.length > 0 ? Math.max(0, Math.min(...hits) - excerptLead) : 0
  const chars = Array.from(text.slice(start))
  const body = chars.slice(0, excerptLength).join('')
  return `${start > 0 ? '…' : ''}${body}${chars.length > excerptLength ? '…' : ''}`
}

function toSummary(words: string[]) {
  return (row: ArticleRow): KnowledgeArticleSummary => ({
    id: row.id,
    category: row.category,
    title: row.title,
    excerpt: excerptOf(row.answer_text, words),
    publishedAt: iso(row.published_at),
  })
}

const columns = 'a.id, a.category, a.title, a.answer_text, a.published_at'

async function browse(db: Queryable, category: LegalCategory | null, cursor: string | null | undefined, limit: number) {
  const after = decodeCursor(cursor, browseCursor)
  const rows = await db.query<ArticleRow>(
    `SELECT ${columns}, NULL::real AS rank FROM legal_kb_article a
      WHERE a.status = 'published' AND ($1::text IS NULL OR a.category = $1)
        AND ($2::int IS NULL OR (a.published_at, a.id) < ((SELECT p.published_at FROM legal_kb_article p WHERE p.id = $2), $2))
      ORDER BY a.published_at DESC, a.id DESC LIMIT $3`,
    [category, after?.i ?? null, limit + 1],
  )
  return pageOf(rows, limit, toSummary([]), (r) => ({ i: r.id }))
}

async function matching(db: Queryable, query: TextQuery, mode: MatchMode, category: LegalCategory | null, after: { r: number; i: number } | null, limit: number) {
  const rows = await db.query<ArticleRow>(
    `SELECT ${columns}, ${rankSql('a.search_vector', 'q')} AS rank
       FROM legal_kb_article a, ${tsquerySql('$1')} AS q
      WHERE a.status = 'published' AND a.search_vector @@ q AND ($2::text IS NULL OR a.category = $2)
        AND ($3::real IS NULL OR (${rankSql('a.search_vector', 'q')}, a.id) < ($3::real, $4))
      ORDER BY rank DESC, a.id DESC LIMIT $5`,
    [query.text, category, after?.r ?? null, after?.i ?? null, limit + 1],
  )
  return pageOf(rows, limit, toSummary(query.words), (r) => ({ m: mode, r: r.rank ?? 0, i: r.id }))
}

export async function searchKnowledge(
  db: Queryable,
  input: { q: string; category?: LegalCategory | null; cursor?: string | null; limit: number },
): Promise<Page<KnowledgeArticleSummary>> {
  const category = input.category ?? null
  if (input.q === '') return browse(db, category, input.cursor, input.limit)
  const after = decodeCursor(input.cursor, searchCursor)
  const mode = after?.m ?? 'all'
  const query = textQuery(input.q, mode)
  // Only punctuation: there is no word to look for.
  if (!query) return { items: [], nextCursor: null }
  const page = await matching(db, query, mode, category, after, input.limit)
  if (page.items.length > 0 || after || query.words.length === 1) return page
  const anyQuery = textQuery(input.q, 'any')
  return anyQuery ? matching(db, anyQuery, 'any', category, null, input.limit) : page
}

export interface NewArticle {
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
  publishedBy: number
  sourceQuestionId?: number | null
}

/** The words an article is found by: its title (weight A), then the question and the answer (B). */
export function articleSearchTexts(article: Pick<NewArticle, 'title' | 'questionText' | 'answerText'>): [string, string] {
  return [segmentForIndex(article.title), segmentForIndex(`${article.questionText}\n${article.answerText}`)]
}

export const articleVectorSql = searchVectorSql({ A: '$1', B: '$2' })

export async function insertArticle(db: Queryable, article: NewArticle): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO legal_kb_article (search_vector, category, title, question_text, answer_text, published_by, source_question_id)
     VALUES (${articleVectorSql}, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [...articleSearchTexts(article), article.category, article.title, article.questionText, article.answerText, article.publishedBy, article.sourceQuestionId ?? null],
  )
  return row.id
}
