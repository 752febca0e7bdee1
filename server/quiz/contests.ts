import { z } from 'zod'
import type { DrawRule } from '../../src/shared/api/quiz-bank'
import type { ContestForEdit, ContestPhase, ContestSummary, SaveContestInput } from '../../src/shared/api/quiz-contest'
import type { ContestStatus } from '../../src/shared/quiz/names'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { ancestorPaths } from '../library/books'
import { covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import type { BranchRef } from '../sql'
import { branchRefSql, iso } from '../sql'
import { contestNotFound } from './contest-hooks'
import { createContestQuiz, saveDrawRulesCheck } from './draw'

/**
 * 答题拉力赛 set-up (issue 12 §4): a course_editor's contest for a branch's subtree, its rounds
 * (one quiz of mode contest each), publishing and cancelling; the lists members and editors see.
 */

export interface ContestRow {
  id: number
  title: string
  description: string
  branch: BranchRef
  branch_path: string
  branch_level: number
  starts_at: Date
  ends_at: Date
  status: ContestStatus
  daily_attempts: number
  participation_points: number
  placing_points: { upToRank: number; points: number }[]
  participant_count: number
  round_count: number
}

export const contestColumns = `c.id, c.title, c.description, ${branchRefSql('cb')} AS branch, c.branch_path, c.branch_level, c.starts_at, c.ends_at,
  c.status, c.daily_attempts, c.participation_points, c.placing_points, c.participant_count,
  (SELECT count(*)::int FROM contest_round r WHERE r.contest_id = c.id) AS round_count`

export function phaseOf(row: { starts_at: Date; ends_at: Date }, now: Date): ContestPhase {
  if (now < row.starts_at) return 'upcoming'
  return now < row.ends_at ? 'running' : 'ended'
}

export function summaryOf(row: ContestRow, now: Date): ContestSummary {
  return {
    id: row.id,
    title: row.title,
    branch: row.branch,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    status: row.status,
    phase: row.status === 'frozen' ? 'ended' : phaseOf(row, now),
    roundCount: row.round_count,
    participantCount: row.participant_count,
  }
}

/** A member sees a published or finished contest scoped at their branch or above. */
export function memberSees(caller: Caller, row: { status: ContestStatus; branch_path: string }): boolean {
  return (row.status === 'published' || row.status === 'frozen') && caller.member !== null && caller.member.branchPath.startsWith(row.branch_path)
}

/**
 * The contest as the caller may see it: its editor in any status, a member of the subtree once
 * published. `extra` adds columns the caller's page needs to the same statement.
 */
export async function loadContest<X extends object = Record<never, never>>(
  db: Queryable,
  caller: Caller,
  contestId: number,
  extra = '',
): Promise<ContestRow & X & { canManage: boolean }> {
  const [row] = await db.query<ContestRow & X>(`SELECT ${contestColumns}${extra ? `, ${extra}` : ''} FROM contest c JOIN branch cb ON cb.id = c.branch_id WHERE c.id = $1`, [contestId])
  if (!row) throw contestNotFound()
  const canManage = covers(caller, 'course_editor', row.branch_path)
  if (!canManage && !memberSees(caller, row)) throw contestNotFound()
  return { ...row, canManage }
}

/**
 * Makes (or, for a round a draft already had, rewrites) each round's quiz through part quiz's
 * createContestQuiz, which checks the bank is the editor's and fills the rules; its refusal names
 * the round. Rounds the draft no longer has lose their quiz: no attempt can point at a draft's.
 */
async function saveRounds(
  tx: Queryable,
  caller: Caller,
  contest: { id: number; title: string; branchId: number; branchPath: string },
  rounds: SaveContestInput['rounds'],
): Promise<void> {
  const old = await tx.query<{ quiz_id: number }>('SELECT quiz_id FROM contest_round WHERE contest_id = $1 ORDER BY ord', [contest.id])
  await tx.query('DELETE FROM contest_round WHERE contest_id = $1', [contest.id])
  const oldQuizzes = old.map((r) => r.quiz_id)
  for (const [i, round] of rounds.entries()) {
    let quizId: number
    try {
      ;({ quizId } = await createContestQuiz(tx, caller, {
        contestId: contest.id,
        quizId: oldQuizzes[i],
        branchId: contest.branchId,
        branchPath: contest.branchPath,
        bankId: round.bankId,
        title: roundQuizTitle(contest.title, round.title),
        drawRules: round.drawRules,
        timeLimitSeconds: round.timeLimitSeconds,
      }))
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, `第 ${i + 1} 轮「${round.title}」：${error.message}`)
      throw error
    }
    await tx.query('INSERT INTO contest_round (contest_id, ord, title, quiz_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      contest.id,
      i + 1,
      round.title,
      quizId,
      round.startsAt,
      round.endsAt,
    ])
  }
  const surplus = oldQuizzes.slice(rounds.length)
  if (surplus.length > 0) await tx.query('DELETE FROM quiz WHERE id = ANY($1::int[])', [surplus])
}

