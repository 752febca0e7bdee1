import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import type { Db } from '../server/db'
import { ownStandingSql } from '../server/quiz/boards'
import { scoreSlotMs } from '../server/quiz/contest-hooks'
import { freezeContests, refreshContestStandings } from '../server/quiz/standings'
import { signToken } from '../server/tokens'
import { timedAction } from './call-action'
import { round, seededRandom, summarize, timed } from './stats'
import type { Latency } from './stats'

/**
 * 答题拉力赛 at the issue's size: a city-wide contest with 200,000 participants drawn at random
 * from the 1.13 million generated members across the whole branch tree, each with a scored
 * attempt in the first round (set-based SQL: attempts, round bests, entries, the per-total
 * counts). Then, one call at a time through dispatch: random members start and submit an
 * attempt of the running round (contest_submit_p99_ms), random participants read the contest's
 * page — their rank, their branches' ranks at three levels, the top 50 (contest_board_p99_ms) —
 * and finally the freeze of the final ranking (contest_freeze_ms).
 */
export const contestTargetP99Ms = 20
export const contestParticipants = 200_000

export interface ContestBench {
  participants: number
  generation_steps_s: Record<string, number>
  refresh_ms: number
  /** contest_score_count after the generation: cells (correct, time slot) and the largest one, which bounds what an own rank counts. */
  score_cells: { cells: number; largest: number }
  start: Latency
  submit: Latency
  board: Latency
  /** The last-placed participant's page, which counts the most: its own-rank statement, and the plain count it replaced. */
  last_place: { rank: number; own_rank_ms: number; count_all_better_ms: number; plan: string }
  freeze_ms: number
}

const hour = 3_600_000

