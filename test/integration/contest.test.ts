/**
 * 答题拉力赛 (issue 12 §4): editors' scope and the contest's rules, the window, the daily limit
 * and the subtree a member must be in, standings as the sum of round bests with the stated
 * tie-break, a member's own rank and their branches' ranks, a property test against a recount
 * in TypeScript, and the freeze (once, points once, a frozen board never moves).
 *
 * Until the attempt engine (part quiz) is merged, attempts are scored the way it scores them:
 * a quiz_attempt row written as submitted, then recordContestAttempt in the same transaction.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ownStanding } from '../../server/quiz/boards'
import { checkContestStart, recordContestAttempt } from '../../server/quiz/contest-hooks'
import { freezeContests, refreshContestStandings } from '../../server/quiz/standings'
import { loadCaller } from '../../server/caller'
import { shanghaiDay } from '../../server/points/calendar'
import type { SaveContestInput } from '../../src/shared/api/quiz-contest'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { generatedQuestions, insertBank } from '../support/course-fixtures'

let app: TestApp
let cityEditor: number
let countyEditor: number
let siblingCountyEditor: number
let cityBank: number
let countyBank: number
let county: number
let city: number
const minute = 60_000
const hour = 60 * minute

/**
 * Times from one base per file: a draft nested in another (its rounds spread into a second draft)
 * would otherwise start a millisecond before its contest whenever the clock ticks between the two.
 */
const fileStart = Date.now()
const at = (offsetMs: number, base = fileStart) => new Date(base + offsetMs).toISOString()

function draft(fields: Partial<SaveContestInput> = {}): SaveContestInput {
  const bankId = fields.branchId === city ? cityBank : countyBank
  return {
    requestId: `contest-${Math.random().toString(36).slice(2, 12)}`,
    branchId: county,
    title: '红船精神答题拉力赛',
    description: '学习红船精神，争当时代先锋。',
    startsAt: at(-2 * hour),
    endsAt: at(6 * hour),
    dailyAttempts: 2,
    participationPoints: 5,
    placingPoints: [
      { upToRank: 1, points: 100 },
      { upToRank: 3, points: 50 },
    ],
    rounds: [
      { title: '第一轮', bankId, drawRules: [{ count: 5 }], timeLimitSeconds: 300, startsAt: at(-2 * hour), endsAt: at(2 * hour) },
      { title: '第二轮', bankId, drawRules: [{ count: 5, difficulty: 2 }], timeLimitSeconds: 300, startsAt: at(2 * hour), endsAt: at(5 * hour) },
    ],
    ...fields,
  }
}

async function publishedContest(fields: Partial<SaveContestInput> = {}, as = countyEditor): Promise<{ id: number; quizIds: number[] }> {
  const { id } = await app.ok(as, 'quiz', 'saveContest', draft(fields))
  await app.ok(as, 'quiz', 'publishContest', { contestId: id })
  const rounds = await app.db.query<{ quiz_id: number }>('SELECT quiz_id FROM contest_round WHERE contest_id = $1 ORDER BY ord', [id])
  return { id, quizIds: rounds.map((r) => r.quiz_id) }
}

/** The members' board as `as` sees it. */
async function memberBoard(as: number, contestId: number, limit: number, cursor?: string | null) {
  const board = await app.ok(as, 'quiz', 'contestBoard', { contestId, board: 'members', limit, cursor })
  if (board.board !== 'members') throw new Error('not the members board')
  return board
}

let attemptSeq = 0

/** Scores one contest attempt as the engine does: the attempt row, then the hook, in one transaction. */
async function score(contestId: number, quizId: number, memberId: number, correct: number, durationMs: number, submittedAt: Date): Promise<void> {
  attemptSeq += 1
  await app.db.transaction(async (tx) => {
    const [attempt] = await tx.query<{ id: number }>(
      `INSERT INTO quiz_attempt (quiz_id, member_id, contest_id, attempt_no, day, question_ids, option_orders, status, started_at, deadline_at, submitted_at, correct_count, question_count, score, duration_ms, passed, request_id)
       VALUES ($1, $2, $3, (SELECT count(*) + 1 FROM quiz_attempt WHERE member_id = $2 AND quiz_id = $1), $4, '{}', '[]', 'submitted', $5, $5::timestamptz + interval '5 minutes', $5, $6, 10, $6 * 10, $7, true, $8)
       RETURNING id`,
      [quizId, memberId, contestId, shanghaiDay(submittedAt), submittedAt, correct, durationMs, `score-${attemptSeq}-${Math.random().toString(36).slice(2, 10)}`],
    )
    await recordContestAttempt(tx, { attemptId: attempt.id, quizId, contestId, memberId, correctCount: correct, questionCount: 10, durationMs, submittedAt })
  })
}