/** A quiz's title is at most 40 characters: the contest's title and the round's, cut to fit. */
function roundQuizTitle(contestTitle: string, roundTitle: string): string {
  const suffix = ` · ${roundTitle}`
  return Array.from(contestTitle).slice(0, 40 - Array.from(suffix).length).join('') + suffix
}

export async function saveContest(db: Db, caller: Caller, input: SaveContestInput, now = new Date()): Promise<{ id: number }> {
  const branch = await requireBranchInScope(db, caller, 'course_editor', input.branchId)
  if (Date.parse(input.endsAt) <= now.getTime()) throw new AppError('CONTEST_WINDOW', '竞赛结束时间已过，请重新设置时间')
  return db.transaction(async (tx) => {
    const values = [
      branch.id,
      branch.path,
      branch.level,
      input.title,
      input.description,
      input.startsAt,
      input.endsAt,
      input.dailyAttempts,
      input.participationPoints,
      JSON.stringify(input.placingPoints),
    ]
    let id: number
    if (input.id === undefined) {
      const [created] = await tx.query<{ id: number; fresh: boolean }>(
        `INSERT INTO contest (branch_id, branch_path, branch_level, title, description, starts_at, ends_at, daily_attempts, participation_points, placing_points, created_by, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (request_id) DO UPDATE SET request_id = EXCLUDED.request_id
         RETURNING id, (xmax = 0) AS fresh`,
        [...values, caller.userId, input.requestId],
      )
      // A retry answers the draft the first call made, as it was made.
      if (!created.fresh) return { id: created.id }
      id = created.id
    } else {
      const [current] = await tx.query<{ status: ContestStatus; branch_path: string }>('SELECT status, branch_path FROM contest WHERE id = $1 FOR UPDATE', [input.id])
      if (!current || !covers(caller, 'course_editor', current.branch_path)) throw contestNotFound()
      if (current.status !== 'draft') throw new AppError('CONTEST_NOT_DRAFT', '竞赛已发布或已取消，不能再修改')
      await tx.query(
        `UPDATE contest SET branch_id = $1, branch_path = $2, branch_level = $3, title = $4, description = $5, starts_at = $6, ends_at = $7,
                daily_attempts = $8, participation_points = $9, placing_points = $10, updated_at = now()
          WHERE id = $11`,
        [...values, input.id],
      )
      id = input.id
    }
    await saveRounds(tx, caller, { id, title: input.title, branchId: branch.id, branchPath: branch.path }, input.rounds)
    return { id }
  })
}

async function lockManaged(tx: Queryable, caller: Caller, contestId: number) {
  const [row] = await tx.query<{ status: ContestStatus; branch_path: string; ends_at: Date }>(
    'SELECT status, branch_path, ends_at FROM contest WHERE id = $1 FOR NO KEY UPDATE',
    [contestId],
  )
  if (!row || !covers(caller, 'course_editor', row.branch_path)) throw contestNotFound()
  return row
}

export async function publishContest(db: Db, caller: Caller, contestId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockManaged(tx, caller, contestId)
    if (row.status === 'published') return { id: contestId, status: row.status }
    if (row.status !== 'draft') throw new AppError('CONTEST_NOT_DRAFT', '竞赛已取消或已结束，不能发布')
    if (now >= row.ends_at) throw new AppError('CONTEST_WINDOW', '竞赛结束时间已过，请修改时间后再发布')
    // A question retired since the draft was saved could leave a round unable to draw.
    const rounds = await tx.query<{ title: string; bank_id: number; draw_rules: DrawRule[] }>(
      'SELECT r.title, q.bank_id, q.draw_rules FROM contest_round r JOIN quiz q ON q.id = r.quiz_id WHERE r.contest_id = $1 ORDER BY r.ord',
      [contestId],
    )
    for (const [i, r] of rounds.entries()) {
      try {
        await saveDrawRulesCheck(tx, r.bank_id, r.draw_rules)
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `第 ${i + 1} 轮「${r.title}」：${error.message}`)
        throw error
      }
    }
    await tx.query("UPDATE contest SET status = 'published', published_at = $2, updated_at = now() WHERE id = $1", [contestId, now])
    return { id: contestId, status: 'published' as const }
  })
}

