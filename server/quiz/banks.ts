import type { BankDetail, BankSummary } from '../../src/shared/api/quiz-bank'
import type { Difficulty } from '../../src/shared/api/quiz-common'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { branchRefSql, iso } from '../sql'
import type { BranchRef } from '../sql'

/** 题库: a course_editor's question banks, scoped by their branch like everything of the module. */

export interface BankRow {
  id: number
  branch_path: string
  title: string
}

/** A bank the caller edits: NOT_FOUND when there is none, OUT_OF_SCOPE when it lies outside their grant. */
export async function editableBank(db: Queryable, caller: Caller, bankId: number, lock = false): Promise<BankRow> {
  const [bank] = await db.query<BankRow>(`SELECT id, branch_path, title FROM question_bank WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [bankId])
  if (!bank) throw new AppError('NOT_FOUND', '题库不存在')
  if (!covers(caller, 'course_editor', bank.branch_path)) throw new AppError('OUT_OF_SCOPE', `题库「${bank.title}」不在您可管理的范围内`)
  return bank
}

/** Keeps question_bank.question_count equal to its active questions, in the transaction that changed them. */
export async function recountBank(tx: Queryable, bankId: number): Promise<void> {
  await tx.query(
    "UPDATE question_bank SET question_count = (SELECT count(*) FROM question WHERE bank_id = $1 AND status = 'active'), updated_at = now() WHERE id = $1",
    [bankId],
  )
}

interface BankListRow {
  id: number
  title: string
  description: string
  branch: BranchRef
  question_count: number
  updated_at: Date
}

const bankSelect = `SELECT k.id, k.title, k.description, ${branchRefSql('b')} AS branch, k.question_count, k.updated_at
  FROM question_bank k JOIN branch b ON b.id = k.branch_id`

function toBank(r: BankListRow): BankSummary {
  return { id: r.id, title: r.title, description: r.description, branch: r.branch, questionCount: r.question_count, updatedAt: iso(r.updated_at) }
}

export async function listBanks(db: Queryable, caller: Caller, input: { q?: string; cursor?: string | null; limit: number }) {
  const after = decodeCursor(input.cursor, cursorId)
  const rows = await db.query<BankListRow>(
    `${bankSelect}
      WHERE ${inSubtreesSql('k.branch_path', '$1')} AND ($2::text = '' OR strpos(k.title, $2) > 0) AND ($3::int IS NULL OR k.id < $3)
      ORDER BY k.id DESC LIMIT $4`,
    [scopePaths(caller, 'course_editor'), input.q ?? '', after, input.limit + 1],
  )
  return pageOf(rows, input.limit, toBank, (r) => r.id)
}

export async function bankDetail(db: Queryable, caller: Caller, bankId: number): Promise<BankDetail> {
  await editableBank(db, caller, bankId)
  const [row] = await db.query<BankListRow>(`${bankSelect} WHERE k.id = $1`, [bankId])
  const tags = await db.query<{ tag: string; count: number }>(
    "SELECT t.tag, count(*)::int AS count FROM question q CROSS JOIN unnest(q.tags) AS t(tag) WHERE q.bank_id = $1 AND q.status = 'active' GROUP BY t.tag ORDER BY count(*) DESC, t.tag",
    [bankId],
  )
  const difficulties = await db.query<{ difficulty: Difficulty; count: number }>(
    "SELECT difficulty, count(*)::int AS count FROM question WHERE bank_id = $1 AND status = 'active' GROUP BY difficulty ORDER BY difficulty",
    [bankId],
  )
  return { ...toBank(row), tags, difficulties }
}

export async function saveBank(db: Queryable, caller: Caller, input: { id?: number; requestId?: string; branchId: number; title: string; description: string }): Promise<{ id: number }> {
  const branch = await requireBranchInScope(db, caller, 'course_editor', input.branchId)
  if (input.id !== undefined) {
    await editableBank(db, caller, input.id)
    await db.query('UPDATE question_bank SET branch_id = $2, branch_path = $3, title = $4, description = $5, updated_at = now() WHERE id = $1', [
      input.id,
      branch.id,
      branch.path,
      input.title,
      input.description,
    ])
    return { id: input.id }
  }
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO question_bank (branch_id, branch_path, title, description, created_by, request_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
    [branch.id, branch.path, input.title, input.description, caller.userId, input.requestId ?? null],
  )
  if (row) return { id: row.id }
  const [made] = await db.query<{ id: number }>('SELECT id FROM question_bank WHERE created_by = $1 AND request_id = $2', [caller.userId, input.requestId])
  return { id: made.id }
}