async function memberIdOf(userId: number): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [userId])
  return row.id
}

/** Members inserted without accounts (the property test's participants), at the given branches. */
async function insertMembers(branchIds: number[]): Promise<number[]> {
  const rows = await app.db.query<{ id: number }>(
    `INSERT INTO member (member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '测试会员' || i, '13800000000', md5(random()::text || i::text), '1234', b
       FROM unnest($1::int[]) WITH ORDINALITY AS t(b, i)
     RETURNING id`,
    [branchIds],
  )
  return rows.map((r) => r.id)
}

beforeAll(async () => {
  app = await openTestApp()
  city = await app.branchId('嘉兴市总工会')
  county = await app.branchId('秀洲区总工会')
  cityEditor = app.users['course-editor']
  countyEditor = app.users['county-course-editor']
  siblingCountyEditor = await app.newStaff('南湖区总工会', 'course_editor')
  const questions = generatedQuestions(30)
  cityBank = (await insertBank(app.db, { title: '红船精神题库', questions, createdBy: cityEditor })).bankId
  countyBank = (await insertBank(app.db, { title: '秀洲区题库', branchName: '秀洲区总工会', questions, createdBy: countyEditor })).bankId
})

afterAll(async () => {
  await app?.close()
})

describe('setting up a contest', () => {
  it('saves a draft with its round quizzes, answers a retry with the same draft, publishes, and then refuses edits', async () => {
    const input = draft()
    const first = await app.ok(countyEditor, 'quiz', 'saveContest', input)
    const retry = await app.ok(countyEditor, 'quiz', 'saveContest', input)
    expect(retry.id).toBe(first.id)
    const quizzes = await app.db.query<{ mode: string; status: string; question_count: number }>(
      'SELECT q.mode, q.status, q.question_count FROM contest_round r JOIN quiz q ON q.id = r.quiz_id WHERE r.contest_id = $1 ORDER BY r.ord',
      [first.id],
    )
    expect(quizzes).toEqual([
      { mode: 'contest', status: 'published', question_count: 5 },
      { mode: 'contest', status: 'published', question_count: 5 },
    ])
    const edited = await app.ok(countyEditor, 'quiz', 'saveContest', { ...draft({ title: '改名后的拉力赛' }), id: first.id })
    expect(edited.id).toBe(first.id)
    const form = await app.ok(countyEditor, 'quiz', 'contestForEdit', { contestId: first.id })
    expect(form.title).toBe('改名后的拉力赛')
    expect(form.rounds.map((r) => r.drawRules)).toEqual([[{ count: 5 }], [{ count: 5, difficulty: 2 }]])
    // Edited with one round fewer: the first round keeps its quiz, the second's is gone.
    await app.ok(countyEditor, 'quiz', 'saveContest', { ...draft(), rounds: [draft().rounds[0]], id: first.id })
    const kept = await app.db.query<{ id: number }>('SELECT id FROM quiz WHERE contest_id = $1', [first.id])
    expect(kept.map((q) => q.id)).toEqual([form.rounds[0].quizId])
    await app.ok(countyEditor, 'quiz', 'publishContest', { contestId: first.id })
    const refused = await app.fail(countyEditor, 'quiz', 'saveContest', { ...draft(), id: first.id })
    expect(refused.code).toBe('CONTEST_NOT_DRAFT')
  })

  it('refuses an editor outside the branch, a bank that cannot fill the rules, and rounds outside the window or overlapping', async () => {
    const outOfScope = await app.fail(siblingCountyEditor, 'quiz', 'saveContest', draft())
    expect(outOfScope, JSON.stringify(outOfScope)).toMatchObject({ code: 'OUT_OF_SCOPE' })
    expect((await app.fail(app.users.member, 'quiz', 'saveContest', draft())).code).toBe('FORBIDDEN')
    const tooMany = draft({ rounds: [{ ...draft().rounds[0], drawRules: [{ count: 11, difficulty: 3 }] }] })
    const short = await app.fail(countyEditor, 'quiz', 'saveContest', tooMany)
    expect(short.code).toBe('QUIZ_NOT_ENOUGH_QUESTIONS')
    expect(short.message).toMatch(/^第 1 轮「第一轮」：/)
    const siblingBank = (await insertBank(app.db, { title: '南湖区题库', branchName: '南湖区总工会', questions: generatedQuestions(5), createdBy: siblingCountyEditor })).bankId
    const foreign = draft({ rounds: [{ ...draft().rounds[0], bankId: siblingBank }] })
    expect((await app.fail(countyEditor, 'quiz', 'saveContest', foreign)).code).toBe('OUT_OF_SCOPE')
    const outside = draft({ rounds: [{ ...draft().rounds[0], endsAt: at(7 * hour) }] })
    expect((await app.fail(countyEditor, 'quiz', 'saveContest', outside)).code).toBe('VALIDATION_FAILED')
    const overlapping = draft({ rounds: [draft().rounds[0], { ...draft().rounds[1], startsAt: at(hour) }] })
    expect((await app.fail(countyEditor, 'quiz', 'saveContest', overlapping)).code).toBe('VALIDATION_FAILED')
    const past = draft({ startsAt: at(-5 * hour), endsAt: at(-hour), rounds: [{ ...draft().rounds[0], startsAt: at(-5 * hour), endsAt: at(-2 * hour) }] })
    expect((await app.fail(countyEditor, 'quiz', 'saveContest', past)).code).toBe('CONTEST_WINDOW')
  })

  it('shows a published contest to members of its subtree only, and drafts to nobody but editors', async () => {
    const { id } = await publishedContest()
    const { id: draftId } = await app.ok(countyEditor, 'quiz', 'saveContest', draft())
    const running = await app.ok(app.users.member, 'quiz', 'contests', { phase: 'running', limit: 50 })
    expect(running.items.map((c) => c.id)).toContain(id)
    expect(running.items.map((c) => c.id)).not.toContain(draftId)
    expect((await app.fail(app.users.member, 'quiz', 'contestDetail', { contestId: draftId })).code).toBe('NOT_FOUND')
    const siblingCountyMember = await app.newUser('南湖区会员')
    await app.db.query(
      `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
       VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '南湖会员', '13800000001', md5(random()::text), '1234', $2)`,
      [siblingCountyMember, await app.branchId('南湖区总工会')],
    )
    expect((await app.fail(siblingCountyMember, 'quiz', 'contestDetail', { contestId: id })).code).toBe('NOT_FOUND')
    expect((await app.ok(siblingCountyMember, 'quiz', 'contests', { phase: 'running', limit: 50 })).items.map((c) => c.id)).not.toContain(id)
    const managed = await app.ok(countyEditor, 'quiz', 'manageContests', { limit: 50 })
    expect(managed.items.map((c) => c.id)).toEqual(expect.arrayContaining([id, draftId]))
    expect((await app.ok(siblingCountyEditor, 'quiz', 'manageContests', { limit: 50 })).items.map((c) => c.id)).not.toContain(id)
  })
})