export async function cancelContest(db: Db, caller: Caller, contestId: number) {
  return db.transaction(async (tx) => {
    const row = await lockManaged(tx, caller, contestId)
    if (row.status === 'frozen') throw new AppError('CONTEST_NOT_OPEN', '竞赛已结束，成绩已确定，不能取消')
    if (row.status !== 'cancelled') {
      await tx.query("UPDATE quiz SET status = 'closed', updated_at = now() WHERE contest_id = $1", [contestId])
      await tx.query("UPDATE contest SET status = 'cancelled', updated_at = now() WHERE id = $1", [contestId])
    }
    return { id: contestId, status: 'cancelled' as const }
  })
}

const listCursor = z.object({ s: cursorTime, id: cursorId }).strict()

/** Editor: the contests of every branch their course_editor grants cover, latest window first. */
export async function manageContests(
  db: Queryable,
  caller: Caller,
  input: { status?: ContestStatus; cursor?: string | null; limit: number },
  now = new Date(),
): Promise<{ items: ContestSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, listCursor)
  const rows = await db.query<ContestRow>(
    `SELECT ${contestColumns} FROM contest c JOIN branch cb ON cb.id = c.branch_id
      WHERE ${inSubtreesSql('c.branch_path', '$1')} AND ($2::text IS NULL OR c.status = $2)
        AND ($3::timestamptz IS NULL OR (c.starts_at, c.id) < ($3::timestamptz, $4::int))
      ORDER BY c.starts_at DESC, c.id DESC
      LIMIT $5`,
    [scopePaths(caller, 'course_editor'), input.status ?? null, after?.s ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, (r) => summaryOf(r, now), (r) => ({ s: iso(r.starts_at), id: r.id }))
}

/** Member: published or finished contests for their branch and above, in one phase. */
export async function listContests(
  db: Queryable,
  caller: Caller,
  input: { phase: ContestPhase; cursor?: string | null; limit: number },
  now = new Date(),
): Promise<{ items: ContestSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, listCursor)
  if (!caller.member) return { items: [], nextCursor: null }
  const phase = {
    upcoming: "c.status = 'published' AND c.starts_at > $3",
    running: "c.status = 'published' AND c.starts_at <= $3 AND c.ends_at > $3",
    ended: "(c.status = 'frozen' OR (c.status = 'published' AND c.ends_at <= $3))",
  }[input.phase]
  const rows = await db.query<ContestRow>(
    `SELECT ${contestColumns} FROM contest c JOIN branch cb ON cb.id = c.branch_id
      WHERE c.branch_path = ANY($1::text[]) AND ${phase}
        AND ($4::timestamptz IS NULL OR (c.starts_at, c.id) < ($4::timestamptz, $5::int))
      ORDER BY c.starts_at DESC, c.id DESC
      LIMIT $2`,
    [ancestorPaths(caller.member.branchPath), input.limit + 1, now, after?.s ?? null, after?.id ?? 0],
  )
  return pageOf(rows, input.limit, (r) => summaryOf(r, now), (r) => ({ s: iso(r.starts_at), id: r.id }))
}

export async function contestForEdit(db: Queryable, caller: Caller, contestId: number): Promise<ContestForEdit> {
  const row = await loadContest(db, caller, contestId)
  if (!row.canManage) throw contestNotFound()
  const rounds = await db.query<{ title: string; quiz_id: number; bank_id: number; draw_rules: ContestForEdit['rounds'][number]['drawRules']; time_limit_seconds: number; starts_at: Date; ends_at: Date }>(
    `SELECT r.title, r.quiz_id, q.bank_id, q.draw_rules, q.time_limit_seconds, r.starts_at, r.ends_at
       FROM contest_round r JOIN quiz q ON q.id = r.quiz_id WHERE r.contest_id = $1 ORDER BY r.ord`,
    [contestId],
  )
  return {
    id: row.id,
    status: row.status,
    branch: row.branch,
    branchId: row.branch.id,
    title: row.title,
    description: row.description,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    dailyAttempts: row.daily_attempts,
    participationPoints: row.participation_points,
    placingPoints: row.placing_points,
    rounds: rounds.map((r) => ({
      title: r.title,
      quizId: r.quiz_id,
      bankId: r.bank_id,
      drawRules: r.draw_rules,
      timeLimitSeconds: r.time_limit_seconds,
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
    })),
  }
}
