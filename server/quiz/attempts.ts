import { z } from 'zod'
import type { AttemptResult, AttemptScore, AttemptSummary, MemberQuizDetail, MemberQuizSummary, OpenAttempt } from '../../src/shared/api/quiz-attempt'
import type { DrawRule } from '../../src/shared/api/quiz-bank'
import type { AttemptStatus, QuestionKind, QuizMode } from '../../src/shared/api/quiz-common'
import { quizLimits } from '../../src/shared/api/quiz-common'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { ancestorPaths } from '../library/books'
import { shanghaiDay } from '../points/calendar'
import { branchRefSql, iso, isoOrNull } from '../sql'
import type { BranchRef } from '../sql'
import { checkContestStart, recordContestAttempt } from './contest-hooks'
import { drawQuestions, shuffle } from './draw'

/**
 * The attempt engine (issue 12 §3). Time is the server's clock; answers are stored as the
 * question's own option indexes and mapped from and to the order each attempt shows; scoring runs
 * once, in SQL, in the transaction that closes the attempt. Nothing here sends an answer or an
 * explanation before the attempt is closed.
 */

const graceMs = quizLimits.submitGraceSeconds * 1000

interface AttemptRow {
  id: number
  quiz_id: number
  member_id: number
  contest_id: number | null
  attempt_no: number
  question_ids: number[]
  option_orders: number[][]
  status: AttemptStatus
  started_at: Date
  deadline_at: Date
  submitted_at: Date | null
  correct_count: number | null
  question_count: number
  score: number | null
  duration_ms: number | null
  passed: boolean | null
  quiz_title: string
  quiz_mode: QuizMode
  pass_percent: number
  time_limit_seconds: number
}

const attemptColumns = `a.id, a.quiz_id, a.member_id, a.contest_id, a.attempt_no, a.question_ids, a.option_orders, a.status, a.started_at,
  a.deadline_at, a.submitted_at, a.correct_count, a.question_count, a.score, a.duration_ms, a.passed,
  q.title AS quiz_title, q.mode AS quiz_mode, q.pass_percent, q.time_limit_seconds`

/** The member's own attempt, optionally locked; anyone else's is NOT_FOUND (ids are not secrets, answers are). */
async function ownAttempt(db: Queryable, memberId: number, attemptId: number, lock: '' | 'FOR UPDATE OF a' | 'FOR SHARE OF a' = ''): Promise<AttemptRow> {
  const [row] = await db.query<AttemptRow>(`SELECT ${attemptColumns} FROM quiz_attempt a JOIN quiz q ON q.id = a.quiz_id WHERE a.id = $1 ${lock}`, [attemptId])
  if (!row || row.member_id !== memberId) throw new AppError('NOT_FOUND', '答卷不存在')
  return row
}

interface QuestionRow {
  id: number
  kind: QuestionKind
  stem: string
  options: string[]
}

async function attemptQuestions(db: Queryable, ids: number[]): Promise<Map<number, QuestionRow>> {
  const rows = await db.query<QuestionRow>('SELECT id, kind, stem, options FROM question WHERE id = ANY($1::int[])', [ids])
  return new Map(rows.map((r) => [r.id, r]))
}

/** Stored option indexes → as shown in the attempt (`order[shown] = stored`). */
function toShown(order: number[], stored: number[]): number[] {
  return stored.map((s) => order.indexOf(s)).sort((x, y) => x - y)
}

async function openAttemptView(db: Queryable, row: AttemptRow, now: Date): Promise<OpenAttempt> {
  const questions = await attemptQuestions(db, row.question_ids)
  const saved = await db.query<{ question_id: number; choice: number[] }>('SELECT question_id, choice FROM quiz_attempt_answer WHERE attempt_id = $1', [row.id])
  const orderOf = new Map(row.question_ids.map((id, i) => [id, row.option_orders[i]]))
  return {
    attemptId: row.id,
    quiz: { id: row.quiz_id, title: row.quiz_title, mode: row.quiz_mode, contestId: row.contest_id },
    attemptNo: row.attempt_no,
    status: row.status,
    startedAt: iso(row.started_at),
    deadlineAt: iso(row.deadline_at),
    serverNow: iso(now),
    timeLimitSeconds: row.time_limit_seconds,
    questions: row.question_ids.map((id, i) => {
      const q = questions.get(id)
      if (!q) throw new Error(`question ${id} of attempt ${row.id} is gone`)
      return { id, kind: q.kind, stem: q.stem, options: row.option_orders[i].map((stored) => q.options[stored]) }
    }),
    choices: saved.map((s) => ({ questionId: s.question_id, choice: toShown(orderOf.get(s.question_id) ?? [], s.choice) })),
  }
}

