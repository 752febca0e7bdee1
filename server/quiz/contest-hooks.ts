import type { Caller } from '../caller'
import type { Queryable } from '../db'

/**
 * Where the attempt engine (server/quiz/attempts.ts, part attempt) meets 答题拉力赛 (part
 * contest). The contest part owns this file; the attempt part calls these two functions, in its
 * own transaction, for a quiz of mode 'contest'.
 */

/** The contest round quiz an attempt is about to start on. */
export interface ContestQuizRef {
  quizId: number
  contestId: number
}

/**
 * Before a contest attempt is drawn: refuses (an AppError) a member outside the contest's subtree,
 * a round not open now, a contest not published, or a day's attempts used up. Called with the
 * quiz's row locked, so two devices starting at once are decided one after the other.
 */
export async function checkContestStart(_tx: Queryable, _caller: Caller, _quiz: ContestQuizRef, _now: Date): Promise<void> {
  throw new Error('答题拉力赛 part not merged yet')
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

/** In the scoring transaction: updates the member's round best and contest standing, pays participation once. */
export async function recordContestAttempt(_tx: Queryable, _attempt: ScoredContestAttempt): Promise<void> {
  throw new Error('答题拉力赛 part not merged yet')
}
