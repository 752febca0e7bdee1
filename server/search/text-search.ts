import { queryWords } from './segment'

/**
 * SQL pieces for Chinese full-text search over a tsvector column filled from server/search/segment
 * ('simple' configuration: no stemming, no stop words, one lexeme per segmented word). They work
 * alike on PGlite and PostgreSQL. A table that searches:
 *
 *   - stores `search_vector tsvector` with a GIN index, written with
 *     `searchVectorSql({ A: '$2', B: '$3' })` and the parameters `segmentForIndex(title)`,
 *     `segmentForIndex(body)`;
 *   - reads with `textQuery(q)` → `{ text }` as a parameter of `tsquerySql('$n')` in its FROM list
 *     (`FROM t, tsquerySql('$1') AS q WHERE t.search_vector @@ q ORDER BY rankSql('t.search_vector', 'q') DESC`).
 */

export type SearchWeight = 'A' | 'B' | 'C' | 'D'

/**
 * A tag: a value a search narrows by (a category), kept in the same tsvector as the words so that
 * the GIN index intersects words and tag itself. A B-tree on the column instead would hand
 * PostgreSQL a choice, and for a word rare inside a common category it read every row of the
 * category (48 ms at 50,000 articles) to find none. The `=` keeps a tag apart from every word:
 * the 'simple' parser never leaves one in a lexeme.
 */
export function tagLexeme(name: string, value: string): string {
  return `${name}=${value}`
}

/**
 * A weighted tsvector from segmented texts, e.g. `{ A: '$2', B: '$3' }` →
 * setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B').
 * The values are SQL expressions (parameters or columns) holding segmentForIndex output; `tags`,
 * an SQL expression of a text[] of tagLexeme values, adds them as lexemes of their own.
 */
export function searchVectorSql(parts: Partial<Record<SearchWeight, string>>, tags?: string): string {
  const pieces = (Object.entries(parts) as [SearchWeight, string][]).map(
    ([weight, expression]) => `setweight(to_tsvector('simple', coalesce(${expression}, '')), '${weight}')`,
  )
  if (pieces.length === 0) throw new Error('searchVectorSql needs at least one weighted text')
  if (tags) pieces.push(`array_to_tsvector(${tags}::text[])`)
  return pieces.join(' || ')
}

/** all: every word must occur (the default); any: at least one, ranked by how well they match. */
export type MatchMode = 'all' | 'any'

export interface TextQuery {
  /** The segmented query words, for highlighting or excerpts. */
  words: string[]
  /** The tsquery text for tsquerySql: each word a quoted lexeme, joined by & or |. */
  text: string
}

/** A lexeme quoted for to_tsquery: inside '…' a quote is doubled and a backslash escaped. */
function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** The query for a user's search text, or null when it holds no word (only spaces or punctuation). */
export function textQuery(q: string, mode: MatchMode = 'all'): TextQuery | null {
  const words = queryWords(q)
  if (words.length === 0) return null
  return { words, text: words.map(lexeme).join(mode === 'all' ? ' & ' : ' | ') }
}

/**
 * The tsquery for a parameter holding TextQuery.text; with `tagParam` (a parameter holding one
 * tagLexeme) every match must also carry that tag. The tag is cast, not parsed: to_tsquery would
 * split it at the `=`.
 */
export function tsquerySql(param: string, tagParam?: string): string {
  const words = `to_tsquery('simple', ${param}::text)`
  return tagParam ? `(${words} && quote_literal(${tagParam}::text)::tsquery)` : words
}

/** Relevance: title words (A) weigh more than body words (B); normalised by document length (flag 1). */
export function rankSql(vector: string, query: string): string {
  return `ts_rank(${vector}, ${query}, 1)`
}
