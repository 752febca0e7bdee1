import { z } from 'zod'
import type {
  BranchBoardOrder,
  ContestBoard,
  ContestBoardKind,
  ContestBranchLine,
  ContestDetail,
  ContestMemberLine,
  ContestRound,
  ContestStanding,
  MyBranchRank,
} from '../../src/shared/api/quiz-contest'
import { quizLimits } from '../../src/shared/quiz/names'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { maskName } from '../library/campaigns'
import { shanghaiDay } from '../points/calendar'
import { chainOf } from '../scope'
import type { BranchRef } from '../sql'
import { branchRefSql, iso, isoOrNull } from '../sql'
import { scoreSlotMs } from './contest-hooks'
import { loadContest, phaseOf, summaryOf } from './contests'
import type { ContestRow } from './contests'
import { boardLevelsOf } from './standings'

/**
 * 答题拉力赛 boards. Ranking, everywhere: more correct answers, then less time, then the earlier
 * achieved_at, then the lower member id. A member's own rank never loads the board: it is 1 +
 * the entries in better (correct, 10-second time slot) cells (sums over contest_score_count) +
 * those of their own cell placed before them (a short range of contest_entry_rank_idx). Counting
 * every better entry in the index instead cost the last of 200,000 the whole index, and a member
 * of the most crowded total tens of thousands of tuples (see the README's figures). A frozen
 * contest reads final_rank.
 */


interface EntryRow {
  correct: number
  time_ms: number
  attempts: number
  final_rank: number | null
  rank: number
}

/**
 * A member's entry ($2 in contest $1) with its live rank, in one statement (one snapshot of the
 * entries and the counts the submits keep beside them).
 */
export const ownStandingSql = `
  SELECT e.correct, e.time_ms::float8 AS time_ms, e.attempts, e.final_rank,
         1 + (SELECT COALESCE(sum(s.entries), 0) FROM contest_score_count s WHERE s.contest_id = e.contest_id AND s.correct > e.correct)::int
           + (SELECT COALESCE(sum(s.entries), 0) FROM contest_score_count s
               WHERE s.contest_id = e.contest_id AND s.correct = e.correct AND s.time_slot < e.time_ms / ${scoreSlotMs})::int
           + (SELECT count(*) FROM contest_entry o
               WHERE o.contest_id = e.contest_id AND o.correct = e.correct AND o.time_ms >= e.time_ms / ${scoreSlotMs} * ${scoreSlotMs}
                 AND (o.time_ms, o.achieved_at, o.member_id) < (e.time_ms, e.achieved_at, e.member_id))::int AS rank
    FROM contest_entry e WHERE e.contest_id = $1 AND e.member_id = $2`

export async function ownStanding(db: Queryable, contestId: number, memberId: number): Promise<EntryRow | null> {
  const [row] = await db.query<EntryRow>(ownStandingSql, [contestId, memberId])
  return row ?? null
}

/**
 * Everything of the caller's own on the contest page in one statement: attempts today, the open
 * attempt on the current round ($4), the standing with its rank, and the ranks of their branches
 * ($5, at the board levels $6).
 */
const mineSql = `
  SELECT (SELECT count(*)::int FROM quiz_attempt a WHERE a.member_id = $2 AND a.contest_id = $1 AND a.day = $3) AS used_today,
         (SELECT a.id FROM quiz_attempt a WHERE a.member_id = $2 AND a.quiz_id = $4::int AND a.status = 'in_progress') AS open_attempt_id,
         (SELECT row_to_json(st) FROM (${ownStandingSql}) st) AS standing,
         (SELECT json_agg(json_build_object('level', b.level, 'branch', ${branchRefSql('b')}, 'scoreRank', s.score_rank, 'participationRank', s.participation_rank,
                                            'branchCount', COALESCE((SELECT max(x.score_rank) FROM contest_branch_standing x WHERE x.contest_id = $1 AND x.level = b.level), 0))
                          ORDER BY b.level)
            FROM branch b LEFT JOIN contest_branch_standing s ON s.contest_id = $1 AND s.level = b.level AND s.branch_id = b.id
           WHERE b.id = ANY($5::int[]) AND b.level = ANY($6::int[])) AS branches`

interface MineRow {
  used_today: number
  open_attempt_id: number | null
  standing: EntryRow | null
  branches: MyBranchRank[] | null
}

