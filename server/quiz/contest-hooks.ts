import { requireMember } from '../caller'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { shanghaiDay } from '../points/calendar'
import { award } from '../points/ledger'
import { chainOf } from '../scope'
import type { ContestStatus } from '../../src/shared/quiz/names'

/**
 * Where the attempt engine (server/quiz/attempts.ts, part attempt) meets 答题拉力赛 (part
 * contest). The attempt part calls these two functions, in its own transaction, for a quiz of
 * mode 'contest'.
 */

/** The contest round quiz an attempt is about to start on. */
export interface ContestQuizRef {
  quizId: number
  contestId: number
}

export const contestNotFound = () => new AppError('NOT_FOUND', '竞赛不存在或未发布')

/** Scored attempts and the one in progress that count against a member's attempts on a Shanghai day. */
async function attemptsOnDay(db: Queryable, contestId: number, memberId: number, day: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM quiz_attempt WHERE member_id = $1 AND contest_id = $2 AND day = $3',
    [memberId, contestId, day],
  )
  return row.n
}

/**
 * Before a contest attempt is drawn: refuses (an AppError) a member outside the contest's subtree,
 * a round not open now, a contest not published, or a day's attempts used up. The count and the
 * attempt the engine then inserts happen under a per-member advisory lock held to commit, so two
 * devices starting at once (even on different rounds' quizzes) are decided one after the other.
 */
export async function checkContestStart(tx: Queryable, caller: Caller, quiz: ContestQuizRef, now: Date): Promise<void> {
  const member = requireMember(caller)
  const [row] = await tx.query<{ status: ContestStatus; branch_path: string; daily_attempts: number; starts_at: Date; ends_at: Date }>(
    `SELECT c.status, c.branch_path, c.daily_attempts, r.starts_at, r.ends_at
       FROM contest c JOIN contest_round r ON r.contest_id = c.id AND r.quiz_id = $2
      WHERE c.id = $1`,
    [quiz.contestId, quiz.quizId],
  )
  if (!row || row.status === 'draft' || !member.branchPath.startsWith(row.branch_path)) throw contestNotFound()
  if (row.status !== 'published') throw new AppError('CONTEST_NOT_OPEN', '竞赛已结束或已取消，不能再答题')
  if (now < row.starts_at || now >= row.ends_at) throw new AppError('CONTEST_ROUND_CLOSED', '本轮答题未开始或已结束')
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`contest-start:${quiz.contestId}:${member.id}`])
  const used = await attemptsOnDay(tx, quiz.contestId, member.id, shanghaiDay(now))
  if (used >= row.daily_attempts) throw new AppError('CONTEST_DAILY_LIMIT', `今天的 ${row.daily_attempts} 次答题机会已用完，明天再来`)
}

/** A contest attempt just scored (submitted, or cut at its deadline). */
export interface ScoredContestAttempt {
  attemptId: number
  quizId: number
  contestId: number
  memberId: number
  correctCount: number
  questionCount: number
  /** Time taken by the server's clock, capped at the limit. */
  durationMs: number
  submittedAt: Date
}

/** The width of a contest_score_count time slot (migration 0029). */
export const scoreSlotMs = 10_000

interface Standing {
  correct: number
  timeMs: number
}

/**
 * Moves one entry in contest_score_count: out of its old slot (none for a new entry) and into
 * its new one. The new standing is better, so the old (worse) row is always taken first.
 */
async function moveScoreCount(tx: Queryable, contestId: number, from: Standing | null, to: Standing): Promise<void> {
  const toSlot = Math.floor(to.timeMs / scoreSlotMs)
  if (from !== null) {
    const fromSlot = Math.floor(from.timeMs / scoreSlotMs)
    if (from.correct === to.correct && fromSlot === toSlot) return
    await tx.query('UPDATE contest_score_count SET entries = entries - 1 WHERE contest_id = $1 AND correct = $2 AND time_slot = $3', [contestId, from.correct, fromSlot])
  }
  await tx.query(
    `INSERT INTO contest_score_count (contest_id, correct, time_slot, entries) VALUES ($1, $2, $3, 1)
     ON CONFLICT (contest_id, correct, time_slot) DO UPDATE SET entries = contest_score_count.entries + 1`,
    [contestId, to.correct, toSlot],
  )
}