describe('starting a contest attempt', () => {
  it('refuses a closed round, a member outside the subtree, and a day whose attempts are used', async () => {
    const { id, quizIds } = await publishedContest({ dailyAttempts: 1 })
    const member = await loadCaller(app.db, app.users.member)
    const sibling = await app.newUser('南湖会员二')
    await app.db.query(
      `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
       VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '南湖会员', '13800000002', md5(random()::text), '1234', $2)`,
      [sibling, await app.branchId('南湖区总工会')],
    )
    const outsider = await loadCaller(app.db, sibling)
    if (!member || !outsider) throw new Error('callers')
    const start = (caller: typeof member, quizId: number, now = new Date()) =>
      app.db.transaction((tx) => checkContestStart(tx, caller, { quizId, contestId: id }, now)).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      )
    expect(await start(member, quizIds[0])).toBe('ok')
    expect(await start(member, quizIds[1])).toBe('CONTEST_ROUND_CLOSED')
    expect(await start(outsider, quizIds[0])).toBe('NOT_FOUND')
    await score(id, quizIds[0], member.member?.id ?? 0, 3, 20_000, new Date())
    expect(await start(member, quizIds[0])).toBe('CONTEST_DAILY_LIMIT')
    expect(await start(member, quizIds[0], new Date(Date.now() + 24 * hour))).toBe('CONTEST_ROUND_CLOSED')
    const detail = await app.ok(app.users.member, 'quiz', 'contestDetail', { contestId: id })
    expect(detail.attemptsLeftToday).toBe(0)
    expect(detail.canStart).toBe(false)
    await app.ok(countyEditor, 'quiz', 'cancelContest', { contestId: id })
    expect(await start(member, quizIds[0])).toBe('CONTEST_NOT_OPEN')
  })

  it.runIf(process.env.TEST_DB === 'pg')('lets one of two devices starting at once pass the daily limit (PostgreSQL: truly concurrent)', async () => {
    const { id, quizIds } = await publishedContest({ dailyAttempts: 1 })
    const member = await loadCaller(app.db, app.users['sibling-member'])
    if (!member?.member) throw new Error('caller')
    const memberId = member.member.id
    const device = (n: number) =>
      app.db
        .transaction(async (tx) => {
          await checkContestStart(tx, member, { quizId: quizIds[0], contestId: id }, new Date())
          // What the engine inserts next: an attempt that counts against the day (any quiz of the contest).
          await tx.query(
            `INSERT INTO quiz_attempt (quiz_id, member_id, contest_id, attempt_no, day, question_ids, option_orders, started_at, deadline_at, question_count, request_id)
             VALUES ($1, $2, $3, $4, $5, '{}', '[]', now(), now() + interval '5 minutes', 5, $6)`,
            [quizIds[0], memberId, id, 100 + n, shanghaiDay(new Date()), `device-${n}-${Math.random().toString(36).slice(2, 10)}`],
          )
        })
        .then(() => 'ok', (e: { code?: string }) => e.code ?? String(e))
    const results = await Promise.all([device(1), device(2), device(3)])
    expect(results.filter((r) => r === 'ok')).toHaveLength(1)
    expect(results.filter((r) => r === 'CONTEST_DAILY_LIMIT')).toHaveLength(2)
  })
})