interface MemberLineRow {
  member_id: number
  correct: number
  time_ms: number
  achieved_at: Date
  final_rank: number | null
  name: string
  branch_name: string
}

const memberLineColumns = `e.member_id, e.correct, e.time_ms::float8 AS time_ms, e.achieved_at, e.final_rank, m.name, b.name AS branch_name`

/** Live board: keyset after (correct, time, achieved_at, member) in contest_entry_rank_idx's order. */
const liveBoardSql = `
  SELECT ${memberLineColumns}
    FROM contest_entry e JOIN member m ON m.id = e.member_id JOIN branch b ON b.id = e.branch_id
   WHERE e.contest_id = $1
     AND ($2::int IS NULL OR e.correct < $2 OR (e.correct = $2 AND (e.time_ms, e.achieved_at, e.member_id) > ($3::bigint, $4::timestamptz, $5::int)))
   ORDER BY e.correct DESC, e.time_ms, e.achieved_at, e.member_id
   LIMIT $6`

/** Frozen board: by final place over contest_entry_final_idx. */
const finalBoardSql = `
  SELECT ${memberLineColumns}
    FROM contest_entry e JOIN member m ON m.id = e.member_id JOIN branch b ON b.id = e.branch_id
   WHERE e.contest_id = $1 AND e.final_rank IS NOT NULL AND e.final_rank > $2
   ORDER BY e.final_rank
   LIMIT $3`

const memberCursor = z
  .object({ r: z.number().int().min(0).max(2_147_483_647), c: z.number().int().min(0).max(2_147_483_647), t: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), a: cursorTime, m: cursorId })
  .strict()
const branchCursor = z.object({ r: z.number().int().min(0).max(1_000_000) }).strict()

async function memberLines(db: Queryable, caller: Caller, contest: ContestRow, after: z.output<typeof memberCursor> | null, limit: number) {
  const frozen = contest.status === 'frozen'
  const rows = frozen
    ? await db.query<MemberLineRow>(finalBoardSql, [contest.id, after?.r ?? 0, limit + 1])
    : await db.query<MemberLineRow>(liveBoardSql, [contest.id, after?.c ?? null, after?.t ?? 0, after?.a ?? null, after?.m ?? 0, limit + 1])
  const first = (after?.r ?? 0) + 1
  return pageOf(
    rows.map((r, i) => ({ ...r, rank: r.final_rank !== null && frozen ? r.final_rank : first + i })),
    limit,
    (r): ContestMemberLine => ({ rank: r.rank, maskedName: maskName(r.name), branchName: r.branch_name, correct: r.correct, timeMs: r.time_ms, me: r.member_id === caller.member?.id }),
    (r) => ({ r: r.rank, c: r.correct, t: r.time_ms, a: iso(r.achieved_at), m: r.member_id }),
  )
}

function roundOf(row: { ord: number; title: string; quiz_id: number; starts_at: Date; ends_at: Date; question_count: number; time_limit_seconds: number }, now: Date): ContestRound {
  return {
    ord: row.ord,
    title: row.title,
    quizId: row.quiz_id,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    questionCount: row.question_count,
    timeLimitSeconds: row.time_limit_seconds,
    phase: phaseOf(row, now),
  }
}

interface RoundRow {
  ord: number
  title: string
  quiz_id: number
  starts_at: string
  ends_at: string
  question_count: number
  time_limit_seconds: number
}

