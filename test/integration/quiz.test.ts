/**
 * 答题 (issue 12 §3): question rules, quiz set-up and scope, the attempt engine (drawing, shuffled
 * options, server time, scoring once), answers hidden before submission, late submissions cut at
 * the limit, the expiry job; on PostgreSQL the same attempt submitted twice at once and a member
 * starting on two devices at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenAttempt } from '../../src/shared/api/quiz-attempt'
import { quizLimits } from '../../src/shared/quiz/names'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { expireAttempts } from '../../server/quiz/attempts'
import { seedDemoQuiz } from '../../server/seed/demo-quiz'
import { createContestQuiz } from '../../server/quiz/draw'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { generatedQuestions, insertBank } from '../support/course-fixtures'
import type { QuestionFixture } from '../support/course-fixtures'

let app: TestApp
let editor: number
let member: number
let enterprise: number
beforeAll(async () => {
  app = await openTestApp()
  editor = app.users['course-editor']
  member = app.users.member
  enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
})
afterAll(() => app.close())

const mixed: QuestionFixture[] = [
  { kind: 'single', stem: '中共一大在哪里闭幕？', options: ['上海', '嘉兴南湖', '北京', '武汉'], answer: [1], explanation: '解析甲：南湖红船。', tags: ['党史'], difficulty: 1 },
  { kind: 'multiple', stem: '红船精神包括哪些？', options: ['首创精神', '奋斗精神', '奉献精神', '保守精神'], answer: [0, 1, 2], explanation: '解析乙：三种精神。', tags: ['红船精神'], difficulty: 2 },
  { kind: 'judge', stem: '会员有权提出批评建议。', answer: [0], explanation: '解析丙：民主权利。', tags: ['工会知识'], difficulty: 1 },
]
const explanationTexts = mixed.map((q) => q.explanation as string)

let serial = 0
function requestId(): string {
  serial += 1
  return `quiz-test-${Date.now()}-${serial}`
}

async function publishedQuiz(options: { questions?: QuestionFixture[]; attemptLimit?: number | null; timeLimitSeconds?: number; mode?: 'practice' | 'graded' } = {}) {
  const questions = options.questions ?? mixed
  const { bankId, questionIds } = await insertBank(app.db, { title: '测试题库', createdBy: editor, questions })
  const { id } = await app.ok(editor, 'quiz', 'saveQuiz', {
    branchId: enterprise,
    bankId,
    title: '红船知识测验',
    description: '',
    mode: options.mode ?? 'graded',
    drawRules: [{ count: questions.length }],
    timeLimitSeconds: options.timeLimitSeconds ?? 600,
    attemptLimit: options.attemptLimit === undefined ? 3 : options.attemptLimit,
    passPercent: 60,
  })
  await app.ok(editor, 'quiz', 'publishQuiz', { quizId: id })
  return { quizId: id, bankId, questionIds }
}

/** The right answer of each question of an attempt, as the attempt shows its options. */
async function rightChoices(attempt: OpenAttempt): Promise<Map<number, number[]>> {
  const [row] = await app.db.query<{ question_ids: number[]; option_orders: number[][] }>('SELECT question_ids, option_orders FROM quiz_attempt WHERE id = $1', [attempt.attemptId])
  const answers = await app.db.query<{ id: number; answer: number[] }>('SELECT id, answer FROM question WHERE id = ANY($1::int[])', [row.question_ids])
  const byId = new Map(answers.map((a) => [a.id, a.answer]))
  return new Map(row.question_ids.map((id, i) => [id, (byId.get(id) ?? []).map((s) => row.option_orders[i].indexOf(s)).sort()]))
}