async function generateContest(db: Db, deps: Deps, log: (line: string) => void) {
  const steps: Record<string, number> = {}
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const { ms } = await timed(() => db.query(sql, params))
    steps[name] = round(ms / 1000, 1)
    log(`答题竞赛数据：${name} ${steps[name]} s`)
  }
  const [editor] = await db.query<{ id: number }>("INSERT INTO app_user (nickname) VALUES ('市课程编辑') RETURNING id")
  await db.query("INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'course_editor', 1)", [editor.id])
  const [bank] = await db.query<{ id: number }>(
    "INSERT INTO question_bank (branch_id, branch_path, title, question_count, created_by) VALUES (1, '/1/', '红船精神题库', 200, $1) RETURNING id",
    [editor.id],
  )
  await db.query(
    `INSERT INTO question (bank_id, kind, stem, options, answer, explanation, tags, difficulty, created_by)
     SELECT $1, 'single', '第' || g || '题：以下哪一项正确？', ARRAY['选项甲', '选项乙', '选项丙', '选项丁'], ARRAY[(g % 4)::smallint], '解析' || g, ARRAY['红船精神'], 1 + g % 3, $2
       FROM generate_series(1, 200) g`,
    [bank.id, editor.id],
  )
  const editorToken = signToken(deps.env.appSecret, sessionPurpose, { uid: editor.id, exp: Math.floor(Date.now() / 1000) + 3 * 3600 })
  const now = Date.now()
  const iso = (offset: number) => new Date(now + offset).toISOString()
  const { data: saved } = await timedAction(deps, editorToken, 'quiz', 'saveContest', {
    requestId: 'bench-contest-0001',
    branchId: 1,
    title: '红船精神答题拉力赛',
    description: '全市职工答题拉力赛',
    startsAt: iso(-48 * hour),
    endsAt: iso(48 * hour),
    dailyAttempts: 20,
    participationPoints: 5,
    placingPoints: [
      { upToRank: 3, points: 200 },
      { upToRank: 10, points: 100 },
      { upToRank: 100, points: 20 },
    ],
    rounds: [
      { title: '第一轮', bankId: bank.id, drawRules: [{ count: 20 }], timeLimitSeconds: 600, startsAt: iso(-48 * hour), endsAt: iso(-hour) },
      { title: '第二轮', bankId: bank.id, drawRules: [{ count: 20 }], timeLimitSeconds: 600, startsAt: iso(-hour), endsAt: iso(47 * hour) },
    ],
  })
  await timedAction(deps, editorToken, 'quiz', 'publishContest', { contestId: saved.id })
  const rounds = await db.query<{ quiz_id: number; starts_at: Date }>('SELECT quiz_id, starts_at FROM contest_round WHERE contest_id = $1 ORDER BY ord', [saved.id])
  const [firstQuiz, runningQuiz] = rounds.map((r) => r.quiz_id)

  await db.query('SELECT setseed(0.12)')
  // A round-one attempt for each participant: correct answers skewed high, 1 to 10 minutes, spread over the round.
  await step(
    'attempts',
    // The participants are drawn first: random() in the same select list as ORDER BY random() LIMIT
    // came out correlated with the sort key (52 of the 1,134 (correct, time) cells filled).
    `WITH picked AS MATERIALIZED (SELECT id FROM member ORDER BY random() LIMIT $6)
     INSERT INTO quiz_attempt (quiz_id, member_id, contest_id, attempt_no, day, question_ids, option_orders, status, started_at, deadline_at,
                               submitted_at, correct_count, question_count, score, duration_ms, request_id)
     SELECT $1, p.id, $2, 1, (p.at AT TIME ZONE 'Asia/Shanghai')::date, (SELECT array_agg(id) FROM (SELECT id FROM question WHERE bank_id = $5 ORDER BY id LIMIT 20) q),
            '[]', 'submitted', p.at - make_interval(secs => p.ms / 1000.0), p.at + interval '10 minutes', p.at, p.correct, 20, p.correct * 5, p.ms, 'bench-contest-' || p.id
       FROM (SELECT id, least(20, floor(21 * sqrt(random())))::int AS correct, (60000 + floor(random() * 540000))::int AS ms,
                    $3::timestamptz + random() * ($4::timestamptz - $3::timestamptz) AS at
               FROM picked) p`,
    [firstQuiz, saved.id, rounds[0].starts_at, new Date(now - 2 * hour), bank.id, contestParticipants],
  )
  await step(
    'round bests',
    `INSERT INTO contest_round_best (contest_id, round_ord, member_id, attempt_id, correct, time_ms)
     SELECT $1, 1, member_id, id, correct_count, duration_ms FROM quiz_attempt WHERE quiz_id = $2`,
    [saved.id, firstQuiz],
  )
  await step(
    'entries',
    `INSERT INTO contest_entry (contest_id, member_id, branch_id, county_id, town_id, enterprise_id, correct, time_ms, attempts, achieved_at, first_submitted_at)
     SELECT $1, a.member_id, m.branch_id, split_part(b.path, '/', 3)::int, NULLIF(split_part(b.path, '/', 4), '')::int, NULLIF(split_part(b.path, '/', 5), '')::int,
            a.correct_count, a.duration_ms, 1, a.submitted_at, a.submitted_at
       FROM quiz_attempt a JOIN member m ON m.id = a.member_id JOIN branch b ON b.id = m.branch_id
      WHERE a.quiz_id = $2`,
    [saved.id, firstQuiz],
  )
  await step(
    'score counts',
    `INSERT INTO contest_score_count (contest_id, correct, time_slot, entries)
     SELECT contest_id, correct, time_ms / $2, count(*) FROM contest_entry WHERE contest_id = $1 GROUP BY 1, 2, 3`,
    [saved.id, scoreSlotMs],
  )
  await step('vacuum_analyze', 'VACUUM (ANALYZE) quiz_attempt, contest_round_best, contest_entry, contest_score_count, contest')
  return { contestId: saved.id, runningQuiz, steps }
}