describe('standings', () => {
  it('is the sum of round bests, moves only when it improves, and pays participation once', async () => {
    const { id, quizIds } = await publishedContest()
    const memberId = await memberIdOf(app.users.member)
    const t0 = Date.now()
    await score(id, quizIds[0], memberId, 3, 40_000, new Date(t0))
    await score(id, quizIds[0], memberId, 2, 10_000, new Date(t0 + 1000))
    await score(id, quizIds[0], memberId, 3, 30_000, new Date(t0 + 2000))
    await score(id, quizIds[1], memberId, 4, 50_000, new Date(t0 + 3000))
    await score(id, quizIds[1], memberId, 4, 50_000, new Date(t0 + 4000))
    const [entry] = await app.db.query<{ correct: number; time_ms: number; attempts: number; achieved_at: Date }>(
      'SELECT correct, time_ms::float8 AS time_ms, attempts, achieved_at FROM contest_entry WHERE contest_id = $1 AND member_id = $2',
      [id, memberId],
    )
    expect(entry).toEqual({ correct: 7, time_ms: 80_000, attempts: 5, achieved_at: new Date(t0 + 3000) })
    const [points] = await app.db.query<{ n: number; sum: number }>(
      "SELECT count(*)::int AS n, COALESCE(sum(delta), 0)::int AS sum FROM points_ledger WHERE member_id = $1 AND rule = 'contest_participation' AND source_ref = $2",
      [memberId, `contest:${id}`],
    )
    expect(points).toEqual({ n: 1, sum: 5 })
  })

  it('breaks ties by time, then who got there first, then member id; shows my rank and my branches’ ranks', async () => {
    const { id, quizIds } = await publishedContest({ branchId: city }, cityEditor)
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const siblingEnterprise = (await app.db.query<{ branch_id: number }>('SELECT branch_id FROM member WHERE user_id = $1', [app.users['sibling-member']]))[0].branch_id
    const [a, b, c, d] = await insertMembers([enterprise, enterprise, siblingEnterprise, siblingEnterprise])
    const me = await memberIdOf(app.users.member)
    const t = Date.now() - minute
    await score(id, quizIds[0], a, 5, 30_000, new Date(t)) // 5 in 30 s, first there
    await score(id, quizIds[0], me, 5, 30_000, new Date(t + 1000)) // same, later
    await score(id, quizIds[0], d, 5, 30_000, new Date(t + 1000)) // same, same moment, higher id than me
    await score(id, quizIds[0], c, 5, 20_000, new Date(t + 2000)) // faster
    await score(id, quizIds[0], b, 4, 1_000, new Date(t)) // fewer correct
    expect(d).toBeGreaterThan(me)
    await refreshContestStandings(app.db, new Date())
    const board = await memberBoard(app.users.member, id, 2)
    const next = await memberBoard(app.users.member, id, 10, board.nextCursor)
    const lines = [...board.items, ...next.items]
    expect(lines.map((l) => [l.rank, l.correct, l.timeMs, l.me])).toEqual([
      [1, 5, 20_000, false],
      [2, 5, 30_000, false],
      [3, 5, 30_000, true],
      [4, 5, 30_000, false],
      [5, 4, 1_000, false],
    ])
    expect(lines[2].maskedName).toBe('张*梅')
    const detail = await app.ok(app.users.member, 'quiz', 'contestDetail', { contestId: id })
    expect(detail.mine).toEqual({ rank: 3, correct: 5, timeMs: 30_000, attempts: 1 })
    expect(detail.myBranches.map((r) => r.level)).toEqual([2, 3, 4])
    // 油车港镇's enterprise: me (5) and a (5) and b (4) → average 4.67; the sibling enterprise c and d: 5.
    const enterpriseRank = detail.myBranches.find((r) => r.level === 4)
    expect(enterpriseRank?.branch.id).toBe(enterprise)
    expect(enterpriseRank?.scoreRank).toBe(2)
    const branches = await app.ok(app.users.member, 'quiz', 'contestBoard', { contestId: id, board: 'branches', level: 4, limit: 2 })
    expect(branches.board === 'branches' && branches.items.map((l) => [l.rank, l.branch.id, l.participants, l.avgCorrectX100])).toEqual([
      [1, siblingEnterprise, 2, 500],
      [2, enterprise, 3, 466],
    ])
    expect((await app.fail(app.users.member, 'quiz', 'contestBoard', { contestId: id, board: 'members', cursor: 'bm90LWEtY3Vyc29y' })).code).toBe('VALIDATION_FAILED')
    const county = await publishedContest()
    expect((await app.fail(app.users.member, 'quiz', 'contestBoard', { contestId: county.id, board: 'branches', level: 2 })).code).toBe('CONTEST_LEVEL')
  })
})