describe('questions', () => {
  it('refuses duplicate options, a wrong number of answers and answers outside the options; fixes judge options', async () => {
    const { bankId } = await insertBank(app.db, { title: '规则题库', createdBy: editor, questions: [] })
    const base = { bankId, stem: '题干', explanation: '', tags: [], difficulty: 1 as const }
    expect((await app.fail(editor, 'quiz', 'saveQuestion', { ...base, kind: 'single', options: ['甲', ' 甲 ', '乙'], answer: [0] })).code).toBe('QUIZ_DUPLICATE_OPTIONS')
    expect((await app.fail(editor, 'quiz', 'saveQuestion', { ...base, kind: 'single', options: ['甲', '乙'], answer: [0, 1] })).code).toBe('QUIZ_ANSWER_INVALID')
    expect((await app.fail(editor, 'quiz', 'saveQuestion', { ...base, kind: 'multiple', options: ['甲', '乙', '丙'], answer: [1] })).code).toBe('QUIZ_ANSWER_INVALID')
    expect((await app.fail(editor, 'quiz', 'saveQuestion', { ...base, kind: 'single', options: ['甲', '乙'], answer: [3] })).code).toBe('QUIZ_ANSWER_INVALID')
    const { id } = await app.ok(editor, 'quiz', 'saveQuestion', { ...base, kind: 'judge', options: ['随便'], answer: [1] })
    expect(await app.ok(editor, 'quiz', 'question', { questionId: id })).toMatchObject({ options: ['正确', '错误'], answer: [1] })
    const [bank] = await app.db.query<{ question_count: number }>('SELECT question_count FROM question_bank WHERE id = $1', [bankId])
    expect(bank.question_count).toBe(1)
    // A new kind no longer fits the option orders attempts hold: the question is replaced, the old one retired.
    const replaced = await app.ok(editor, 'quiz', 'saveQuestion', { ...base, id, kind: 'single', options: ['甲', '乙', '丙'], answer: [2] })
    expect(replaced.id).not.toBe(id)
    expect((await app.ok(editor, 'quiz', 'question', { questionId: id })).status).toBe('retired')
    // A reworded stem stays the same question.
    expect(await app.ok(editor, 'quiz', 'saveQuestion', { ...base, id: replaced.id, stem: '改过的题干', kind: 'single', options: ['甲', '乙', '丁'], answer: [2] })).toEqual(replaced)
    const [after] = await app.db.query<{ question_count: number }>('SELECT question_count FROM question_bank WHERE id = $1', [bankId])
    expect(after.question_count).toBe(1)
  })

  it('answers a retried create with what the first call made: a bank, a question, a quiz', async () => {
    const bank = { branchId: enterprise, title: '重试题库', description: '', requestId: requestId() }
    const first = await app.ok(editor, 'quiz', 'saveBank', bank)
    expect(await app.ok(editor, 'quiz', 'saveBank', bank)).toEqual(first)
    const question = { bankId: first.id, kind: 'judge' as const, stem: '重试的题目', options: [], answer: [0], explanation: '', tags: [], difficulty: 1, requestId: requestId() }
    const q = await app.ok(editor, 'quiz', 'saveQuestion', question)
    expect(await app.ok(editor, 'quiz', 'saveQuestion', question)).toEqual(q)
    const quiz = { branchId: enterprise, bankId: first.id, title: '重试测验', description: '', mode: 'practice' as const, drawRules: [{ count: 1 }], timeLimitSeconds: 60, attemptLimit: null, passPercent: 0, requestId: requestId() }
    const made = await app.ok(editor, 'quiz', 'saveQuiz', quiz)
    expect(await app.ok(editor, 'quiz', 'saveQuiz', quiz)).toEqual(made)
    const counts = await app.db.query<{ banks: number; questions: number; quizzes: number }>(
      `SELECT (SELECT count(*)::int FROM question_bank WHERE title = '重试题库') AS banks, (SELECT count(*)::int FROM question WHERE bank_id = $1) AS questions,
              (SELECT count(*)::int FROM quiz WHERE title = '重试测验') AS quizzes`,
      [first.id],
    )
    expect(counts).toEqual([{ banks: 1, questions: 1, quizzes: 1 }])
  })

  it('keeps banks in scope: a county editor cannot edit the city bank, and a quiz cannot draw more than its bank holds', async () => {
    const { bankId } = await insertBank(app.db, { title: '市级题库', createdBy: editor, questions: generatedQuestions(6) })
    const county = app.users['county-course-editor']
    expect((await app.fail(county, 'quiz', 'questions', { bankId })).code).toBe('OUT_OF_SCOPE')
    const quiz = {
      branchId: await app.branchId('秀洲区总工会'),
      bankId,
      title: '测验',
      description: '',
      mode: 'practice' as const,
      drawRules: [{ count: 3 }],
      timeLimitSeconds: 300,
      attemptLimit: null,
      passPercent: 60,
    }
    expect((await app.fail(county, 'quiz', 'saveQuiz', quiz)).code).toBe('OUT_OF_SCOPE')
    // Difficulty 3 has 2 questions; the tag rule then may take both of them.
    const short = await app.fail(editor, 'quiz', 'saveQuiz', { ...quiz, drawRules: [{ difficulty: 3, count: 3 }] })
    expect(short.code).toBe('QUIZ_NOT_ENOUGH_QUESTIONS')
    const overlapping = await app.fail(editor, 'quiz', 'saveQuiz', { ...quiz, drawRules: [{ tags: ['红船精神'], count: 3 }, { difficulty: 1, count: 2 }] })
    expect(overlapping.code).toBe('QUIZ_NOT_ENOUGH_QUESTIONS')
    expect((await app.ok(editor, 'quiz', 'saveQuiz', { ...quiz, drawRules: [{ difficulty: 1, count: 2 }, { difficulty: 2, count: 2 }] })).id).toBeGreaterThan(0)
  })
})

