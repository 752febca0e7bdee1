import { z } from 'zod'
import { routes, withQuery } from '../../src/routes'
import type { KnowledgeArticleSummary, LegalCategory } from '../../src/shared/api/legal-common'
import { maskedKindNames } from '../../src/shared/legal/kb'
import type { MaskedKind } from '../../src/shared/legal/kb'
import type { ArticleStatus, KnowledgeArticle, PublishDraft } from '../../src/shared/api/legal-kb'
import type { Page } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { notify } from '../notify'
import { covers } from '../scope'
import { audit, iso } from '../sql'
import { askerIdentity, findIdentity, maskIdentity } from './personal-info'
import { segmentForIndex } from '../search/segment'
import { rankSql, searchVectorSql, tagLexeme, textQuery, tsquerySql } from '../search/text-search'
import type { MatchMode, TextQuery } from '../search/text-search'

/**
 * 常见问题 search and browse. A search asks first for articles holding every word of the query;
 * when none does (a whole question typed as a title on the ask page), it falls back to articles
 * holding any of them. The cursor remembers which of the two it is paging.
 *
 * Ranking (ts_rank) reads every ranked article's word list, so a search ranks the
 * `rankedMatches` newest articles that match, not all of them: a common word such as 劳动合同
 * matches a third of all articles, and ranking every match cost ~60 ms p50 / 300 ms p99 at 50,000
 * (bench/kb-search.ts; a window of 200 measured p50 18 ms, 100 p50 4.8 ms).
 * Finding those newest matches takes one of two ways, chosen by what the data shows rather than
 * by the planner's estimate (words and categories go together, so a word common overall can be
 * absent from a category, and the planner then walked all 50,000 articles for nothing):
 * - the newest `walkedArticles` articles are read in order and tested; a common word fills the
 *   window there, and that is the answer;
 * - otherwise the word is rare, and the GIN index lists all its matches cheaply.
 */
export const rankedMatches = 100
const walkedArticles = 1_000

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


async function browse(db: Queryable, category: LegalCategory | null, cursor: string | null | undefined, limit: number) {
  const after = decodeCursor(cursor, browseCursor)
  const rows = await db.query<ArticleRow>(
    `SELECT a.id, a.category, a.title, a.answer_text, a.published_at, NULL::real AS rank FROM legal_kb_article a
      WHERE a.status = 'published' AND ($1::text IS NULL OR a.category = $1)
        AND ($2::int IS NULL OR (a.published_at, a.id) < ((SELECT p.published_at FROM legal_kb_article p WHERE p.id = $2), $2))
      ORDER BY a.published_at DESC, a.id DESC LIMIT $3`,
    [category, after?.i ?? null, limit + 1],
  )
  return pageOf(rows, limit, toSummary([]), (r) => ({ i: r.id }))
}

/** The ids of the newest `rankedMatches` published articles matching the query (see above). */
async function newestMatches(db: Db, query: TextQuery, category: LegalCategory | null): Promise<number[]> {
  const walked = await db.query<{ id: number }>(
    `SELECT r.id FROM (SELECT a.id, a.search_vector FROM legal_kb_article a
                        WHERE a.status = 'published' AND ($2::text IS NULL OR a.category = $2)
                        ORDER BY a.published_at DESC, a.id DESC LIMIT ${walkedArticles}) r
      WHERE r.search_vector @@ ${tsquerySql('$1')} LIMIT ${rankedMatches}`,
    [query.text, category],
  )
  if (walked.length === rankedMatches) return walked.map((r) => r.id)
  // Rare words: from the GIN index, never a walk testing every article's words one by one. The
  // category is a tag among the words, so the index intersects the two (tagLexeme).
  const [matches, params] = category ? [tsquerySql('$1', '$2'), [query.text, categoryTag(category)]] : [tsquerySql('$1'), [query.text]]
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off')
    await tx.query('SET LOCAL enable_indexscan = off')
    const listed = await tx.query<{ id: number }>(
      `SELECT a.id FROM legal_kb_article a
        WHERE a.search_vector @@ ${matches} AND a.status = 'published'
        ORDER BY a.published_at DESC, a.id DESC LIMIT ${rankedMatches}`,
      params,
    )
    return listed.map((r) => r.id)
  })
}