export async function measureContest(deps: Deps, log: (line: string) => void, options = { submits: 300, reads: 1_000 }): Promise<ContestBench> {
  const { db } = deps
  const { contestId, runningQuiz, steps } = await generateContest(db, deps, log)
  const [cells] = await db.query<{ cells: number; largest: number }>('SELECT count(*)::int AS cells, max(entries)::int AS largest FROM contest_score_count WHERE contest_id = $1', [contestId])
  log(`名次计数格：${cells.cells} 个，最大 ${cells.largest} 人`)
  const refresh = await timed(() => refreshContestStandings(db, new Date()))
  log(`分组织排行刷新：${round(refresh.ms, 0)} ms`)

  const random = seededRandom(12)
  const exp = Math.floor(Date.now() / 1000) + 3 * 3600
  const tokenOf = (userId: number) => signToken(deps.env.appSecret, sessionPurpose, { uid: userId, exp })
  const participants = await db.query<{ user_id: number }>('SELECT m.user_id FROM contest_entry e JOIN member m ON m.id = e.member_id WHERE e.contest_id = $1 ORDER BY e.member_id', [contestId])
  const pick = () => participants[Math.floor(random() * participants.length)].user_id

  // Warm-up: every statement prepared on the pool's connections.
  for (let i = 0; i < 20; i++) await timedAction(deps, tokenOf(pick()), 'quiz', 'contestDetail', { contestId })

  log(`${options.submits} 名会员依次开始并交卷……`)
  const starts: number[] = []
  const submits: number[] = []
  const newcomers = await db.query<{ user_id: number }>(
    `SELECT m.user_id FROM member m WHERE NOT EXISTS (SELECT 1 FROM contest_entry e WHERE e.contest_id = $1 AND e.member_id = m.id)
      ORDER BY random() LIMIT $2`,
    [contestId, options.submits],
  )
  for (let i = 0; i < options.submits; i++) {
    // Half participants improving their standing, half newcomers entering the board.
    const userId = i % 2 === 0 ? pick() : newcomers[i].user_id
    const token = tokenOf(userId)
    const started = await timedAction(deps, token, 'quiz', 'startAttempt', { quizId: runningQuiz, requestId: `bench-start-${i}-${userId}` })
    starts.push(started.ms)
    const answers = started.data.questions.map((q) => ({ questionId: q.id, choice: [Math.floor(random() * q.options.length)] }))
    submits.push((await timedAction(deps, token, 'quiz', 'submitAttempt', { attemptId: started.data.attemptId, answers })).ms)
  }
  const start = summarize(starts)
  const submit = summarize(submits)
  log(`quiz.startAttempt：${JSON.stringify(start)}；quiz.submitAttempt：${JSON.stringify(submit)}`)

  log(`${options.reads} 名参赛会员依次查看竞赛页（本人名次、所在组织三级名次、前 50 名）……`)
  const reads: number[] = []
  for (let i = 0; i < options.reads; i++) reads.push((await timedAction(deps, tokenOf(pick()), 'quiz', 'contestDetail', { contestId })).ms)
  const board = summarize(reads)
  log(`quiz.contestDetail：${JSON.stringify(board)}`)

  const [last] = await db.query<{ member_id: number; user_id: number; correct: number; time_ms: number; achieved_at: Date }>(
    `SELECT e.member_id, m.user_id, e.correct, e.time_ms::float8 AS time_ms, e.achieved_at FROM contest_entry e JOIN member m ON m.id = e.member_id
      WHERE e.contest_id = $1 ORDER BY e.correct, e.time_ms DESC, e.achieved_at DESC, e.member_id DESC LIMIT 1`,
    [contestId],
  )
  const lastPage = await timedAction(deps, tokenOf(last.user_id), 'quiz', 'contestDetail', { contestId })
  const ownRank = await timed(() => db.query('EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ' + ownStandingSql, [contestId, last.member_id]))
  const plan = (ownRank.value as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n')
  const naive = await timed(() =>
    db.query(
      `SELECT count(*) FROM contest_entry WHERE contest_id = $1
          AND (correct > $2 OR (correct = $2 AND (time_ms, achieved_at, member_id) < ($3, $4, $5)))`,
      [contestId, last.correct, last.time_ms, last.achieved_at, last.member_id],
    ),
  )
  const lastPlace = { rank: lastPage.data.mine?.rank ?? 0, own_rank_ms: round(lastPage.ms, 2), count_all_better_ms: round(naive.ms, 2), plan }
  log(`最后一名（第 ${lastPlace.rank} 名）的竞赛页 ${lastPlace.own_rank_ms} ms；逐条数出更好的参赛者 ${lastPlace.count_all_better_ms} ms`)

  // The window closes: the freeze writes 200,000 final places, the branch boards and 100 placing awards.
  await db.query("UPDATE contest SET ends_at = now() - interval '2 minutes' WHERE id = $1", [contestId])
  const freeze = await timed(() => freezeContests(db, new Date()))
  log(`冻结最终排名：${round(freeze.ms, 0)} ms（${JSON.stringify(freeze.value)}）`)
  return {
    participants: participants.length,
    generation_steps_s: steps,
    refresh_ms: round(refresh.ms, 0),
    score_cells: cells,
    start,
    submit,
    board,
    last_place: lastPlace,
    freeze_ms: round(freeze.ms, 0),
  }
}
