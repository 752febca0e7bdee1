/**
 * 在线律师, routing (issue 10 §2): the lawyers' queue, claiming on duty, releasing, and a
 * legal_admin's assigning. One lawyer holds a question at a time: claims are conditional updates.
 */
import { z } from 'zod'
import type { ParsedInput } from '../../src/shared/api'
import type { AssignOption, LawyerRef, QueueItem } from '../../src/shared/api/legal-ask'
import type { QueueFilter } from '../../src/shared/legal/ask-rules'
import type { EscalationStep, LegalCategory } from '../../src/shared/api/legal-common'
import type { Page } from '../../src/shared/errors'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { notify } from '../notify'
import { chainOf, covers, scopePaths } from '../scope'
import { iso } from '../sql'
import { askerViews } from './asker'
import { addQuestionEvent } from './questions'
import { isOnDuty, lawyerCovers, lawyersCovering, lawyerNameSql, onDutyLawyers } from './roster'

interface QuestionRef {
  id: number
  asker_user_id: number
  branch_path: string
  queue_branch_id: number
  queue_path: string
  title: string
  status: 'open' | 'resolved' | 'closed'
  lawyer_user_id: number | null
}

async function findQuestion(db: Queryable, questionId: number, options: { lock?: boolean } = {}): Promise<QuestionRef | null> {
  const [row] = await db.query<QuestionRef>(
    `SELECT id, asker_user_id, branch_path, queue_branch_id, queue_path, title, status, lawyer_user_id
       FROM legal_question WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [questionId],
  )
  return row ?? null
}

function adminCovers(caller: Caller, q: QuestionRef): boolean {
  return covers(caller, 'legal_admin', q.branch_path) || covers(caller, 'legal_admin', q.queue_path)
}

/** The same answer for a missing question and one the caller may not see: existence is not revealed. */
function notFound(): AppError {
  return new AppError('NOT_FOUND', '咨询不存在或您无权查看')
}

function requireOpen(q: QuestionRef): void {
  if (q.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN')
}

// ---- the queue -----------------------------------------------------------------------------

/** The caller's grants as the queue's SQL reads them (queueScopeSql). */
interface ScopeParams {
  lawyerPaths: string[]
  adminPaths: string[]
  /** The city and county on each grant's chain: the queues a grant may cover or lie under. */
  queueIds: number[]
  /** Grants at the city, whose counties' queues they cover too. */
  cityGrantIds: number[]
}

function scopeParams(caller: Caller): ScopeParams | null {
  const grants = caller.grants.filter((g) => g.role === 'lawyer' || g.role === 'legal_admin')
  if (grants.length === 0) return null
  return {
    lawyerPaths: scopePaths(caller, 'lawyer'),
    adminPaths: scopePaths(caller, 'legal_admin'),
    queueIds: [...new Set(grants.flatMap((g) => chainOf(g.branchPath).slice(0, 2)))],
    cityGrantIds: grants.filter((g) => chainOf(g.branchPath).length === 1).map((g) => g.branchId),
  }
}

function scopeValues(p: ScopeParams): unknown[] {
  return [p.lawyerPaths, p.adminPaths, p.queueIds, p.cityGrantIds]
}

/**
 * CTE `scope`: the queues (the city and its counties) the caller works on, with parameters
 * $n..$n+3 from scopeValues. Per queue, `lawyer`: a lawyer grant covers it (its unclaimed
 * questions and the caller's own); `prefixes`: legal_admin subtrees whose questions it sees — the
 * whole queue for an admin above it, or what was asked from below an admin under it (a county's
 * questions routed to the city when the county had no roster). The queue is then read one index
 * range per queue, oldest first, and merged: a city-wide range would sort every open question.
 */
function queueScopeSql(n: number): string {
  const [lawyers, admins, ids, cities] = [n, n + 1, n + 2, n + 3].map((i) => `$${i}`)
  return `scope AS (
    SELECT queue_path, lawyer, prefixes FROM (
      SELECT b.path AS queue_path,
             EXISTS (SELECT 1 FROM unnest(${lawyers}::text[]) AS l(p) WHERE b.path LIKE l.p || '%') AS lawyer,
             CASE WHEN EXISTS (SELECT 1 FROM unnest(${admins}::text[]) AS a(p) WHERE b.path LIKE a.p || '%') THEN ARRAY[b.path::text]
                  ELSE ARRAY(SELECT a.p FROM unnest(${admins}::text[]) AS a(p) WHERE a.p LIKE b.path || '%') END AS prefixes
        FROM branch b
       WHERE b.level <= 2 AND (b.id = ANY(${ids}::int[]) OR b.parent_id = ANY(${cities}::int[]))
    ) s WHERE lawyer OR cardinality(prefixes) > 0
  )`
}

interface QueueRow {
  id: number
  category: LegalCategory
  title: string
  excerpt: string
  queue_branch_id: number
  queue_name: string
  anonymous: boolean
  member_id: number
  branch_id: number
  county_branch_id: number
  asked_at: Date
  due_at: Date
  overdue: boolean
  escalation_step: EscalationStep
  awaiting: 'lawyer' | 'member'
  answered: boolean
  lawyer_user_id: number | null
  lawyer_name: string | null
}

const queueColumns = `q.id, q.category, q.title, left(q.body, 80) AS excerpt, q.queue_branch_id, qb.name AS queue_name, q.anonymous,
  q.member_id, q.branch_id, q.county_branch_id, q.asked_at, q.due_at, q.first_response_at IS NULL AND q.due_at <= $2 AS overdue,
  q.escalation_step, q.awaiting, q.first_response_at IS NOT NULL AS answered, q.lawyer_user_id,
  CASE WHEN q.lawyer_user_id IS NULL THEN NULL ELSE (SELECT ${lawyerNameSql('lu')} FROM app_user lu WHERE lu.id = q.lawyer_user_id) END AS lawyer_name`

const queueCursor = z.object({ at: cursorTime, id: cursorId }).strict()

function filterSql(filter: QueueFilter): string {
  switch (filter) {
    case 'unclaimed':
      return 'q.lawyer_user_id IS NULL'
    case 'overdue':
      return 'q.first_response_at IS NULL AND q.due_at <= $2'
    case 'all':
    case 'mine':
      return 'true'
  }
}

/**
 * The caller's work list, oldest first: unclaimed questions of the queues its lawyer grants cover
 * and its own; for a legal_admin, every open question of its subtree. Never the caller's own
 * questions. The asker appears only as askerViews shows them.
 */
export async function lawyerQueue({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'lawyerQueue'>, now = new Date()): Promise<Page<QueueItem>> {
  const after = decodeCursor(input.cursor, queueCursor)
  const params = [caller.userId, now, after?.at ?? null, after?.id ?? null, input.limit + 1]
  const page = `($3::timestamptz IS NULL OR (q.asked_at, q.id) > ($3::timestamptz, $4::int))`
  let rows: QueueRow[]
  if (input.filter === 'mine') {
    rows = await db.query<QueueRow>(
      `SELECT ${queueColumns} FROM legal_question q JOIN branch qb ON qb.id = q.queue_branch_id
        WHERE q.lawyer_user_id = $1 AND q.status = 'open' AND ${page}
        ORDER BY q.asked_at, q.id LIMIT $5`,
      params,
    )
  } else {
    const scope = scopeParams(caller)
    if (!scope) return { items: [], nextCursor: null }
    rows = await db.query<QueueRow>(
      `WITH ${queueScopeSql(6)}
       SELECT q.* FROM scope s
        CROSS JOIN LATERAL (
          SELECT ${queueColumns} FROM legal_question q JOIN branch qb ON qb.id = q.queue_branch_id
           WHERE q.status = 'open' AND q.queue_path = s.queue_path AND q.asker_user_id <> $1 AND ${page} AND ${filterSql(input.filter)}
             AND ((s.lawyer AND (q.lawyer_user_id IS NULL OR q.lawyer_user_id = $1))
                  OR EXISTS (SELECT 1 FROM unnest(s.prefixes) AS p(path)
                              WHERE q.branch_path >= p.path COLLATE "C" AND q.branch_path < (p.path || '~') COLLATE "C"))
           ORDER BY q.asked_at, q.id LIMIT $5
        ) q
        ORDER BY q.asked_at, q.id LIMIT $5`,
      [...params, ...scopeValues(scope)],
    )
  }
  const askers = await askerViews(
    db,
    rows.map((r) => ({ anonymous: r.anonymous, memberId: r.member_id, branchId: r.branch_id, countyBranchId: r.county_branch_id })),
  )
  const askerOf = new Map(rows.map((r, i) => [r.id, askers[i]]))
  return pageOf(
    rows,
    input.limit,
    (row): QueueItem => ({
      id: row.id,
      category: row.category,
      title: row.title,
      excerpt: row.excerpt,
      queue: { id: row.queue_branch_id, name: row.queue_name },
      asker: askerOf.get(row.id) ?? { anonymous: true, county: '' },
      askedAt: iso(row.asked_at),
      dueAt: iso(row.due_at),
      overdue: row.overdue,
      escalationStep: row.escalation_step,
      awaiting: row.awaiting,
      answered: row.answered,
      lawyer: row.lawyer_user_id === null ? null : { userId: row.lawyer_user_id, name: row.lawyer_name ?? '' },
      mine: row.lawyer_user_id === caller.userId,
    }),
    (row) => ({ at: iso(row.asked_at), id: row.id }),
  )
}

/** 律师工作台's badge: unclaimed questions of the queues the caller's lawyer grants cover (null: not a lawyer). */
export async function unclaimedCount(db: Queryable, caller: Caller): Promise<number | null> {
  const scope = scopeParams(caller)
  if (!scope || scope.lawyerPaths.length === 0) return null
  const [row] = await db.query<{ n: number }>(
    `WITH ${queueScopeSql(2)}
     SELECT count(*)::int AS n FROM scope s JOIN legal_question q ON q.queue_path = s.queue_path
      WHERE s.lawyer AND q.status = 'open' AND q.lawyer_user_id IS NULL AND q.asker_user_id <> $1`,
    [caller.userId, ...scopeValues(scope)],
  )
  return row.n
}

// ---- claiming, releasing, assigning --------------------------------------------------------

/**
 * An on-duty lawyer of the question's queue takes it. Two lawyers claiming at once: the
 * conditional update lets exactly one through; the other is told it is taken. Claiming one's own
 * claim again answers it unchanged.
 */
export async function claimQuestion({ db }: Deps, caller: Caller, questionId: number, now = new Date()): Promise<{ questionId: number; claimedAt: string }> {
  const q = await findQuestion(db, questionId)
  if (!q || !(covers(caller, 'lawyer', q.queue_path) || q.lawyer_user_id === caller.userId)) throw notFound()
  if (q.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
  requireOpen(q)
  const mineAlready = async () => {
    const [row] = await db.query<{ claimed_at: Date }>('SELECT claimed_at FROM legal_question WHERE id = $1 AND lawyer_user_id = $2', [q.id, caller.userId])
    return row ? { questionId: q.id, claimedAt: iso(row.claimed_at) } : null
  }
  if (q.lawyer_user_id === caller.userId) {
    const mine = await mineAlready()
    if (mine) return mine
  }
  if (q.lawyer_user_id !== null) throw new AppError('LEGAL_ALREADY_CLAIMED')
  if (!(await isOnDuty(db, q.queue_branch_id, caller.userId, now))) throw new AppError('LEGAL_NOT_ON_DUTY')
  const claimedAt = await db.transaction(async (tx) => {
    const [claimed] = await tx.query<{ claimed_at: Date }>(
      `UPDATE legal_question SET lawyer_user_id = $2, claimed_at = $3, updated_at = $3
        WHERE id = $1 AND lawyer_user_id IS NULL AND status = 'open'
        RETURNING claimed_at`,
      [q.id, caller.userId, now],
    )
    if (!claimed) return null
    await addQuestionEvent(tx, { questionId: q.id, actorUserId: caller.userId, kind: 'claimed' })
    return claimed.claimed_at
  })
  if (claimedAt) return { questionId: q.id, claimedAt: iso(claimedAt) }
  // Someone else got there first (or the member closed it meanwhile); a double tap of ours answers ours.
  const mine = await mineAlready()
  if (mine) return mine
  const latest = await findQuestion(db, q.id)
  if (latest && latest.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN')
  throw new AppError('LEGAL_ALREADY_CLAIMED')
}

/** The assigned lawyer gives the question back to its queue for another lawyer to claim. */
export async function releaseQuestion({ db }: Deps, caller: Caller, questionId: number): Promise<{ questionId: number }> {
  await db.transaction(async (tx) => {
    const q = await findQuestion(tx, questionId, { lock: true })
    if (!q) throw notFound()
    if (q.lawyer_user_id !== caller.userId) {
      if (covers(caller, 'lawyer', q.queue_path) && q.lawyer_user_id === null) throw new AppError('LEGAL_NOT_ASSIGNED')
      throw notFound()
    }
    requireOpen(q)
    await tx.query('UPDATE legal_question SET lawyer_user_id = NULL, claimed_at = NULL, updated_at = now() WHERE id = $1', [q.id])
    await addQuestionEvent(tx, { questionId: q.id, actorUserId: caller.userId, kind: 'released' })
  })
  return { questionId }
}

/** A question a legal_admin may act on: in its scope, not its own. */
async function adminQuestion(db: Queryable, caller: Caller, questionId: number, options: { lock?: boolean } = {}): Promise<QuestionRef> {
  const q = await findQuestion(db, questionId, options)
  if (!q || !adminCovers(caller, q)) throw notFound()
  if (q.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
  return q
}

/**
 * A legal_admin in scope gives the question to a lawyer of its queue (or moves it to another).
 * The lawyer is told through the message centre. Assigning to the lawyer who holds it changes nothing.
 */
export async function assignQuestion({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'assignQuestion'>): Promise<{ questionId: number; lawyer: LawyerRef }> {
  const q = await adminQuestion(db, caller, input.questionId)
  requireOpen(q)
  if (q.asker_user_id === input.lawyerUserId) throw new AppError('LEGAL_SELF_SERVICE', '不能把咨询指派给提问者本人')
  if (!(await lawyerCovers(db, input.lawyerUserId, q.queue_path))) throw new AppError('LEGAL_LAWYER_OUT_OF_SCOPE', '所选人员不是负责该咨询队列的律师')
  const [lawyer] = await db.query<LawyerRef>(`SELECT u.id AS "userId", ${lawyerNameSql('u')} AS name FROM app_user u WHERE u.id = $1`, [input.lawyerUserId])
  await db.transaction(async (tx) => {
    const locked = await adminQuestion(tx, caller, input.questionId, { lock: true })
    requireOpen(locked)
    if (locked.lawyer_user_id === input.lawyerUserId) return
    await tx.query('UPDATE legal_question SET lawyer_user_id = $2, claimed_at = now(), updated_at = now() WHERE id = $1', [q.id, input.lawyerUserId])
    const eventId = await addQuestionEvent(tx, {
      questionId: q.id,
      actorUserId: caller.userId,
      kind: 'assigned',
      detail: { from: locked.lawyer_user_id, to: input.lawyerUserId },
    })
    await notify(tx, {
      userId: input.lawyerUserId,
      kind: 'legal_assigned',
      // Per assignment: a question reassigned back to the same lawyer tells them again.
      source: `legal_event:${eventId}`,
      title: '有一条法律咨询指派给您',
      body: `咨询「${q.title}」已指派给您，请尽快回复。`,
      link: withQuery(routes.legalQuestion, { id: q.id }),
      payload: { questionTitle: q.title.slice(0, 20) },
    })
  })
  return { questionId: q.id, lawyer }
}

/** Who a legal_admin may assign the question to: the lawyers covering its queue, with who is on duty now. */
export async function assignOptions({ db }: Deps, caller: Caller, questionId: number, now = new Date()): Promise<{ lawyers: AssignOption[] }> {
  const q = await adminQuestion(db, caller, questionId)
  const [lawyers, onDuty] = await Promise.all([lawyersCovering(db, q.queue_path), onDutyLawyers(db, q.queue_branch_id, now)])
  const onDutyIds = new Set(onDuty.map((l) => l.userId))
  return {
    lawyers: lawyers
      .filter((l) => l.userId !== q.asker_user_id)
      .map((l) => ({ ...l, onDuty: onDutyIds.has(l.userId), current: l.userId === q.lawyer_user_id }))
      .sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || a.userId - b.userId),
  }
}