describe('through the attempt engine', () => {
  it('starts a round attempt, scores it on submit, and the member sees their rank; a second start is the daily limit', async () => {
    const { id, quizIds } = await publishedContest({ dailyAttempts: 1 })
    const started = await app.ok(app.users.member, 'quiz', 'startAttempt', { quizId: quizIds[0], requestId: `contest-take-${Date.now()}` })
    const detail = await app.ok(app.users.member, 'quiz', 'contestDetail', { contestId: id })
    expect(detail.openAttemptId).toBe(started.attemptId)
    expect(detail.canStart).toBe(true)
    // generatedQuestions: question n's answer is option (n − 1) % 4, whatever order the attempt shows.
    const optionNames = ['选项甲', '选项乙', '选项丙', '选项丁']
    const answers = started.questions.map((q, i) => {
      const n = Number(/第(\d+)题/.exec(q.stem)?.[1])
      const right = q.options.indexOf(optionNames[(n - 1) % 4])
      return { questionId: q.id, choice: [i === 0 ? (right + 1) % 4 : right] }
    })
    const scored = await app.ok(app.users.member, 'quiz', 'submitAttempt', { attemptId: started.attemptId, answers })
    expect(scored.correctCount).toBe(started.questions.length - 1)
    const after = await app.ok(app.users.member, 'quiz', 'contestDetail', { contestId: id })
    expect(after.mine).toMatchObject({ rank: 1, correct: started.questions.length - 1, attempts: 1 })
    expect(after.attemptsLeftToday).toBe(0)
    expect(after.canStart).toBe(false)
    const again = await app.fail(app.users.member, 'quiz', 'startAttempt', { quizId: quizIds[0], requestId: `contest-again-${Date.now()}` })
    expect(again.code).toBe('CONTEST_DAILY_LIMIT')
  })
})

