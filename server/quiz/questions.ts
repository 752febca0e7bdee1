import type { EditorQuestion, SaveQuestionInput } from '../../src/shared/api/quiz-bank'
import type { Difficulty, QuestionKind } from '../../src/shared/api/quiz-common'
import { judgeOptions, quizLimits } from '../../src/shared/api/quiz-common'
import type { ErrorCode } from '../../src/shared/errors'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import { editableBank, recountBank } from './banks'

/** A question as it will be stored: judge options fixed, answer indexes sorted. */
export interface QuestionDraft {
  kind: QuestionKind
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  tags: string[]
  /** 1 容易, 2 中等, 3 困难. */
  difficulty: number
}

/** What is wrong with a question, by the column an import names it under. */
export interface QuestionProblem {
  code: ErrorCode
  column: '选项' | '答案' | '标签'
  message: string
}

/**
 * The rules of a question, shared by the form and the Excel import: options unique after trimming
 * (QUIZ_DUPLICATE_OPTIONS); single and judge exactly one answer, multiple at least two, every
 * answer one of the options (QUIZ_ANSWER_INVALID); tags unique. A judge question's options are
 * always 正确 / 错误, whatever was sent.
 */
export function normalizeQuestion(input: QuestionDraft): { draft: QuestionDraft; problems: QuestionProblem[] } {
  const options = input.kind === 'judge' ? [...judgeOptions] : input.options.map((o) => o.trim())
  const answer = [...new Set(input.answer)].sort((x, y) => x - y)
  const problems: QuestionProblem[] = []
  if (input.kind !== 'judge') {
    if (options.length < quizLimits.optionsMin) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '选项', message: `至少需要 ${quizLimits.optionsMin} 个选项` })
    const seen = new Map<string, number>()
    options.forEach((o, i) => {
      const first = seen.get(o)
      if (first !== undefined) {
        problems.push({ code: 'QUIZ_DUPLICATE_OPTIONS', column: '选项', message: `选项${letter(i)}与选项${letter(first)}重复：「${o}」` })
      } else seen.set(o, i)
    })
  }
  if (answer.length !== input.answer.length) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '答案', message: '答案中有重复的选项' })
  const outside = answer.filter((a) => a >= options.length)
  if (outside.length) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '答案', message: `答案${outside.map(letter).join('')}不在选项之中` })
  if (input.kind === 'multiple' && answer.length < 2) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '答案', message: '多选题至少有两个正确答案' })
  if (input.kind !== 'multiple' && answer.length !== 1) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '答案', message: `${input.kind === 'judge' ? '判断题' : '单选题'}只能有一个正确答案` })
  const tags = [...new Set(input.tags.map((t) => t.trim()))]
  if (tags.length !== input.tags.length) problems.push({ code: 'QUIZ_ANSWER_INVALID', column: '标签', message: '标签有重复' })
  return { draft: { ...input, options, answer, tags }, problems }
}

export function letter(index: number): string {
  return String.fromCharCode(65 + index)
}

interface QuestionRow {
  id: number
  bank_id: number
  kind: QuestionKind
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  tags: string[]
  difficulty: Difficulty
  status: 'active' | 'retired'
  updated_at: Date
}

const questionColumns = 'id, bank_id, kind, stem, options, answer, explanation, tags, difficulty, status, updated_at'

function toEditorQuestion(r: QuestionRow): EditorQuestion {
  return {
    id: r.id,
    bankId: r.bank_id,
    kind: r.kind,
    stem: r.stem,
    options: r.options,
    answer: r.answer,
    explanation: r.explanation,
    tags: r.tags,
    difficulty: r.difficulty,
    status: r.status,
    updatedAt: iso(r.updated_at),
  }
}