function scoreOf(row: AttemptRow, late: boolean): AttemptScore {
  return {
    attemptId: row.id,
    quizId: row.quiz_id,
    status: row.status,
    correctCount: row.correct_count ?? 0,
    questionCount: row.question_count,
    score: row.score ?? 0,
    passed: row.passed,
    durationMs: row.duration_ms ?? 0,
    late,
  }
}

/**
 * Scores an in-progress attempt and closes it, in the caller's transaction with the attempt row
 * locked: marks each saved answer right or wrong (exact match of the sorted option sets), then
 * the attempt itself — `WHERE status = 'in_progress'` makes a second scoring impossible. Time
 * taken is capped at the deadline. A contest attempt updates the contest in the same transaction.
 */
async function closeAttempt(tx: Queryable, row: AttemptRow, now: Date, status: 'submitted' | 'expired'): Promise<AttemptRow> {
  const [{ correct }] = await tx.query<{ correct: number }>(
    `WITH scored AS (
       UPDATE quiz_attempt_answer a SET correct = (a.choice = q.answer)
         FROM question q
        WHERE a.attempt_id = $1 AND q.id = a.question_id
        RETURNING a.correct)
     SELECT count(*) FILTER (WHERE correct)::int AS correct FROM scored`,
    [row.id],
  )
  const score = Math.floor((correct * 100) / row.question_count)
  const passed = row.quiz_mode === 'graded' ? score >= row.pass_percent : null
  const endMs = Math.min(now.getTime(), row.deadline_at.getTime())
  const durationMs = Math.max(0, endMs - row.started_at.getTime())
  const [closed] = await tx.query<{ id: number }>(
    `UPDATE quiz_attempt SET status = $2, submitted_at = $3, correct_count = $4, score = $5, passed = $6, duration_ms = $7
      WHERE id = $1 AND status = 'in_progress' RETURNING id`,
    [row.id, status, now, correct, score, passed, durationMs],
  )
  if (!closed) throw new Error(`attempt ${row.id} closed twice`)
  if (row.quiz_mode === 'contest' && row.contest_id !== null) {
    await recordContestAttempt(tx, {
      attemptId: row.id,
      quizId: row.quiz_id,
      contestId: row.contest_id,
      memberId: row.member_id,
      correctCount: correct,
      questionCount: row.question_count,
      durationMs,
      submittedAt: now,
    })
  }
  return { ...row, status, submitted_at: now, correct_count: correct, score, passed, duration_ms: durationMs }
}

function pastGrace(row: AttemptRow, now: Date): boolean {
  return now.getTime() > row.deadline_at.getTime() + graceMs
}

interface QuizRow {
  id: number
  branch_path: string
  bank_id: number
  mode: QuizMode
  status: string
  contest_id: number | null
  draw_rules: DrawRule[]
  time_limit_seconds: number
  attempt_limit: number | null
}

/**
 * Starts an attempt. The member's row is locked first (NO KEY UPDATE: rows that merely point at
 * the member are not held up): it serialises one member's starts on every device and every quiz,
 * so two devices get one attempt and a contest's daily count (across its round quizzes) is read
 * by one start at a time. A stale attempt past its deadline is scored as expired first; one still
 * running is answered as it is.
 */