interface Attempt {
  member: number
  round: number
  correct: number
  seconds: number
  tick: number
}

describe('the boards against a recount (property)', () => {
  let participants: number[]
  let memberPaths: Map<number, string>
  let allMembers: { id: number; path: string }[]

  beforeAll(async () => {
    const enterprises = await app.db.query<{ id: number }>('SELECT id FROM branch WHERE level = 4 ORDER BY random() LIMIT 8')
    participants = await insertMembers(Array.from({ length: 24 }, (_, i) => enterprises[i % enterprises.length].id))
    allMembers = await app.db.query<{ id: number; path: string }>('SELECT m.id, b.path FROM member m JOIN branch b ON b.id = m.branch_id')
    memberPaths = new Map(allMembers.map((m) => [m.id, m.path]))
  })

  it('member board, own ranks and branch standings equal a brute-force recount on random attempts', async () => {
    const attempt = fc.record({
      member: fc.nat({ max: 23 }),
      round: fc.nat({ max: 1 }),
      correct: fc.nat({ max: 4 }),
      // Around the 10-second slots of contest_score_count, with repeats for ties.
      seconds: fc.constantFrom(3, 9, 10, 11, 20),
      tick: fc.nat({ max: 3 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 30 }), async (attempts: Attempt[]) => {
        const { id, quizIds } = await publishedContest({ branchId: city, participationPoints: 0 }, cityEditor)
        const base = Date.now() - hour
        // Ticks only go forward (attempts are scored in order); equal ticks give equal achieved_at.
        let clock = 0
        const timed = attempts.map((a) => ({ ...a, memberId: participants[a.member], at: (clock += a.tick) }))
        for (const a of timed) await score(id, quizIds[a.round], a.memberId, a.correct, a.seconds * 1000, new Date(base + a.at * 1000))
        const now = new Date()
        await refreshContestStandings(app.db, now)

        // The recount: each round's best (more correct, then less time; the first of equals kept), summed.
        const bests = new Map<string, { correct: number; ms: number }>()
        const entries = new Map<number, { correct: number; ms: number; achieved: number; memberId: number }>()
        for (const a of timed) {
          const key = `${a.memberId}:${a.round}`
          const best = bests.get(key)
          const ms = a.seconds * 1000
          if (best && (best.correct > a.correct || (best.correct === a.correct && best.ms <= ms))) continue
          bests.set(key, { correct: a.correct, ms })
          const rounds = [0, 1].map((r) => bests.get(`${a.memberId}:${r}`)).filter((b) => b !== undefined)
          entries.set(a.memberId, {
            memberId: a.memberId,
            correct: rounds.reduce((s, b) => s + b.correct, 0),
            ms: rounds.reduce((s, b) => s + b.ms, 0),
            achieved: a.at,
          })
        }
        const expected = [...entries.values()].sort((x, y) => y.correct - x.correct || x.ms - y.ms || x.achieved - y.achieved || x.memberId - y.memberId)

        const board = await memberBoard(cityEditor, id, 50)
        expect(board.items.map((l) => [l.rank, l.correct, l.timeMs])).toEqual(expected.map((e, i) => [i + 1, e.correct, e.ms]))
        for (const [i, e] of expected.entries()) expect((await ownStanding(app.db, id, e.memberId))?.rank).toBe(i + 1)

        for (const level of [2, 3, 4] as const) {
          const idAt = (path: string) => Number(path.split('/')[level])
          const groups = new Map<number, { participants: number; correct: number; members: number }>()
          const levelBranches = await app.db.query<{ id: number }>('SELECT id FROM branch WHERE level = $1', [level])
          for (const b of levelBranches) groups.set(b.id, { participants: 0, correct: 0, members: 0 })
          for (const m of allMembers) {
            const g = groups.get(idAt(m.path))
            if (g) g.members += 1
          }
          for (const e of entries.values()) {
            const g = groups.get(idAt(memberPaths.get(e.memberId) ?? ''))
            if (g) {
              g.participants += 1
              g.correct += e.correct
            }
          }
          const lines = [...groups.entries()].map(([branchId, g]) => ({
            branchId,
            participants: g.participants,
            members: g.members,
            avg: g.participants === 0 ? 0 : Math.floor((g.correct * 100) / g.participants),
            bp: g.members === 0 ? 0 : Math.min(10000, Math.floor((g.participants * 10000) / g.members)),
          }))
          const byScore = [...lines].sort((x, y) => y.avg - x.avg || y.participants - x.participants || x.branchId - y.branchId)
          const byRate = [...lines].sort((x, y) => y.bp - x.bp || y.participants - x.participants || x.branchId - y.branchId)
          const stored = await app.db.query<{ branch_id: number; participants: number; members: number; avg_correct_x100: number; participation_bp: number; score_rank: number; participation_rank: number }>(
            'SELECT branch_id, participants, members, avg_correct_x100, participation_bp, score_rank, participation_rank FROM contest_branch_standing WHERE contest_id = $1 AND level = $2 ORDER BY score_rank',
            [id, level],
          )
          expect(stored.map((s) => [s.branch_id, s.participants, s.members, s.avg_correct_x100, s.participation_bp])).toEqual(
            byScore.map((l) => [l.branchId, l.participants, l.members, l.avg, l.bp]),
          )
          const rateOrder = [...stored].sort((x, y) => x.participation_rank - y.participation_rank).map((s) => s.branch_id)
          expect(rateOrder).toEqual(byRate.map((l) => l.branchId))
        }
      }),
      { numRuns: 12 },
    )
  })
})