describe('taking a quiz', () => {
  it('hides every answer and explanation until submission, then scores single, multiple (exact) and judge on the server', async () => {
    const { quizId } = await publishedQuiz()
    const responses: unknown[] = []
    const seen = <T>(value: T): T => {
      responses.push(value)
      return value
    }
    const list = seen(await app.ok(member, 'quiz', 'openQuizzes', {}))
    expect(list.items.map((q) => q.id)).toContain(quizId)
    seen(await app.ok(member, 'quiz', 'quizDetail', { quizId }))
    const attempt = seen(await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() }))
    expect(attempt.questions).toHaveLength(3)
    expect(new Date(attempt.deadlineAt).getTime() - new Date(attempt.startedAt).getTime()).toBe(600_000)
    const right = await rightChoices(attempt)
    const byKind = new Map(attempt.questions.map((q) => [q.kind, q]))
    const single = byKind.get('single')!
    const multiple = byKind.get('multiple')!
    const judge = byKind.get('judge')!
    expect(judge.options).toEqual(['正确', '错误'])
    // A choice saved, cleared with an empty one, and saved again.
    expect(seen(await app.ok(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: single.id, choice: [0] })).answeredCount).toBe(1)
    expect(seen(await app.ok(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: single.id, choice: [] })).answeredCount).toBe(0)
    seen(await app.ok(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: single.id, choice: right.get(single.id)! }))
    // Two of the three right options of the multiple choice: wrong.
    seen(await app.ok(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: multiple.id, choice: right.get(multiple.id)!.slice(0, 2) }))
    seen(await app.ok(member, 'quiz', 'attempt', { attemptId: attempt.attemptId }))
    expect((await app.fail(member, 'quiz', 'attemptResult', { attemptId: attempt.attemptId })).code).toBe('QUIZ_ATTEMPT_OPEN')

    const everything = JSON.stringify(responses)
    expect(everything).not.toMatch(/"answer"|"explanation"|"correct"/)
    for (const text of explanationTexts) expect(everything).not.toContain(text)

    const score = await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers: [{ questionId: judge.id, choice: [0] }] })
    expect(score).toMatchObject({ status: 'submitted', correctCount: 2, questionCount: 3, score: 66, passed: true, late: false })
    const result = await app.ok(member, 'quiz', 'attemptResult', { attemptId: attempt.attemptId })
    const item = (id: number) => result.items.find((i) => i.questionId === id)!
    expect(item(single.id)).toMatchObject({ correct: true, explanation: '解析甲：南湖红船。' })
    expect(item(multiple.id)).toMatchObject({ correct: false, answer: right.get(multiple.id) })
    expect(item(judge.id)).toMatchObject({ correct: true, myChoice: [0], answer: [0] })
    expect(single.options[item(single.id).answer[0]]).toBe('嘉兴南湖')
    // Submitting again changes nothing.
    expect(await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId })).toEqual(score)
    expect((await app.fail(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: single.id, choice: [0] })).code).toBe('QUIZ_ATTEMPT_CLOSED')
  })

  it('refuses an answer to a question not in the attempt, or two choices on a single question, and writes nothing', async () => {
    const { quizId } = await publishedQuiz({ questions: generatedQuestions(8) })
    const other = await insertBank(app.db, { title: '别的题库', createdBy: editor, questions: generatedQuestions(1) })
    const attempt = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    const before = await app.db.query('SELECT count(*)::int AS n FROM quiz_attempt_answer WHERE attempt_id = $1', [attempt.attemptId])
    expect((await app.fail(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: other.questionIds[0], choice: [0] })).code).toBe('QUIZ_QUESTION_NOT_IN_ATTEMPT')
    expect((await app.fail(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: attempt.questions[0].id, choice: [0, 1] })).code).toBe('QUIZ_CHOICE_INVALID')
    const bad = await app.fail(member, 'quiz', 'submitAttempt', {
      attemptId: attempt.attemptId,
      answers: [{ questionId: attempt.questions[0].id, choice: [1] }, { questionId: other.questionIds[0], choice: [0] }],
    })
    expect(bad.code).toBe('QUIZ_QUESTION_NOT_IN_ATTEMPT')
    expect(await app.db.query('SELECT count(*)::int AS n FROM quiz_attempt_answer WHERE attempt_id = $1', [attempt.attemptId])).toEqual(before)
    const [row] = await app.db.query<{ status: string }>('SELECT status FROM quiz_attempt WHERE id = $1', [attempt.attemptId])
    expect(row.status).toBe('in_progress')
    // Another member cannot touch it.
    expect((await app.fail(app.users['enterprise-admin'], 'quiz', 'attempt', { attemptId: attempt.attemptId })).code).toBe('NOT_FOUND')
    await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId })
  })

  it('cuts a late submission at the limit: answers after the deadline are ignored, the attempt is kept as expired', async () => {
    const { quizId } = await publishedQuiz({ timeLimitSeconds: 60 })
    const attempt = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    const right = await rightChoices(attempt)
    const [first, second] = attempt.questions
    await app.ok(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: first.id, choice: right.get(first.id)! })
    // The clock moves on: the attempt started 5 minutes ago with its 60 seconds long gone.
    await app.db.query("UPDATE quiz_attempt SET started_at = now() - interval '5 minutes', deadline_at = now() - interval '4 minutes' WHERE id = $1", [attempt.attemptId])
    expect((await app.fail(member, 'quiz', 'saveAnswer', { attemptId: attempt.attemptId, questionId: second.id, choice: right.get(second.id)! })).code).toBe('QUIZ_TIME_UP')
    const score = await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers: [{ questionId: second.id, choice: right.get(second.id)! }] })
    expect(score).toMatchObject({ status: 'expired', late: true, correctCount: 1, durationMs: 60_000 })
  })

  it('takes final answers sent within the network grace after the deadline, with the time capped at the limit', async () => {
    const { quizId } = await publishedQuiz({ timeLimitSeconds: 60 })
    const attempt = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    const right = await rightChoices(attempt)
    const graceLeft = quizLimits.submitGraceSeconds - 3
    await app.db.query(
      `UPDATE quiz_attempt SET started_at = now() - make_interval(secs => 60 + $2::int), deadline_at = now() - make_interval(secs => $2::int) WHERE id = $1`,
      [attempt.attemptId, quizLimits.submitGraceSeconds - graceLeft],
    )
    const answers = attempt.questions.map((q) => ({ questionId: q.id, choice: right.get(q.id)! }))
    const score = await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers })
    expect(score).toMatchObject({ status: 'submitted', late: false, correctCount: 3, durationMs: 60_000 })
  })

  it('answers the running attempt to a second start, counts the attempt limit, and scores abandoned attempts in the job', async () => {
    const { quizId } = await publishedQuiz({ attemptLimit: 2 })
    const first = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    const again = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    expect(again.attemptId).toBe(first.attemptId)
    await app.ok(member, 'quiz', 'submitAttempt', { attemptId: first.attemptId })
    const retry = requestId()
    const second = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: retry })
    expect(second.attemptNo).toBe(2)
    // Abandoned: the job scores it once its deadline and grace have passed.
    await app.db.query("UPDATE quiz_attempt SET deadline_at = now() - interval '1 minute' WHERE id = $1", [second.attemptId])
    expect(await expireAttempts(app.db)).toBeGreaterThanOrEqual(1)
    expect(await expireAttempts(app.db)).toBe(0)
    const [row] = await app.db.query<{ status: string; correct_count: number }>('SELECT status, correct_count FROM quiz_attempt WHERE id = $1', [second.attemptId])
    expect(row).toEqual({ status: 'expired', correct_count: 0 })
    // A retry of the start answers the attempt it made; a new start is past the limit.
    expect((await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: retry })).attemptId).toBe(second.attemptId)
    expect((await app.fail(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })).code).toBe('QUIZ_ATTEMPTS_USED')
    const detail = await app.ok(member, 'quiz', 'quizDetail', { quizId })
    expect(detail).toMatchObject({ attemptsUsed: 2, canStart: false })
  })

  it('shows a quiz only to members of its branch and below, and only once published', async () => {
    const { quizId } = await publishedQuiz()
    expect((await app.fail(app.users['sibling-member'], 'quiz', 'startAttempt', { quizId, requestId: requestId() })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users['sibling-member'], 'quiz', 'quizDetail', { quizId })).code).toBe('NOT_FOUND')
    await app.ok(editor, 'quiz', 'closeQuiz', { quizId })
    expect((await app.fail(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })).code).toBe('QUIZ_NOT_OPEN')
    expect((await app.fail(app.users['county-admin'], 'quiz', 'startAttempt', { quizId, requestId: requestId() })).code).toBe('NOT_MEMBER')
  })

  it('pages the open quizzes newest first without losing or repeating one', async () => {
    for (let i = 0; i < 3; i += 1) await publishedQuiz()
    const all = (await app.ok(member, 'quiz', 'openQuizzes', { limit: 50 })).items.map((q) => q.id)
    const paged: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = await app.ok(member, 'quiz', 'openQuizzes', { cursor, limit: 2 })
      paged.push(...page.items.map((q) => q.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(all)
    expect(new Set(paged).size).toBe(paged.length)
  })

  it('draws by tag and difficulty, never the same question twice', async () => {
    const questions = generatedQuestions(30)
    const { bankId } = await insertBank(app.db, { title: '抽题题库', createdBy: editor, questions })
    const { id: quizId } = await app.ok(editor, 'quiz', 'saveQuiz', {
      branchId: enterprise,
      bankId,
      title: '抽题',
      description: '',
      mode: 'practice',
      drawRules: [{ tags: ['红船精神'], difficulty: 3, count: 5 }, { count: 10 }],
      timeLimitSeconds: quizLimits.timeLimitMinSeconds,
      attemptLimit: null,
      passPercent: 0,
    })
    await app.ok(editor, 'quiz', 'publishQuiz', { quizId })
    const attempt = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
    const ids = attempt.questions.map((q) => q.id)
    expect(new Set(ids).size).toBe(15)
    const drawn = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM question WHERE id = ANY($1::int[]) AND difficulty = 3 AND '红船精神' = ANY(tags)", [ids])
    expect(drawn[0].n).toBeGreaterThanOrEqual(5)
    await app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId })
  })
})

