/**
 * 在线律师, asking (issue 10 §1): a member's question goes to their county's queue, or to the
 * city's when the county has no duty roster, with its response deadlines frozen at asking.
 */
import { z } from 'zod'
import type { ParsedInput } from '../../src/shared/api'
import type { MyQuestionSummary } from '../../src/shared/api/legal-ask'
import type { LegalCategory, QuestionStatus } from '../../src/shared/api/legal-common'
import type { Page } from '../../src/shared/errors'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles } from '../files/attach'
import { iso, isoOrNull } from '../sql'
import { loadPolicy, questionDeadlines } from './deadlines'
import { queueFor } from './roster'

/** The file service's record name of the files asked with a question. */
export function questionRecord(questionId: number): string {
  return `legal_question:${questionId}`
}

/** The timeline steps this part writes (legal_event.kind). */
export type AskEventKind = 'asked' | 'claimed' | 'assigned' | 'released'

/** Appends a timeline entry and answers its id; the step it reports is written by the same transaction. */
export async function addQuestionEvent(
  db: Queryable,
  event: { questionId: number; actorUserId: number; kind: AskEventKind; detail?: Record<string, unknown> },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO legal_event (question_id, actor_user_id, kind, detail) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
    [event.questionId, event.actorUserId, event.kind, JSON.stringify(event.detail ?? {})],
  )
  return row.id
}

async function questionOfRequest(db: Queryable, userId: number, requestId: string): Promise<number | null> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM legal_question WHERE asker_user_id = $1 AND request_id = $2', [userId, requestId])
  return row?.id ?? null
}

/**
 * Asks a question, once per request id: a retry (or a concurrent double tap) answers the question
 * the first call made. Refusals write nothing: input is checked before, and an attachment the file
 * service refuses rolls the question back.
 */
export async function askQuestion(deps: Deps, caller: Caller, input: ParsedInput<'legal', 'ask'>, now = new Date()): Promise<{ questionId: number }> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const replay = await questionOfRequest(deps.db, caller.userId, input.requestId)
  if (replay !== null) return { questionId: replay }

  const [{ county, queue }, policy] = await Promise.all([queueFor(deps.db, member.branchPath), loadPolicy(deps.db)])
  const deadlines = questionDeadlines(now, policy)
  const questionId = await deps.db.transaction(async (tx) => {
    const [created] = await tx.query<{ id: number }>(
      `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path,
                                   category, title, body, anonymous, request_id, asked_at, last_member_at, due_at, escalate_county_at,
                                   escalate_city_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16, $13)
       ON CONFLICT ON CONSTRAINT legal_question_request_once DO NOTHING
       RETURNING id`,
      [
        caller.userId,
        member.id,
        member.branchId,
        member.branchPath,
        county.id,
        queue.id,
        queue.path,
        input.category,
        input.title,
        input.body,
        input.anonymous,
        input.requestId,
        now,
        deadlines.dueAt,
        deadlines.escalateCountyAt,
        deadlines.escalateCityAt,
      ],
    )
    // A concurrent retry of this request inserted first: its question is the answer.
    if (!created) return null
    await attachFiles(tx, caller, input.fileIds, { purpose: 'lawyer_attachment', record: questionRecord(created.id) })
    await addQuestionEvent(tx, {
      questionId: created.id,
      actorUserId: caller.userId,
      kind: 'asked',
      detail: { queueBranchId: queue.id, routedToCity: queue.id !== county.id, files: input.fileIds.length },
    })
    return created.id
  })
  if (questionId !== null) return { questionId }
  const raced = await questionOfRequest(deps.db, caller.userId, input.requestId)
  if (raced === null) throw new Error('legal_question: the request was asked, yet its question is gone')
  return { questionId: raced }
}

interface MyQuestionRow {
  id: number
  category: LegalCategory
  title: string
  status: QuestionStatus
  awaiting: 'lawyer' | 'member'
  anonymous: boolean
  asked_at: Date
  first_response_at: Date | null
  claimed: boolean
  rated: boolean
}

const myCursor = z.object({ id: cursorId }).strict()

/** 我的咨询: the caller's own questions, newest first, off legal_question_member_idx. */
export async function myQuestions({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'myQuestions'>): Promise<Page<MyQuestionSummary>> {
  const after = decodeCursor(input.cursor, myCursor)
  const rows = await db.query<MyQuestionRow>(
    `SELECT id, category, title, status, awaiting, anonymous, asked_at, first_response_at,
            lawyer_user_id IS NOT NULL AS claimed, rating IS NOT NULL AS rated
       FROM legal_question
      WHERE asker_user_id = $1 AND ($2::int IS NULL OR id < $2::int)
      ORDER BY id DESC LIMIT $3`,
    [caller.userId, after?.id ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (row): MyQuestionSummary => ({
      id: row.id,
      category: row.category,
      title: row.title,
      status: row.status,
      awaiting: row.awaiting,
      anonymous: row.anonymous,
      askedAt: iso(row.asked_at),
      firstResponseAt: isoOrNull(row.first_response_at),
      claimed: row.claimed,
      rated: row.rated,
    }),
    (row) => ({ id: row.id }),
  )
}