/** The page: contest and rounds in one statement, the caller's own figures in a second, the top of the board in a third. */
export async function contestDetail(db: Queryable, caller: Caller, contestId: number, now = new Date()): Promise<ContestDetail> {
  const contest = await loadContest<{ rounds: RoundRow[] }>(
    db,
    caller,
    contestId,
    `(SELECT json_agg(json_build_object('ord', r.ord, 'title', r.title, 'quiz_id', r.quiz_id, 'starts_at', r.starts_at, 'ends_at', r.ends_at,
                                        'question_count', q.question_count, 'time_limit_seconds', q.time_limit_seconds) ORDER BY r.ord)
        FROM contest_round r JOIN quiz q ON q.id = r.quiz_id WHERE r.contest_id = c.id) AS rounds`,
  )
  const rounds = (contest.rounds ?? []).map((r) => roundOf({ ...r, starts_at: new Date(r.starts_at), ends_at: new Date(r.ends_at) }, now))
  const levels = boardLevelsOf(contest.branch_level)
  const member = caller.member
  const current = contest.status === 'published' ? (rounds.find((r) => r.phase === 'running') ?? null) : null
  let attemptsLeftToday: number | null = null
  let openAttemptId: number | null = null
  let mine: ContestStanding | null = null
  let myBranches: MyBranchRank[] = []
  if (member && member.branchPath.startsWith(contest.branch_path)) {
    const branchIds = levels.map((level) => chainOf(member.branchPath)[level - 1]).filter((id): id is number => id !== undefined)
    const [own] = await db.query<MineRow>(mineSql, [contestId, member.id, shanghaiDay(now), current?.quizId ?? null, branchIds, levels])
    if (contest.status === 'published' && phaseOf(contest, now) === 'running') attemptsLeftToday = Math.max(0, contest.daily_attempts - own.used_today)
    openAttemptId = current ? own.open_attempt_id : null
    const entry = own.standing
    if (entry) {
      mine = { rank: contest.status === 'frozen' && entry.final_rank !== null ? entry.final_rank : entry.rank, correct: entry.correct, timeMs: entry.time_ms, attempts: entry.attempts }
    }
    myBranches = own.branches ?? []
  }
  const top = await memberLines(db, caller, contest, null, quizLimits.boardTop)
  return {
    ...summaryOf(contest, now),
    description: contest.description,
    dailyAttempts: contest.daily_attempts,
    participationPoints: contest.participation_points,
    placingPoints: contest.placing_points,
    rounds,
    currentRound: current?.ord ?? null,
    attemptsLeftToday,
    openAttemptId,
    canStart: current !== null && (openAttemptId !== null || (attemptsLeftToday ?? 0) > 0),
    mine,
    myBranches,
    top: top.items,
    boardLevels: levels,
    final: contest.status === 'frozen',
    canManage: contest.canManage,
  }
}

export async function contestBoard(
  db: Queryable,
  caller: Caller,
  input: { contestId: number; board: ContestBoardKind; level?: number; by?: BranchBoardOrder; cursor?: string | null; limit: number },
): Promise<ContestBoard> {
  // A forged cursor is refused before anything is looked up.
  const memberAfter = input.board === 'members' ? decodeCursor(input.cursor, memberCursor) : null
  const branchAfter = input.board === 'branches' ? decodeCursor(input.cursor, branchCursor) : null
  const contest = await loadContest(db, caller, input.contestId)
  const final = contest.status === 'frozen'
  if (input.board === 'members') {
    return { board: 'members', final, ...(await memberLines(db, caller, contest, memberAfter, input.limit)) }
  }
  const levels = boardLevelsOf(contest.branch_level)
  const level = input.level === undefined ? levels[0] : levels.find((l) => l === input.level)
  if (level === undefined) throw new AppError('CONTEST_LEVEL', '该竞赛没有这一层级的组织排行')
  const by = input.by ?? 'score'
  const rankColumn = by === 'score' ? 's.score_rank' : 's.participation_rank'
  const rows = await db.query<{ rank: number; branch: BranchRef; participants: number; members: number; avg_correct_x100: number; participation_bp: number; computed_at: Date }>(
    `SELECT ${rankColumn} AS rank, ${branchRefSql('b')} AS branch, s.participants, s.members, s.avg_correct_x100, s.participation_bp, s.computed_at
       FROM contest_branch_standing s JOIN branch b ON b.id = s.branch_id
      WHERE s.contest_id = $1 AND s.level = $2 AND ${rankColumn} > $3
      ORDER BY ${rankColumn}
      LIMIT $4`,
    [contest.id, level, branchAfter?.r ?? 0, input.limit + 1],
  )
  const page = pageOf(
    rows,
    input.limit,
    (r): ContestBranchLine => ({ rank: r.rank, branch: r.branch, participants: r.participants, members: r.members, avgCorrectX100: r.avg_correct_x100, participationBp: r.participation_bp }),
    (r) => ({ r: r.rank }),
  )
  return { board: 'branches', final, level, by, computedAt: isoOrNull(rows[0]?.computed_at ?? null), ...page }
}