async function matching(db: Db, query: TextQuery, mode: MatchMode, category: LegalCategory | null, after: { r: number; i: number } | null, limit: number) {
  const ids = await newestMatches(db, query, category)
  if (ids.length === 0) return { items: [], nextCursor: null }
  const rank = rankSql('a.search_vector', 'q')
  const rows = await db.query<ArticleRow>(
    `SELECT a.id, a.category, a.title, a.answer_text, a.published_at, ${rank} AS rank
       FROM legal_kb_article a, ${tsquerySql('$1')} AS q
      WHERE a.id = ANY($2::int[]) AND ($3::real IS NULL OR (${rank}, a.id) < ($3::real, $4))
      ORDER BY rank DESC, a.id DESC LIMIT $5`,
    [query.text, ids, after?.r ?? null, after?.i ?? null, limit + 1],
  )
  return pageOf(rows, limit, toSummary(query.words), (r) => ({ m: mode, r: r.rank ?? 0, i: r.id }))
}

export async function searchKnowledge(
  db: Db,
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
  /** Seeds and benches back-date articles; published now otherwise. */
  publishedAt?: Date
}

/** The words an article is found by: its title (weight A), then the question and the answer (B). */
export function articleSearchTexts(article: Pick<NewArticle, 'title' | 'questionText' | 'answerText'>): [string, string] {
  return [segmentForIndex(article.title), segmentForIndex(`${article.questionText}\n${article.answerText}`)]
}

/** The tag an article's category is searched by, inside its words (see tagLexeme). */
export function categoryTag(category: LegalCategory): string {
  return tagLexeme('category', category)
}

/** The article's search vector from articleSearchTexts in $1, $2 and its categoryTag in `tagParam`. */
export function articleVectorSql(tagParam: string): string {
  return searchVectorSql({ A: '$1', B: '$2' }, `ARRAY[${tagParam}::text]`)
}

export async function insertArticle(db: Queryable, article: NewArticle): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO legal_kb_article (search_vector, category, title, question_text, answer_text, published_by, source_question_id, published_at)
     VALUES (${articleVectorSql('$10')}, $3, $4, $5, $6, $7, $8, COALESCE($9, now())) RETURNING id`,
    [
      ...articleSearchTexts(article),
      article.category,
      article.title,
      article.questionText,
      article.answerText,
      article.publishedBy,
      article.sourceQuestionId ?? null,
      article.publishedAt ?? null,
      categoryTag(article.category),
    ],
  )
  return row.id
}

// ——— publishing ———

interface SourceQuestion {
  id: number
  asker_user_id: number
  lawyer_user_id: number | null
  status: 'open' | 'resolved' | 'closed'
  category: LegalCategory
  title: string
  body: string
  branch_path: string
  queue_path: string
}

/** A legal_admin over the question: its grant covers the asker's branch or the queue. */
function adminOver(caller: Caller, paths: string[]): boolean {
  return paths.some((path) => covers(caller, 'legal_admin', path))
}

/**
 * The question an article is made from, for its lawyer or a legal_admin over it. Anyone else
 * finds no such question; staff never publish their own.
 */
async function questionToPublish(db: Queryable, caller: Caller, questionId: number, lock = false): Promise<SourceQuestion> {
  const [question] = await db.query<SourceQuestion>(
    `SELECT id, asker_user_id, lawyer_user_id, status, category, title, body, branch_path, queue_path
       FROM legal_question WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [questionId],
  )
  const allowed = question && (question.lawyer_user_id === caller.userId || adminOver(caller, [question.branch_path, question.queue_path]))
  if (!allowed) throw new AppError('NOT_FOUND', '咨询不存在')
  if (question.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
  if (question.status === 'open') throw new AppError('LEGAL_KB_NOT_ANSWERED', '这条咨询尚未解决或关闭，暂不能发布到常见问题')
  return question
}