export async function startAttempt(db: Db, caller: Caller, input: { quizId: number; requestId: string }, now = new Date()): Promise<OpenAttempt> {
  const member = requireMember(caller)
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM member WHERE id = $1 FOR NO KEY UPDATE', [member.id])
    const [retried] = await tx.query<{ id: number; member_id: number; quiz_id: number }>('SELECT id, member_id, quiz_id FROM quiz_attempt WHERE request_id = $1', [input.requestId])
    if (retried) {
      if (retried.member_id !== member.id || retried.quiz_id !== input.quizId) throw new AppError('VALIDATION_FAILED', '请求编号已被使用，请重试')
      return openAttemptView(tx, await ownAttempt(tx, member.id, retried.id), now)
    }
    const [quiz] = await tx.query<QuizRow>(
      'SELECT id, branch_path, bank_id, mode, status, contest_id, draw_rules, time_limit_seconds, attempt_limit FROM quiz WHERE id = $1',
      [input.quizId],
    )
    // A contest's round quiz is scoped by its contest (checkContestStart); the others by their own branch.
    if (!quiz || (quiz.mode !== 'contest' && !ancestorPaths(member.branchPath).includes(quiz.branch_path))) throw new AppError('NOT_FOUND', '测验不存在')
    if (quiz.mode !== 'contest' && quiz.status !== 'published') throw new AppError('QUIZ_NOT_OPEN')

    const [open] = await tx.query<{ id: number }>("SELECT id FROM quiz_attempt WHERE member_id = $1 AND quiz_id = $2 AND status = 'in_progress'", [member.id, quiz.id])
    if (open) {
      const row = await ownAttempt(tx, member.id, open.id)
      if (!pastGrace(row, now)) return openAttemptView(tx, row, now)
      await closeAttempt(tx, row, now, 'expired')
    }
    const [{ used, last }] = await tx.query<{ used: number; last: number }>(
      'SELECT count(*)::int AS used, COALESCE(max(attempt_no), 0)::int AS last FROM quiz_attempt WHERE member_id = $1 AND quiz_id = $2',
      [member.id, quiz.id],
    )
    if (quiz.attempt_limit !== null && used >= quiz.attempt_limit) throw new AppError('QUIZ_ATTEMPTS_USED', `每人限答 ${quiz.attempt_limit} 次，您的次数已用完`)
    if (quiz.mode === 'contest' && quiz.contest_id !== null) await checkContestStart(tx, caller, { quizId: quiz.id, contestId: quiz.contest_id }, now)

    const questionIds = await drawQuestions(tx, quiz.bank_id, quiz.draw_rules)
    const kinds = await attemptQuestions(tx, questionIds)
    // Judge questions keep 正确 before 错误; the others show their options in a new order each attempt.
    const optionOrders = questionIds.map((id) => {
      const q = kinds.get(id) as QuestionRow
      const identity = q.options.map((_, i) => i)
      return q.kind === 'judge' ? identity : shuffle(identity)
    })
    const deadline = new Date(now.getTime() + quiz.time_limit_seconds * 1000)
    const [inserted] = await tx.query<{ id: number }>(
      `INSERT INTO quiz_attempt (quiz_id, member_id, contest_id, attempt_no, day, question_ids, option_orders, started_at, deadline_at, question_count, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [quiz.id, member.id, quiz.contest_id, last + 1, shanghaiDay(now), questionIds, JSON.stringify(optionOrders), now, deadline, questionIds.length, input.requestId],
    )
    return openAttemptView(tx, await ownAttempt(tx, member.id, inserted.id), now)
  })
}

export async function resumeAttempt(db: Queryable, caller: Caller, attemptId: number, now = new Date()): Promise<OpenAttempt> {
  const member = requireMember(caller)
  return openAttemptView(db, await ownAttempt(db, member.id, attemptId), now)
}

/**
 * Validates one answer against the attempt and maps it to the question's own indexes: the
 * question must be in the attempt, each index one of its shown options, one choice at most for
 * single and judge questions.
 */
function storedChoice(row: AttemptRow, kinds: Map<number, QuestionRow>, questionId: number, choice: number[]): number[] {
  const at = row.question_ids.indexOf(questionId)
  if (at < 0) throw new AppError('QUIZ_QUESTION_NOT_IN_ATTEMPT')
  const order = row.option_orders[at]
  if (choice.some((c) => c >= order.length)) throw new AppError('QUIZ_CHOICE_INVALID', '所选选项不存在')
  const kind = kinds.get(questionId)?.kind
  if (kind !== 'multiple' && choice.length > 1) throw new AppError('QUIZ_CHOICE_INVALID')
  return choice.map((c) => order[c]).sort((x, y) => x - y)
}

async function writeAnswers(tx: Queryable, row: AttemptRow, answers: { questionId: number; choice: number[] }[], now: Date): Promise<void> {
  const kinds = await attemptQuestions(tx, row.question_ids)
  const mapped = answers.map((a) => ({ questionId: a.questionId, stored: storedChoice(row, kinds, a.questionId, a.choice) }))
  // One statement for the whole sheet: a submission carries every answer, and a round trip each
  // was most of a submission's time. An empty choice clears the answer.
  await tx.query(
    `WITH input AS (SELECT question_id, choice FROM jsonb_to_recordset($2::jsonb) AS t(question_id int, choice smallint[])),
          cleared AS (DELETE FROM quiz_attempt_answer a USING input i
                       WHERE a.attempt_id = $1 AND a.question_id = i.question_id AND cardinality(i.choice) = 0)
     INSERT INTO quiz_attempt_answer (attempt_id, question_id, choice, answered_at)
     SELECT $1, question_id, choice, $3 FROM input WHERE cardinality(choice) > 0
     ON CONFLICT (attempt_id, question_id) DO UPDATE SET choice = EXCLUDED.choice, answered_at = EXCLUDED.answered_at`,
    [row.id, JSON.stringify(mapped.map((a) => ({ question_id: a.questionId, choice: a.stored }))), now],
  )
}

/**
 * Saves one answer as the member chooses it. The attempt row is share-locked so a submission
 * running at the same moment either sees this answer or this save sees the attempt closed.
 * Refused after the deadline and its network grace (QUIZ_TIME_UP).
 */
export async function saveAnswer(db: Db, caller: Caller, input: { attemptId: number; questionId: number; choice: number[] }, now = new Date()): Promise<{ questionId: number; answeredCount: number }> {
  const member = requireMember(caller)
  return db.transaction(async (tx) => {
    const row = await ownAttempt(tx, member.id, input.attemptId, 'FOR SHARE OF a')
    if (row.status !== 'in_progress') throw new AppError('QUIZ_ATTEMPT_CLOSED')
    if (pastGrace(row, now)) throw new AppError('QUIZ_TIME_UP', '答题时间已到，答案未保存，请交卷')
    await writeAnswers(tx, row, [{ questionId: input.questionId, choice: input.choice }], now)
    const [{ count }] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM quiz_attempt_answer WHERE attempt_id = $1', [row.id])
    return { questionId: input.questionId, answeredCount: count }
  })
}

/**
 * 交卷. The attempt row is locked first: of two submissions at once the second waits, then finds
 * the attempt closed and answers the first's score. Within the deadline's grace the final answers
 * are saved and the attempt scored as submitted; later, they are ignored and the attempt is scored
 * from what was saved in time, as expired, with `late` set — the attempt is never lost.
 */
export async function submitAttempt(db: Db, caller: Caller, input: { attemptId: number; answers?: { questionId: number; choice: number[] }[] }, now = new Date()): Promise<AttemptScore> {
  const member = requireMember(caller)
  return db.transaction(async (tx) => {
    const row = await ownAttempt(tx, member.id, input.attemptId, 'FOR UPDATE OF a')
    if (row.status !== 'in_progress') return scoreOf(row, row.status === 'expired')
    const late = pastGrace(row, now)
    if (!late && input.answers?.length) {
      const questionIds = input.answers.map((a) => a.questionId)
      if (new Set(questionIds).size !== questionIds.length) throw new AppError('VALIDATION_FAILED', '同一题目的答案提交了多次')
      await writeAnswers(tx, row, input.answers, now)
    }
    return scoreOf(await closeAttempt(tx, row, now, late ? 'expired' : 'submitted'), late)
  })
}

/**
 * After submission: each question with the member's answer, the right one and the explanation, in
 * the order shown. A contest round's stay hidden until the round closes, right or wrong included:
 * a judge question marked wrong gives its answer away to the next attempt.
 */
export async function attemptResult(db: Queryable, caller: Caller, attemptId: number, now = new Date()): Promise<AttemptResult> {
  const member = requireMember(caller)
  const row = await ownAttempt(db, member.id, attemptId)
  if (row.status === 'in_progress') throw new AppError('QUIZ_ATTEMPT_OPEN')
  const [{ pass_percent, contest_id }] = await db.query<{ pass_percent: number; contest_id: number | null }>('SELECT pass_percent, contest_id FROM quiz WHERE id = $1', [row.quiz_id])
  const summary = {
    ...scoreOf(row, row.status === 'expired'),
    quiz: { id: row.quiz_id, title: row.quiz_title, mode: row.quiz_mode, contestId: contest_id, passPercent: pass_percent },
    attemptNo: row.attempt_no,
    startedAt: iso(row.started_at),
    submittedAt: iso(row.submitted_at ?? row.deadline_at),
  }
  if (row.quiz_mode === 'contest') {
    const [round] = await db.query<{ ends_at: Date }>('SELECT ends_at FROM contest_round WHERE quiz_id = $1', [row.quiz_id])
    if (round && round.ends_at.getTime() > now.getTime()) return { ...summary, answersHiddenUntil: iso(round.ends_at), items: [] }
  }
  const questions = await db.query<QuestionRow & { answer: number[]; explanation: string }>(
    'SELECT id, kind, stem, options, answer, explanation FROM question WHERE id = ANY($1::int[])',
    [row.question_ids],
  )
  const byId = new Map(questions.map((q) => [q.id, q]))
  const answers = await db.query<{ question_id: number; choice: number[]; correct: boolean | null }>(
    'SELECT question_id, choice, correct FROM quiz_attempt_answer WHERE attempt_id = $1',
    [row.id],
  )
  const answerOf = new Map(answers.map((a) => [a.question_id, a]))
  return {
    ...summary,
    answersHiddenUntil: null,
    items: row.question_ids.map((id, i) => {
      const q = byId.get(id)
      if (!q) throw new Error(`question ${id} of attempt ${row.id} is gone`)
      const order = row.option_orders[i]
      const mine = answerOf.get(id)
      return {
        questionId: id,
        kind: q.kind,
        stem: q.stem,
        options: order.map((stored) => q.options[stored]),
        myChoice: mine ? toShown(order, mine.choice) : [],
        answer: toShown(order, q.answer),
        correct: mine?.correct === true,
        explanation: q.explanation,
      }
    }),
  }
}

interface SummaryRow {
  id: number
  quiz_id: number
  quiz_title: string
  quiz_mode: QuizMode
  attempt_no: number
  status: AttemptStatus
  started_at: Date
  deadline_at: Date
  submitted_at: Date | null
  correct_count: number | null
  question_count: number
  score: number | null
  passed: boolean | null
  duration_ms: number | null
}

function toSummary(r: SummaryRow): AttemptSummary {
  return {
    attemptId: r.id,
    quiz: { id: r.quiz_id, title: r.quiz_title, mode: r.quiz_mode },
    attemptNo: r.attempt_no,
    status: r.status,
    startedAt: iso(r.started_at),
    deadlineAt: iso(r.deadline_at),
    submittedAt: isoOrNull(r.submitted_at),
    correctCount: r.correct_count,
    questionCount: r.question_count,
    score: r.score,
    passed: r.passed,
    durationMs: r.duration_ms,
  }
}

export async function myAttempts(db: Queryable, caller: Caller, input: { quizId?: number; cursor?: string | null; limit: number }) {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, cursorId)
  const rows = await db.query<SummaryRow>(
    `SELECT a.id, a.quiz_id, q.title AS quiz_title, q.mode AS quiz_mode, a.attempt_no, a.status, a.started_at, a.deadline_at, a.submitted_at,
            a.correct_count, a.question_count, a.score, a.passed, a.duration_ms
       FROM quiz_attempt a JOIN quiz q ON q.id = a.quiz_id
      WHERE a.member_id = $1 AND ($2::int IS NULL OR a.quiz_id = $2) AND ($3::int IS NULL OR a.id < $3)
      ORDER BY a.id DESC LIMIT $4`,
    [member.id, input.quizId ?? null, after, input.limit + 1],
  )
  return pageOf(rows, input.limit, toSummary, (r) => r.id)
}

interface MemberQuizRow {
  id: number
  title: string
  description: string
  branch: BranchRef
  mode: 'practice' | 'graded'
  status: string
  question_count: number
  time_limit_seconds: number
  attempt_limit: number | null
  pass_percent: number
  published_at: Date
  used: number
  best: number | null
  passed: boolean
  open_attempt_id: number | null
}

const memberQuizSelect = `
  SELECT q.id, q.title, q.description, ${branchRefSql('b')} AS branch, q.mode, q.status, q.question_count, q.time_limit_seconds,
         q.attempt_limit, q.pass_percent, q.published_at,
         s.used, s.best, s.passed, s.open_attempt_id
    FROM quiz q JOIN branch b ON b.id = q.branch_id
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE a.status <> 'in_progress')::int AS used, max(a.score) AS best,
             COALESCE(bool_or(a.passed), false) AS passed,
             max(a.id) FILTER (WHERE a.status = 'in_progress') AS open_attempt_id
        FROM quiz_attempt a WHERE a.quiz_id = q.id AND a.member_id = $1) s`

function toMemberQuiz(r: MemberQuizRow): MemberQuizSummary {
  return {
    id: r.id,
    title: r.title,
    branch: r.branch,
    mode: r.mode,
    questionCount: r.question_count,
    timeLimitSeconds: r.time_limit_seconds,
    attemptLimit: r.attempt_limit,
    passPercent: r.pass_percent,
    attemptsUsed: r.used,
    bestScore: r.best,
    passed: r.passed,
    openAttemptId: r.open_attempt_id,
  }
}

/** Published time to the millisecond (what the cursor's ISO text holds), then id. */
const openQuizCursor = z.tuple([cursorTime, cursorId])

export async function openQuizzes(db: Queryable, caller: Caller, input: { cursor?: string | null; limit: number }) {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, openQuizCursor)
  const rows = await db.query<MemberQuizRow>(
    `${memberQuizSelect}
      WHERE q.status = 'published' AND q.mode <> 'contest' AND q.branch_path = ANY($2::text[])
        AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', q.published_at), q.id) < ($3::timestamptz, $4::int))
      ORDER BY date_trunc('milliseconds', q.published_at) DESC, q.id DESC LIMIT $5`,
    [member.id, ancestorPaths(member.branchPath), after?.[0] ?? null, after?.[1] ?? null, input.limit + 1],
  )
  return pageOf(rows, input.limit, toMemberQuiz, (r) => [iso(r.published_at), r.id])
}

export async function memberQuizDetail(db: Queryable, caller: Caller, quizId: number): Promise<MemberQuizDetail> {
  const member = requireMember(caller)
  const [row] = await db.query<MemberQuizRow>(
    `${memberQuizSelect} WHERE q.id = $2 AND q.mode <> 'contest' AND q.status IN ('published', 'closed') AND q.branch_path = ANY($3::text[])`,
    [member.id, quizId, ancestorPaths(member.branchPath)],
  )
  if (!row) throw new AppError('NOT_FOUND', '测验不存在')
  const attempts = await myAttempts(db, caller, { quizId, limit: 10 })
  const started = row.used + (row.open_attempt_id === null ? 0 : 1)
  const blockedReason =
    row.status !== 'published' ? '测验已关闭' : row.attempt_limit !== null && started >= row.attempt_limit ? `每人限答 ${row.attempt_limit} 次，次数已用完` : null
  return { ...toMemberQuiz(row), description: row.description, canStart: blockedReason === null, blockedReason, attempts: attempts.items }
}

/**
 * The job: scores every attempt past its deadline and grace as expired (a member who closed the
 * app mid-quiz still gets a result, and a contest standing). Batches of 100, each attempt locked
 * with SKIP LOCKED so a submission in flight or a second run never waits or scores twice.
 */
export async function expireAttempts(db: Db, now = new Date(), options: { continueWhile?: () => boolean } = {}): Promise<number> {
  let expired = 0
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx.query<AttemptRow>(
        `SELECT ${attemptColumns} FROM quiz_attempt a JOIN quiz q ON q.id = a.quiz_id
          WHERE a.status = 'in_progress' AND a.deadline_at < $1
          ORDER BY a.deadline_at LIMIT 100 FOR UPDATE OF a SKIP LOCKED`,
        [new Date(now.getTime() - graceMs)],
      )
      for (const row of rows) await closeAttempt(tx, row, now, 'expired')
      return rows.length
    })
    expired += batch
    if (batch < 100 || !(options.continueWhile?.() ?? true)) return expired
  }
}
