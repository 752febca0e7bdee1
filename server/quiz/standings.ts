import { routes, withQuery } from '../../src/routes'
import type { ContestStatus } from '../../src/shared/quiz/names'
import type { Db, Queryable } from '../db'
import { notify } from '../notify'
import { award } from '../points/ledger'
import { inSubtreeSql } from '../scope'

/**
 * 答题拉力赛 standings: the branch boards a job recomputes while contests run, and the freeze at
 * a contest's close that writes the final places and pays the placing points once.
 */

/** The levels below the contest's branch that have a branch board: a city contest ranks counties, towns and enterprises. */
export function boardLevelsOf(branchLevel: number): (2 | 3 | 4)[] {
  return ([2, 3, 4] as const).filter((level) => level > branchLevel)
}

/** Attempts scored in the last minute of a contest (cut at their deadline) still count: the freeze waits this long. */
export const freezeGraceMs = 60_000

/**
 * Rewrites contest $1's branch boards at every level in $3 (all inside the contest's subtree $2):
 * participants and the sum of their correct answers grouped by the ancestor ids each entry keeps,
 * members of each branch's subtree from member grouped by branch first (one pass over
 * member_branch_idx) then rolled up by path; every branch of the level is ranked, those nobody
 * from took part in last. Ranks: average correct (×100, floored) then participation (per 10,000,
 * floored), each tied by participants, then branch id.
 */
const refreshBoardSql = `
  WITH levels AS (
    SELECT unnest($3::int[]) AS level
  ), member_counts AS (
    SELECT b.path, mc.n
      FROM (SELECT branch_id, count(*)::int AS n FROM member GROUP BY branch_id) mc JOIN branch b ON b.id = mc.branch_id
     WHERE ${inSubtreeSql('b.path', '$2')}
  ), member_rollup AS (
    SELECT l.level, split_part(mc.path, '/', l.level + 1)::int AS branch_id, sum(mc.n)::int AS members
      FROM member_counts mc CROSS JOIN levels l
     WHERE split_part(mc.path, '/', l.level + 1) <> ''
     GROUP BY 1, 2
  ), entry_rollup AS (
    SELECT l.level, CASE l.level WHEN 2 THEN e.county_id WHEN 3 THEN e.town_id ELSE e.enterprise_id END AS branch_id,
           count(*)::int AS participants, sum(e.correct)::bigint AS correct
      FROM contest_entry e CROSS JOIN levels l
     WHERE e.contest_id = $1
     GROUP BY 1, 2
  ), board AS (
    SELECT b.level, b.id AS branch_id, COALESCE(er.participants, 0) AS participants, COALESCE(mr.members, 0) AS members,
           CASE WHEN COALESCE(er.participants, 0) = 0 THEN 0 ELSE (er.correct * 100 / er.participants)::int END AS avg_correct_x100,
           CASE WHEN COALESCE(mr.members, 0) = 0 THEN 0 ELSE least(10000, COALESCE(er.participants, 0)::bigint * 10000 / mr.members)::int END AS participation_bp
      FROM branch b JOIN levels l ON l.level = b.level
      LEFT JOIN member_rollup mr ON mr.level = b.level AND mr.branch_id = b.id
      LEFT JOIN entry_rollup er ON er.level = b.level AND er.branch_id = b.id
     WHERE ${inSubtreeSql('b.path', '$2')}
  )
  INSERT INTO contest_branch_standing (contest_id, level, branch_id, participants, members, avg_correct_x100, participation_bp, score_rank, participation_rank, computed_at)
  SELECT $1, level, branch_id, participants, members, avg_correct_x100, participation_bp,
         row_number() OVER (PARTITION BY level ORDER BY avg_correct_x100 DESC, participants DESC, branch_id),
         row_number() OVER (PARTITION BY level ORDER BY participation_bp DESC, participants DESC, branch_id),
         $4
    FROM board
  ON CONFLICT (contest_id, level, branch_id) DO UPDATE
     SET participants = EXCLUDED.participants, members = EXCLUDED.members, avg_correct_x100 = EXCLUDED.avg_correct_x100,
         participation_bp = EXCLUDED.participation_bp, score_rank = EXCLUDED.score_rank,
         participation_rank = EXCLUDED.participation_rank, computed_at = EXCLUDED.computed_at`

interface LockedContest {
  id: number
  title: string
  status: ContestStatus
  branch_path: string
  branch_level: number
  ends_at: Date
  placing_points: { upToRank: number; points: number }[]
}

async function refreshBoards(tx: Queryable, contest: LockedContest, now: Date): Promise<void> {
  const levels = boardLevelsOf(contest.branch_level)
  if (levels.length > 0) await tx.query(refreshBoardSql, [contest.id, contest.branch_path, levels, now])
  await tx.query('UPDATE contest SET participant_count = (SELECT count(*) FROM contest_entry WHERE contest_id = $1) WHERE id = $1', [contest.id])
}