export async function listQuestions(
  db: Queryable,
  caller: Caller,
  input: { bankId: number; kind?: QuestionKind; tag?: string; difficulty?: number; q?: string; status: 'active' | 'retired'; cursor?: string | null; limit: number },
) {
  const after = decodeCursor(input.cursor, cursorId)
  await editableBank(db, caller, input.bankId)
  const rows = await db.query<QuestionRow>(
    `SELECT ${questionColumns} FROM question
      WHERE bank_id = $1 AND status = $2 AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR $4 = ANY(tags))
        AND ($5::int IS NULL OR difficulty = $5) AND ($6::text = '' OR strpos(stem, $6) > 0) AND ($7::int IS NULL OR id < $7)
      ORDER BY id DESC LIMIT $8`,
    [input.bankId, input.status, input.kind ?? null, input.tag ?? null, input.difficulty ?? null, input.q ?? '', after, input.limit + 1],
  )
  return pageOf(rows, input.limit, toEditorQuestion, (r) => r.id)
}

async function editableQuestion(db: Queryable, caller: Caller, questionId: number): Promise<QuestionRow> {
  const [row] = await db.query<QuestionRow>(`SELECT ${questionColumns} FROM question WHERE id = $1`, [questionId])
  if (!row) throw new AppError('NOT_FOUND', '题目不存在')
  await editableBank(db, caller, row.bank_id)
  return row
}

export async function getQuestion(db: Queryable, caller: Caller, questionId: number): Promise<EditorQuestion> {
  return toEditorQuestion(await editableQuestion(db, caller, questionId))
}

/**
 * Creates or edits a question. An edit of the wording, the right answer or the explanation applies
 * in place: attempts not yet scored are marked by it, attempts already scored keep their marks. An
 * edit of the kind or the number of options would no longer fit the option orders attempts hold,
 * so it retires the question and makes a new one (answering the new id).
 */
export async function saveQuestion(db: Db, caller: Caller, input: SaveQuestionInput): Promise<{ id: number }> {
  const { draft, problems } = normalizeQuestion(input)
  if (problems.length) throw new AppError(problems[0].code, problems[0].message)
  return db.transaction(async (tx) => {
    await editableBank(tx, caller, input.bankId, true)
    const values = [draft.kind, draft.stem, draft.options, draft.answer, draft.explanation, draft.tags, draft.difficulty]
    if (input.id !== undefined) {
      const existing = await editableQuestion(tx, caller, input.id)
      if (existing.bank_id !== input.bankId) throw new AppError('NOT_FOUND', '题目不在该题库中')
      if (existing.status === 'retired') throw new AppError('NOT_FOUND', '题目已停用')
      if (existing.kind !== draft.kind || existing.options.length !== draft.options.length) {
        await tx.query("UPDATE question SET status = 'retired', updated_at = now() WHERE id = $1", [input.id])
        const [replaced] = await tx.query<{ id: number }>(
          `INSERT INTO question (bank_id, kind, stem, options, answer, explanation, tags, difficulty, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [input.bankId, ...values, caller.userId],
        )
        await recountBank(tx, input.bankId)
        return { id: replaced.id }
      }
      await tx.query(
        'UPDATE question SET kind = $2, stem = $3, options = $4, answer = $5, explanation = $6, tags = $7, difficulty = $8, updated_at = now() WHERE id = $1',
        [input.id, ...values],
      )
      return { id: input.id }
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO question (bank_id, kind, stem, options, answer, explanation, tags, difficulty, created_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (bank_id, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
      [input.bankId, ...values, caller.userId, input.requestId ?? null],
    )
    if (!row) {
      const [made] = await tx.query<{ id: number }>('SELECT id FROM question WHERE bank_id = $1 AND request_id = $2', [input.bankId, input.requestId])
      return { id: made.id }
    }
    await recountBank(tx, input.bankId)
    return { id: row.id }
  })
}

export async function retireQuestion(db: Db, caller: Caller, questionId: number): Promise<{ id: number; status: 'retired' }> {
  return db.transaction(async (tx) => {
    const row = await editableQuestion(tx, caller, questionId)
    await editableBank(tx, caller, row.bank_id, true)
    await tx.query("UPDATE question SET status = 'retired', updated_at = now() WHERE id = $1", [questionId])
    await recountBank(tx, row.bank_id)
    return { id: questionId, status: 'retired' as const }
  })
}