describe('the demo quizzes', () => {
  it('are built once through the editor\'s own functions and open to members', async () => {
    expect(await seedDemoQuiz(app.db)).toBe(true)
    expect(await seedDemoQuiz(app.db)).toBe(false)
    const titles = (await app.ok(member, 'quiz', 'openQuizzes', { limit: 50 })).items.map((q) => q.title)
    expect(titles).toEqual(expect.arrayContaining(['红船精神每日一练', '工会知识测试']))
    const [bank] = await app.db.query<{ question_count: number }>("SELECT question_count FROM question_bank WHERE title = '红船精神与工会知识题库'")
    expect(bank.question_count).toBe(10)
  })
})

describe('contest rounds (the quiz side)', () => {
  it('makes a round quiz through createContestQuiz, checks its bank and rules, and hides a round\'s answers until the round closes', async () => {
    const { bankId } = await insertBank(app.db, { title: '竞赛题库', createdBy: editor, questions: mixed })
    const [city] = await app.db.query<{ id: number; path: string }>('SELECT id, path FROM branch WHERE level = 1')
    const [contest] = await app.db.query<{ id: number }>(
      `INSERT INTO contest (branch_id, branch_path, branch_level, title, starts_at, ends_at, daily_attempts, created_by)
       VALUES ($1, $2, 1, '红船精神答题拉力赛', now() - interval '1 hour', now() + interval '1 day', 3, $3) RETURNING id`,
      [city.id, city.path, editor],
    )
    const caller = (await loadCaller(app.db, editor)) as Caller
    const spec = { contestId: contest.id, branchId: city.id, branchPath: city.path, bankId, title: '第一轮', drawRules: [{ count: 3 }], timeLimitSeconds: 300 }
    const { quizId, questionCount } = await app.db.transaction((tx) => createContestQuiz(tx, caller, spec))
    expect(questionCount).toBe(3)
    const county = (await loadCaller(app.db, app.users['county-course-editor'])) as Caller
    await expect(app.db.transaction((tx) => createContestQuiz(tx, county, spec))).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' })
    await expect(app.db.transaction((tx) => createContestQuiz(tx, caller, { ...spec, drawRules: [{ count: 4 }] }))).rejects.toMatchObject({ code: 'QUIZ_NOT_ENOUGH_QUESTIONS' })
    const renamed = await app.db.transaction((tx) => createContestQuiz(tx, caller, { ...spec, quizId, title: '第一轮（改）', drawRules: [{ count: 2 }] }))
    expect(renamed).toEqual({ quizId, questionCount: 2 })
    // Round quizzes are reached through their contest only: never in the members' list.
    expect((await app.ok(member, 'quiz', 'openQuizzes', { limit: 50 })).items.map((q) => q.id)).not.toContain(quizId)

    await app.db.query("INSERT INTO contest_round (contest_id, ord, title, quiz_id, starts_at, ends_at) VALUES ($1, 1, '第一轮', $2, now() - interval '1 hour', now() + interval '1 hour')", [
      contest.id,
      quizId,
    ])
    const [attempt] = await app.db.query<{ id: number }>(
      `INSERT INTO quiz_attempt (quiz_id, member_id, contest_id, attempt_no, day, question_ids, option_orders, status, deadline_at, submitted_at,
                                 correct_count, question_count, score, duration_ms, request_id)
       SELECT $1, m.id, $2, 1, current_date, ARRAY(SELECT id FROM question WHERE bank_id = $3 ORDER BY id LIMIT 2), '[[0, 1, 2, 3], [0, 1, 2, 3]]',
              'submitted', now(), now(), 1, 2, 50, 30000, $4
         FROM member m WHERE m.user_id = $5 RETURNING id`,
      [quizId, contest.id, bankId, requestId(), member],
    )
    const hidden = await app.ok(member, 'quiz', 'attemptResult', { attemptId: attempt.id })
    expect(hidden).toMatchObject({ score: 50, items: [], quiz: { contestId: contest.id } })
    expect(hidden.answersHiddenUntil).not.toBeNull()
    expect(JSON.stringify(hidden)).not.toMatch(/解析/)
    await app.db.query("UPDATE contest_round SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 minute' WHERE quiz_id = $1", [quizId])
    const shown = await app.ok(member, 'quiz', 'attemptResult', { attemptId: attempt.id })
    expect(shown.answersHiddenUntil).toBeNull()
    expect(shown.items).toHaveLength(2)
  })
})