describe('freezing', () => {
  async function endedContest(): Promise<{ id: number; quizIds: number[]; members: number[] }> {
    const { id, quizIds } = await publishedContest({ participationPoints: 0 })
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const members = await insertMembers([enterprise, enterprise, enterprise, enterprise])
    const t = Date.now() - minute
    for (const [i, m] of members.entries()) await score(id, quizIds[0], m, 5 - i, 10_000, new Date(t))
    // The window closes: moved into the past as time would move it.
    await app.db.query(
      "UPDATE contest SET starts_at = starts_at - interval '1 day', ends_at = now() - interval '2 minutes' WHERE id = $1",
      [id],
    )
    await app.db.query("UPDATE contest_round SET starts_at = starts_at - interval '1 day', ends_at = now() - interval '3 minutes' WHERE contest_id = $1", [id])
    return { id, quizIds, members }
  }

  async function placingPoints(contestId: number) {
    return app.db.query<{ member_id: number; delta: number }>(
      "SELECT member_id, delta FROM points_ledger WHERE rule = 'contest_placing' AND source_ref = $1 ORDER BY member_id",
      [`contest:${contestId}:place`],
    )
  }

  it('writes final places, pays the placing points once, and a later submission moves nothing', async () => {
    const { id, quizIds, members } = await endedContest()
    const first = await freezeContests(app.db, new Date())
    expect(first.contests).toBeGreaterThanOrEqual(1)
    await freezeContests(app.db, new Date())
    const paid = await placingPoints(id)
    expect(paid).toEqual([
      { member_id: members[0], delta: 100 },
      { member_id: members[1], delta: 50 },
      { member_id: members[2], delta: 50 },
    ])
    const before = await app.ok(countyEditor, 'quiz', 'contestBoard', { contestId: id, board: 'members', limit: 50 })
    expect(before.final).toBe(true)
    expect(before.items.map((l) => l.rank)).toEqual([1, 2, 3, 4])
    // An attempt cut at its deadline and scored after the freeze (the expiry job's case).
    await score(id, quizIds[0], members[3], 10, 1_000, new Date())
    const after = await app.ok(countyEditor, 'quiz', 'contestBoard', { contestId: id, board: 'members', limit: 50 })
    expect(after).toEqual(before)
    const [contest] = await app.db.query<{ status: string; participant_count: number }>('SELECT status, participant_count FROM contest WHERE id = $1', [id])
    expect(contest).toEqual({ status: 'frozen', participant_count: 4 })
  })

  it.runIf(process.env.TEST_DB === 'pg')('pays once when several freezes run at once (PostgreSQL: truly concurrent)', async () => {
    const { id, members } = await endedContest()
    await Promise.all([freezeContests(app.db, new Date()), freezeContests(app.db, new Date()), freezeContests(app.db, new Date())])
    expect((await placingPoints(id)).map((p) => p.member_id)).toEqual(members.slice(0, 3))
    const [messages] = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM message WHERE kind = 'contest_result' AND source = $1", [`contest:${id}`])
    // The inserted members have no accounts: no message is sent to them.
    expect(messages.n).toBe(0)
  })
})