async function existingArticle(db: Queryable, questionId: number) {
  const [row] = await db.query<{ id: number; status: ArticleStatus }>('SELECT id, status FROM legal_kb_article WHERE source_question_id = $1', [questionId])
  return row ?? null
}

/**
 * The starting text of an article: the question and the member's follow-ups as the question, the
 * lawyer's messages as the answer, with the asker's identity masked. The lawyer edits it before
 * publishing, and publishing checks the edited text again.
 */
export async function publishDraft(db: Queryable, caller: Caller, questionId: number): Promise<PublishDraft> {
  const question = await questionToPublish(db, caller, questionId)
  const messages = await db.query<{ author_side: 'member' | 'lawyer'; body: string }>(
    'SELECT author_side, body FROM legal_message WHERE question_id = $1 ORDER BY id',
    [questionId],
  )
  const answers = messages.filter((m) => m.author_side === 'lawyer').map((m) => m.body)
  if (answers.length === 0) throw new AppError('LEGAL_KB_NOT_ANSWERED', '律师尚未解答这条咨询，没有可发布的内容')
  const followUps = messages.filter((m) => m.author_side === 'member').map((m) => `追问：${m.body}`)
  const asker = await askerIdentity(db, questionId)
  const title = maskIdentity(question.title, asker)
  const questionText = maskIdentity([question.body, ...followUps].join('\n\n'), asker)
  const answerText = maskIdentity(answers.join('\n\n'), asker)
  await audit(db, { actor: caller.userId, action: 'legal.publishDraft', targetType: 'legal_question', targetIds: [questionId] })
  return {
    questionId,
    category: question.category,
    title: title.text,
    questionText: questionText.text,
    answerText: answerText.text,
    masked: (Object.keys(maskedKindNames) as MaskedKind[]).filter((kind) => [title, questionText, answerText].some((t) => t.masked.includes(kind))),
    article: await existingArticle(db, questionId),
  }
}

const fieldNames = { title: '标题', questionText: '问题', answerText: '解答' } as const

export interface ArticleText {
  category: LegalCategory
  title: string
  questionText: string
  answerText: string
}

/**
 * Publishes the edited text once per question (a withdrawn article is published again in place),
 * with the `published` event and a message to the asker, in one transaction. Text that still
 * names the asker is refused, saying where and what kind, never the value found.
 */