/**
 * Takes the contest's row lock and returns it while it is still published. FOR NO KEY UPDATE for
 * a refresh (submits, which hold KEY SHARE, go on), FOR UPDATE for the freeze (it waits for the
 * submits in flight, and later ones see it frozen).
 */
async function lockPublished(tx: Queryable, contestId: number, mode: 'NO KEY UPDATE' | 'UPDATE'): Promise<LockedContest | null> {
  const [row] = await tx.query<LockedContest>(
    `SELECT id, title, status, branch_path, branch_level, ends_at, placing_points FROM contest WHERE id = $1 FOR ${mode}`,
    [contestId],
  )
  return row && row.status === 'published' ? row : null
}

export interface StandingsRun {
  contests: number
}

/**
 * The standings job (every minute): for each published contest under way (or ended and waiting
 * for its freeze), rewrites its branch boards and participant count, one transaction each.
 */
export async function refreshContestStandings(db: Db, now: Date, options: { continueWhile?: () => boolean } = {}): Promise<StandingsRun> {
  const due = await db.query<{ id: number }>(
    `SELECT id FROM contest WHERE status = 'published' AND starts_at <= $1 AND ends_at > $2 ORDER BY id`,
    [now, new Date(now.getTime() - freezeGraceMs)],
  )
  const run: StandingsRun = { contests: 0 }
  for (const { id } of due) {
    if (options.continueWhile && !options.continueWhile()) break
    await db.transaction(async (tx) => {
      const contest = await lockPublished(tx, id, 'NO KEY UPDATE')
      if (!contest) return
      await refreshBoards(tx, contest, now)
      run.contests += 1
    })
  }
  return run
}

/** Points for a final place: the first tier whose upToRank reaches it. */
export function placingPointsFor(tiers: { upToRank: number; points: number }[], rank: number): number {
  return tiers.find((t) => rank <= t.upToRank)?.points ?? 0
}

export interface FreezeRun {
  contests: number
  placed: number
}

/**
 * Freezes each published contest a grace minute after its close: final places for every entry
 * (the board's order, in one statement), final branch boards, placing points and a message to
 * each placed member, then status frozen — all in one transaction with the contest row locked
 * FOR UPDATE, so two runs at once take turns and the second finds it frozen: points once.
 */
export async function freezeContests(db: Db, now: Date, options: { continueWhile?: () => boolean } = {}): Promise<FreezeRun> {
  const due = await db.query<{ id: number }>(
    `SELECT id FROM contest WHERE status = 'published' AND ends_at <= $1 ORDER BY ends_at, id`,
    [new Date(now.getTime() - freezeGraceMs)],
  )
  const run: FreezeRun = { contests: 0, placed: 0 }
  for (const { id } of due) {
    if (options.continueWhile && !options.continueWhile()) break
    await db.transaction(async (tx) => {
      const contest = await lockPublished(tx, id, 'UPDATE')
      if (!contest) return
      await tx.query(
        `UPDATE contest_entry e SET final_rank = r.rank
           FROM (SELECT member_id, row_number() OVER (ORDER BY correct DESC, time_ms, achieved_at, member_id)::int AS rank
                   FROM contest_entry WHERE contest_id = $1) r
          WHERE e.contest_id = $1 AND e.member_id = r.member_id`,
        [id],
      )
      await refreshBoards(tx, contest, now)
      const lastPaid = contest.placing_points.reduce((max, t) => Math.max(max, t.upToRank), 0)
      const placed = await tx.query<{ member_id: number; user_id: number | null; final_rank: number }>(
        `SELECT e.member_id, m.user_id, e.final_rank FROM contest_entry e JOIN member m ON m.id = e.member_id
          WHERE e.contest_id = $1 AND e.final_rank <= $2 ORDER BY e.final_rank`,
        [id, lastPaid],
      )
      for (const p of placed) {
        const points = placingPointsFor(contest.placing_points, p.final_rank)
        const paid = await award(tx, { memberId: p.member_id, rule: 'contest_placing', sourceRef: `contest:${id}:place`, points, reason: `答题竞赛第 ${p.final_rank} 名：${contest.title}`, at: now })
        if (p.user_id === null) continue
        const earned = paid.delta > 0 ? `，获得 ${paid.delta} 积分` : ''
        await notify(tx, {
          userId: p.user_id,
          kind: 'contest_result',
          source: `contest:${id}`,
          title: '答题竞赛成绩',
          body: `「${contest.title}」已结束，您获得第 ${p.final_rank} 名${earned}。`,
          link: withQuery(routes.contestDetail, { id }),
          payload: { title: contest.title, rank: p.final_rank, points: paid.delta },
        })
      }
      await tx.query("UPDATE quiz SET status = 'closed', updated_at = now() WHERE contest_id = $1 AND status = 'published'", [id])
      await tx.query("UPDATE contest SET status = 'frozen', frozen_at = $2, updated_at = now() WHERE id = $1", [id, now])
      run.contests += 1
      run.placed += placed.length
    })
  }
  return run
}
