import type { DrawRule, ManagedQuiz, QuizSummary, SaveQuizInput } from '../../src/shared/api/quiz-bank'
import type { QuizMode, QuizStatus } from '../../src/shared/api/quiz-common'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { branchRefSql, isoOrNull } from '../sql'
import type { BranchRef } from '../sql'
import { editableBank } from './banks'
import { questionCountOf, saveDrawRulesCheck } from './draw'

/** 测验: practice and graded quizzes a course_editor sets up over a bank (contest rounds are the contest part's). */

interface QuizRow {
  id: number
  title: string
  description: string
  branch: BranchRef
  branch_path: string
  bank_id: number
  bank_title: string
  mode: QuizMode
  status: QuizStatus
  draw_rules: DrawRule[]
  question_count: number
  time_limit_seconds: number
  attempt_limit: number | null
  pass_percent: number
  published_at: Date | null
  attempt_count: number
}

const quizSelect = `SELECT q.id, q.title, q.description, ${branchRefSql('b')} AS branch, q.branch_path, q.bank_id, k.title AS bank_title,
    q.mode, q.status, q.draw_rules, q.question_count, q.time_limit_seconds, q.attempt_limit, q.pass_percent, q.published_at,
    (SELECT count(*)::int FROM quiz_attempt a WHERE a.quiz_id = q.id AND a.status <> 'in_progress') AS attempt_count
  FROM quiz q JOIN branch b ON b.id = q.branch_id JOIN question_bank k ON k.id = q.bank_id`

function toSummary(r: QuizRow): QuizSummary {
  return {
    id: r.id,
    title: r.title,
    branch: r.branch,
    bank: { id: r.bank_id, title: r.bank_title },
    mode: r.mode,
    status: r.status,
    questionCount: r.question_count,
    timeLimitSeconds: r.time_limit_seconds,
    attemptLimit: r.attempt_limit,
    passPercent: r.pass_percent,
    publishedAt: isoOrNull(r.published_at),
  }
}

export async function listQuizzes(db: Queryable, caller: Caller, input: { status?: QuizStatus; cursor?: string | null; limit: number }) {
  const after = decodeCursor(input.cursor, cursorId)
  const rows = await db.query<QuizRow>(
    `${quizSelect}
      WHERE q.mode <> 'contest' AND ${inSubtreesSql('q.branch_path', '$1')} AND ($2::text IS NULL OR q.status = $2) AND ($3::int IS NULL OR q.id < $3)
      ORDER BY q.id DESC LIMIT $4`,
    [scopePaths(caller, 'course_editor'), input.status ?? null, after, input.limit + 1],
  )
  return pageOf(rows, input.limit, toSummary, (r) => r.id)
}

/** A practice or graded quiz the caller manages: NOT_FOUND for contest rounds (edited through their contest). */
async function managedQuiz(db: Queryable, caller: Caller, quizId: number, lock = false): Promise<QuizRow> {
  if (lock) await db.query('SELECT 1 FROM quiz WHERE id = $1 FOR UPDATE', [quizId])
  const [row] = await db.query<QuizRow>(`${quizSelect} WHERE q.id = $1 AND q.mode <> 'contest'`, [quizId])
  if (!row) throw new AppError('NOT_FOUND', '测验不存在')
  if (!covers(caller, 'course_editor', row.branch_path)) throw new AppError('OUT_OF_SCOPE', `测验「${row.title}」不在您可管理的范围内`)
  return row
}

export async function manageQuiz(db: Queryable, caller: Caller, quizId: number): Promise<ManagedQuiz> {
  const row = await managedQuiz(db, caller, quizId)
  return { ...toSummary(row), description: row.description, drawRules: row.draw_rules, attemptCount: row.attempt_count }
}

/** Creates a draft, or edits one (a published quiz is fixed: members' attempts were drawn by its rules). */
export async function saveQuiz(db: Db, caller: Caller, input: SaveQuizInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const branch = await requireBranchInScope(tx, caller, 'course_editor', input.branchId)
    await editableBank(tx, caller, input.bankId)
    await saveDrawRulesCheck(tx, input.bankId, input.drawRules)
    const values = [
      branch.id,
      branch.path,
      input.bankId,
      input.title,
      input.description,
      input.mode,
      JSON.stringify(input.drawRules),
      questionCountOf(input.drawRules),
      input.timeLimitSeconds,
      input.attemptLimit,
      input.passPercent,
    ]
    if (input.id !== undefined) {
      const quiz = await managedQuiz(tx, caller, input.id, true)
      if (quiz.status !== 'draft') throw new AppError('QUIZ_NOT_EDITABLE')
      await tx.query(
        `UPDATE quiz SET branch_id = $2, branch_path = $3, bank_id = $4, title = $5, description = $6, mode = $7, draw_rules = $8,
                question_count = $9, time_limit_seconds = $10, attempt_limit = $11, pass_percent = $12, updated_at = now()
          WHERE id = $1`,
        [input.id, ...values],
      )
      return { id: input.id }
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO quiz (branch_id, branch_path, bank_id, title, description, mode, draw_rules, question_count, time_limit_seconds,
                         attempt_limit, pass_percent, created_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
      [...values, caller.userId, input.requestId ?? null],
    )
    if (row) return { id: row.id }
    const [made] = await tx.query<{ id: number }>('SELECT id FROM quiz WHERE created_by = $1 AND request_id = $2', [caller.userId, input.requestId])
    return { id: made.id }
  })
}

/** Publishes a draft once its bank still fills the rules (questions may have been retired since it was saved). */
export async function publishQuiz(db: Db, caller: Caller, quizId: number): Promise<{ id: number; status: QuizStatus }> {
  return db.transaction(async (tx) => {
    const quiz = await managedQuiz(tx, caller, quizId, true)
    if (quiz.status !== 'draft') throw new AppError('QUIZ_NOT_EDITABLE', '只有未发布的测验可以发布')
    await saveDrawRulesCheck(tx, quiz.bank_id, quiz.draw_rules)
    await tx.query("UPDATE quiz SET status = 'published', published_at = now(), updated_at = now() WHERE id = $1", [quizId])
    return { id: quizId, status: 'published' as const }
  })
}

/** Closes a published quiz: no new attempts; attempts in progress may still be submitted. */
export async function closeQuiz(db: Db, caller: Caller, quizId: number): Promise<{ id: number; status: QuizStatus }> {
  return db.transaction(async (tx) => {
    const quiz = await managedQuiz(tx, caller, quizId, true)
    if (quiz.status !== 'published') throw new AppError('QUIZ_NOT_OPEN', '只有已发布的测验可以关闭')
    await tx.query("UPDATE quiz SET status = 'closed', updated_at = now() WHERE id = $1", [quizId])
    return { id: quizId, status: 'closed' as const }
  })
}