export async function publishArticle(db: Db, caller: Caller, questionId: number, text: ArticleText): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    await questionToPublish(tx, caller, questionId, true)
    const asker = await askerIdentity(tx, questionId)
    const problems = (Object.keys(fieldNames) as (keyof typeof fieldNames)[])
      .map((field) => ({ field, kinds: findIdentity(text[field], asker) }))
      .filter((p) => p.kinds.length > 0)
    if (problems.length > 0) {
      const where = problems.map((p) => `${fieldNames[p.field]}中有${p.kinds.map((k) => maskedKindNames[k]).join('、')}`).join('；')
      throw new AppError('LEGAL_KB_PERSONAL_INFO', `发布内容中仍有提问职工的个人信息（${where}），请删除后再发布`)
    }
    const existing = await existingArticle(tx, questionId)
    if (existing?.status === 'published') throw new AppError('LEGAL_KB_ALREADY_PUBLISHED')
    const params = [...articleSearchTexts(text), text.category, text.title, text.questionText, text.answerText, caller.userId, questionId, categoryTag(text.category)]
    const [row] = existing
      ? await tx.query<{ id: number }>(
          `UPDATE legal_kb_article SET search_vector = ${articleVectorSql('$9')}, category = $3, title = $4, question_text = $5, answer_text = $6,
                  published_by = $7, status = 'published', published_at = now(), updated_at = now()
            WHERE source_question_id = $8 RETURNING id`,
          params,
        )
      : await tx.query<{ id: number }>(
          `INSERT INTO legal_kb_article (search_vector, category, title, question_text, answer_text, published_by, source_question_id)
           VALUES (${articleVectorSql('$9')}, $3, $4, $5, $6, $7, $8) RETURNING id`,
          params,
        )
    await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail) VALUES ($1, $2, 'published', $3)`, [
      questionId,
      caller.userId,
      JSON.stringify({ articleId: row.id }),
    ])
    const [{ asker_user_id: askerUserId }] = await tx.query<{ asker_user_id: number }>('SELECT asker_user_id FROM legal_question WHERE id = $1', [questionId])
    await notify(tx, {
      userId: askerUserId,
      kind: 'legal_published',
      source: `legal_kb_article:${row.id}`,
      title: '您的咨询已匿名发布到常见问题',
      body: `律师将您的咨询整理为常见问题「${text.title}」，其中不含您的姓名、电话等个人信息，可帮助遇到同样问题的职工。`,
      link: withQuery(routes.legalArticle, { id: row.id }),
      payload: { articleTitle: text.title },
    })
    return { id: row.id }
  })
}

interface ArticleRowFull {
  id: number
  category: LegalCategory
  title: string
  question_text: string
  answer_text: string
  status: ArticleStatus
  published_at: Date
  published_by: number
  branch_path: string | null
  queue_path: string | null
  root_path: string
}

async function loadArticle(db: Queryable, id: number, lock = false): Promise<ArticleRowFull | null> {
  const [row] = await db.query<ArticleRowFull>(
    `SELECT a.id, a.category, a.title, a.question_text, a.answer_text, a.status, a.published_at, a.published_by,
            q.branch_path, q.queue_path, (SELECT path FROM branch WHERE level = 1 ORDER BY id LIMIT 1) AS root_path
       FROM legal_kb_article a LEFT JOIN legal_question q ON q.id = a.source_question_id
      WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
    [id],
  )
  return row ?? null
}

/** Its publisher, or a legal_admin over its question (over the whole city for an article written without one). */
function mayWithdraw(caller: Caller, article: ArticleRowFull): boolean {
  const paths = article.branch_path && article.queue_path ? [article.branch_path, article.queue_path] : [article.root_path]
  return article.published_by === caller.userId || adminOver(caller, paths)
}

export async function knowledgeArticle(db: Queryable, caller: Caller, id: number): Promise<KnowledgeArticle> {
  const article = await loadArticle(db, id)
  const canWithdraw = article !== null && mayWithdraw(caller, article)
  // A withdrawn article is gone for readers; its publisher and admins still open it.
  if (!article || (article.status !== 'published' && !canWithdraw)) throw new AppError('NOT_FOUND', '该问答不存在或已撤下')
  return {
    id: article.id,
    category: article.category,
    title: article.title,
    questionText: article.question_text,
    answerText: article.answer_text,
    status: article.status,
    publishedAt: iso(article.published_at),
    canWithdraw: canWithdraw && article.status === 'published',
  }
}

export async function withdrawArticle(db: Db, caller: Caller, id: number): Promise<{ id: number; status: ArticleStatus }> {
  return db.transaction(async (tx) => {
    const article = await loadArticle(tx, id, true)
    if (!article || !mayWithdraw(caller, article)) throw new AppError('NOT_FOUND', '该问答不存在或已撤下')
    if (article.status === 'published') {
      await tx.query(`UPDATE legal_kb_article SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [id])
      await audit(tx, { actor: caller.userId, action: 'legal.withdrawArticle', targetType: 'legal_kb_article', targetIds: [id] })
    }
    return { id, status: 'withdrawn' }
  })
}