describe.runIf(process.env.TEST_DB === 'pg')('at the same moment (PostgreSQL)', () => {
  it('scores the same attempt submitted twice at once only once', async () => {
    const { quizId } = await publishedQuiz({ attemptLimit: null })
    for (let round = 0; round < 5; round += 1) {
      const attempt = await app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })
      const right = await rightChoices(attempt)
      const answers = attempt.questions.map((q) => ({ questionId: q.id, choice: right.get(q.id)! }))
      const [a, b] = await Promise.all([
        app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers }),
        app.ok(member, 'quiz', 'submitAttempt', { attemptId: attempt.attemptId, answers }),
      ])
      expect(a).toEqual(b)
      expect(a.correctCount).toBe(3)
      const [row] = await app.db.query<{ correct_count: number; status: string }>('SELECT correct_count, status FROM quiz_attempt WHERE id = $1', [attempt.attemptId])
      expect(row).toEqual({ correct_count: 3, status: 'submitted' })
    }
  })

  it('gives a member starting on two devices at once one attempt', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { quizId } = await publishedQuiz({ attemptLimit: 1 })
      const starts = await Promise.all([1, 2, 3].map(() => app.ok(member, 'quiz', 'startAttempt', { quizId, requestId: requestId() })))
      expect(new Set(starts.map((s) => s.attemptId)).size).toBe(1)
      const [row] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM quiz_attempt WHERE quiz_id = $1', [quizId])
      expect(row.n).toBe(1)
    }
  })
})