/**
 * In the scoring transaction: keeps the member's best attempt of the round (more correct, then
 * less time), and their standing as the sum of their round bests, moved by the difference the
 * new best makes; achieved_at moves only when the standing improves. Pays participation once.
 * A frozen or cancelled contest no longer moves: the attempt is kept, the board is not touched.
 */
export async function recordContestAttempt(tx: Queryable, attempt: ScoredContestAttempt): Promise<void> {
  // KEY SHARE: submits go on side by side, the freeze (FOR UPDATE) waits for them and they for it.
  const [contest] = await tx.query<{ status: ContestStatus; title: string; participation_points: number; branch_level: number; ord: number | null }>(
    `SELECT c.status, c.title, c.participation_points, c.branch_level,
            (SELECT r.ord FROM contest_round r WHERE r.contest_id = c.id AND r.quiz_id = $2) AS ord
       FROM contest c WHERE c.id = $1 FOR KEY SHARE OF c`,
    [attempt.contestId, attempt.quizId],
  )
  if (!contest || contest.status !== 'published' || contest.ord === null) return
  const [member] = await tx.query<{ branch_id: number; path: string }>(
    'SELECT m.branch_id, b.path FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1',
    [attempt.memberId],
  )
  const chain = chainOf(member.path)
  const ancestorAt = (level: number) => (level > contest.branch_level ? (chain[level - 1] ?? null) : null)
  // Creates the entry or takes its row lock: one member's attempts are recorded one at a time.
  const [entry] = await tx.query<{ inserted: boolean; correct: number; time_ms: number }>(
    `INSERT INTO contest_entry (contest_id, member_id, branch_id, county_id, town_id, enterprise_id, correct, time_ms, attempts, achieved_at, first_submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 1, $7, $7)
     ON CONFLICT (contest_id, member_id) DO UPDATE SET attempts = contest_entry.attempts + 1
     RETURNING (xmax = 0) AS inserted, correct, time_ms::float8 AS time_ms`,
    [attempt.contestId, attempt.memberId, member.branch_id, ancestorAt(2), ancestorAt(3), ancestorAt(4), attempt.submittedAt],
  )
  const [best] = await tx.query<{ correct: number; time_ms: number }>(
    'SELECT correct, time_ms FROM contest_round_best WHERE contest_id = $1 AND round_ord = $2 AND member_id = $3',
    [attempt.contestId, contest.ord, attempt.memberId],
  )
  const better = !best || attempt.correctCount > best.correct || (attempt.correctCount === best.correct && attempt.durationMs < best.time_ms)
  if (better) {
    await tx.query(
      `INSERT INTO contest_round_best (contest_id, round_ord, member_id, attempt_id, correct, time_ms) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (contest_id, round_ord, member_id) DO UPDATE SET attempt_id = EXCLUDED.attempt_id, correct = EXCLUDED.correct, time_ms = EXCLUDED.time_ms`,
      [attempt.contestId, contest.ord, attempt.memberId, attempt.attemptId, attempt.correctCount, attempt.durationMs],
    )
    const correct = entry.correct + attempt.correctCount - (best?.correct ?? 0)
    const timeMs = entry.time_ms + attempt.durationMs - (best?.time_ms ?? 0)
    await tx.query('UPDATE contest_entry SET correct = $3, time_ms = $4, achieved_at = $5 WHERE contest_id = $1 AND member_id = $2', [
      attempt.contestId,
      attempt.memberId,
      correct,
      timeMs,
      attempt.submittedAt,
    ])
    await moveScoreCount(tx, attempt.contestId, entry.inserted ? null : { correct: entry.correct, timeMs: entry.time_ms }, { correct, timeMs })
  }
  if (entry.inserted && contest.participation_points > 0) {
    await award(tx, {
      memberId: attempt.memberId,
      rule: 'contest_participation',
      sourceRef: `contest:${attempt.contestId}`,
      points: contest.participation_points,
      reason: `参加答题竞赛：${contest.title}`,
      at: attempt.submittedAt,
    })
  }
}
