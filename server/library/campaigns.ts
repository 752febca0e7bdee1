import { z } from 'zod'
import type {
  BranchBoardLine,
  CampaignDetail,
  CampaignLeaderboard,
  CampaignSummary,
  MemberBoardLine,
  SaveCampaignInput,
} from '../../src/shared/api/library-campaign'
import type { BookSummary, CampaignGoalKind, CampaignStatus } from '../../src/shared/api/library-common'
import { routes, withQuery } from '../../src/routes'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { notify } from '../notify'
import { addDays, dayStart, shanghaiDay } from '../points/calendar'
import { award } from '../points/ledger'
import { covers, inSubtreeSql, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import type { BranchRef } from '../sql'
import { branchRefSql, iso } from '../sql'
import { ancestorPaths, bookSummarySql, toBookSummary } from './books'
import type { BookSummaryRow } from './books'

/**
 * 读书活动 (issue 11 §4). A campaign's window is whole Shanghai days: it starts at midnight of
 * startDay and ends at midnight after endDay. Progress is never written by the reading path: a
 * job recomputes it from library_reading_log and library_progress (so a campaign created after
 * the reading still counts it), and pays the goal's points once.
 */

interface CampaignRow {
  id: number
  title: string
  description: string
  branch: BranchRef
  branch_path: string
  starts_at: Date
  ends_at: Date
  goal_kind: CampaignGoalKind
  goal_value: number
  reward_points: number
  status: CampaignStatus
  joined_count: number
  joined: boolean
}

const notFound = () => new AppError('NOT_FOUND', '读书活动不存在或未发布')

/** The campaign's columns as CampaignRow reads them; `$member` is the caller's member id or NULL. */
function campaignColumns(member: string): string {
  return `c.id, c.title, c.description, ${branchRefSql('cb')} AS branch, c.branch_path, c.starts_at, c.ends_at,
          c.goal_kind, c.goal_value, c.reward_points, c.status,
          (SELECT count(*)::int FROM library_campaign_member j WHERE j.campaign_id = c.id) AS joined_count,
          EXISTS (SELECT 1 FROM library_campaign_member j WHERE j.campaign_id = c.id AND j.member_id = ${member}) AS joined`
}

function endDayOf(row: { ends_at: Date }): string {
  return addDays(shanghaiDay(row.ends_at), -1)
}

function phaseOf(row: { starts_at: Date; ends_at: Date }, now: Date): CampaignSummary['phase'] {
  if (now < row.starts_at) return 'upcoming'
  return now < row.ends_at ? 'running' : 'ended'
}

function summaryOf(row: CampaignRow, now: Date): CampaignSummary {
  return {
    id: row.id,
    title: row.title,
    branch: row.branch,
    startDay: shanghaiDay(row.starts_at),
    endDay: endDayOf(row),
    goalKind: row.goal_kind,
    goalValue: row.goal_value,
    rewardPoints: row.reward_points,
    status: row.status,
    phase: phaseOf(row, now),
    joinedCount: row.joined_count,
    joined: row.joined,
  }
}

/** A member sees published campaigns scoped at their branch or above. */
function memberSees(caller: Caller, row: { status: CampaignStatus; branch_path: string }): boolean {
  return row.status === 'published' && caller.member !== null && ancestorPaths(caller.member.branchPath).includes(row.branch_path)
}

async function loadCampaign(db: Queryable, caller: Caller, campaignId: number): Promise<CampaignRow & { canManage: boolean }> {
  const [row] = await db.query<CampaignRow>(
    `SELECT ${campaignColumns('$2')} FROM library_campaign c JOIN branch cb ON cb.id = c.branch_id WHERE c.id = $1`,
    [campaignId, caller.member?.id ?? null],
  )
  if (!row) throw notFound()
  const canManage = covers(caller, 'admin', row.branch_path)
  if (!canManage && !memberSees(caller, row)) throw notFound()
  return { ...row, canManage }
}

const listCursor = z.object({ s: cursorTime, id: cursorId }).strict()

export async function listCampaigns(
  db: Queryable,
  caller: Caller,
  input: { cursor?: string | null; limit: number },
  now = new Date(),
): Promise<{ items: CampaignSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, listCursor)
  const memberPaths = caller.member ? ancestorPaths(caller.member.branchPath) : []
  const adminPaths = scopePaths(caller, 'admin')
  if (memberPaths.length === 0 && adminPaths.length === 0) return { items: [], nextCursor: null }
  const rows = await db.query<CampaignRow>(
    `SELECT ${campaignColumns('$1')}
       FROM library_campaign c JOIN branch cb ON cb.id = c.branch_id
      WHERE ((c.status = 'published' AND c.branch_path = ANY($2::text[])) OR ${inSubtreesSql('c.branch_path', '$3')})
        AND ($4::timestamptz IS NULL OR (c.starts_at, c.id) < ($4::timestamptz, $5::int))
      ORDER BY c.starts_at DESC, c.id DESC
      LIMIT $6`,
    [caller.member?.id ?? null, memberPaths, adminPaths, after?.s ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, (r) => summaryOf(r, now), (r) => ({ s: iso(r.starts_at), id: r.id }))
}

/** The levels below the campaign's branch that have a board: the city ranks counties, towns and enterprises. */
function boardLevelsOf(branchLevel: number): (2 | 3 | 4)[] {
  return ([2, 3, 4] as const).filter((level) => level > branchLevel)
}

export async function campaignDetail(db: Queryable, caller: Caller, campaignId: number, now = new Date()): Promise<CampaignDetail> {
  const row = await loadCampaign(db, caller, campaignId)
  // Members see only the books they can open; an admin sees the whole list they chose.
  const books = await db.query<BookSummaryRow>(
    `SELECT ${bookSummarySql('b')}
       FROM library_campaign_book cb JOIN library_book b ON b.id = cb.book_id
      WHERE cb.campaign_id = $1 AND ($2 OR (b.status = 'published' AND b.branch_path = ANY($3::text[])))
      ORDER BY b.title, b.id`,
    [campaignId, row.canManage, caller.member ? ancestorPaths(caller.member.branchPath) : []],
  )
  let progress: CampaignDetail['progress'] = null
  if (caller.member && row.joined) {
    // The member's own figures are computed now, not at the job's last run: they just read.
    const [mine] = await db.query<{ seconds: number; books: number; reached_at: Date | null }>(
      `SELECT p.seconds, p.books, cm.reached_at FROM library_campaign_member cm, LATERAL (${progressOfMemberSql}) p
        WHERE cm.campaign_id = $1 AND cm.member_id = $2`,
      [campaignId, caller.member.id, shanghaiDay(row.starts_at), endDayOf(row), row.starts_at, row.ends_at],
    )
    const [place] = await db.query<{ rank: number }>(
      `SELECT count(*)::int + 1 AS rank FROM library_campaign_member
        WHERE campaign_id = $1 AND (seconds > $2 OR (seconds = $2 AND member_id < $3))`,
      [campaignId, mine.seconds, caller.member.id],
    )
    const done = row.goal_kind === 'minutes' ? Math.floor(mine.seconds / 60) : mine.books
    progress = {
      minutes: Math.floor(mine.seconds / 60),
      books: mine.books,
      permille: Math.min(1000, Math.floor((done * 1000) / row.goal_value)),
      reachedAt: mine.reached_at ? iso(mine.reached_at) : null,
      rank: mine.seconds > 0 ? place.rank : null,
    }
  }
  const inSubtree = caller.member !== null && caller.member.branchPath.startsWith(row.branch_path)
  return {
    ...summaryOf(row, now),
    description: row.description,
    books: books.map(toBookSummary),
    progress,
    canJoin: inSubtree && row.status === 'published' && now < row.ends_at && !row.joined,
    canManage: row.canManage,
    boardLevels: boardLevelsOf(row.branch.level),
  }
}

/**
 * One member's progress in a campaign, for a LATERAL over `cm` (library_campaign_member):
 * seconds of the campaign's books on days in the window ($3..$4), and books of the list finished
 * inside it ($5..$6). The same sums the job writes for everyone.
 */
const progressOfMemberSql = `
  SELECT COALESCE((SELECT sum(l.seconds) FROM library_reading_log l
                     JOIN library_campaign_book b ON b.campaign_id = cm.campaign_id AND b.book_id = l.book_id
                    WHERE l.member_id = cm.member_id AND l.day BETWEEN $3::date AND $4::date), 0)::int AS seconds,
         (SELECT count(*) FROM library_progress pr
            JOIN library_campaign_book b ON b.campaign_id = cm.campaign_id AND b.book_id = pr.book_id
           WHERE pr.member_id = cm.member_id AND pr.finished_at >= $5 AND pr.finished_at < $6)::int AS books`

/**
 * Checks the books a campaign lists: each published and scoped at the campaign's branch or above,
 * so every member the campaign is for can open it.
 */
async function checkBooks(db: Queryable, branchPath: string, bookIds: number[]): Promise<void> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM library_book WHERE id = ANY($1::int[]) AND status = 'published' AND branch_path = ANY($2::text[])`,
    [bookIds, ancestorPaths(branchPath)],
  )
  if (rows.length !== bookIds.length) {
    const found = new Set(rows.map((r) => r.id))
    const missing = bookIds.filter((id) => !found.has(id))
    throw new AppError('LIBRARY_CAMPAIGN_BOOK_UNAVAILABLE', `有 ${missing.length} 本书未上架或不对该组织的会员开放，请重新选择书目`)
  }
}

const bookOptionsCursor = z.object({ p: cursorTime, id: cursorId }).strict()

/** LIKE pattern matching `text` anywhere, its wildcards taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export async function campaignBookOptions(
  db: Queryable,
  caller: Caller,
  input: { branchId: number; q: string; cursor?: string | null; limit: number },
): Promise<{ items: BookSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, bookOptionsCursor)
  const branch = await requireBranchInScope(db, caller, 'admin', input.branchId)
  // The newest first over library_book_published_idx; a title filter over a published catalogue of
  // tens of thousands is a short scan of that index.
  const rows = await db.query<BookSummaryRow & { published_at: Date }>(
    `SELECT ${bookSummarySql('b')}, b.published_at
       FROM library_book b
      WHERE b.status = 'published' AND b.branch_path = ANY($1::text[])
        AND ($2 = '' OR b.title ILIKE $3 OR b.author ILIKE $3)
        AND ($4::timestamptz IS NULL OR (b.published_at, b.id) < ($4::timestamptz, $5::int))
      ORDER BY b.published_at DESC, b.id DESC
      LIMIT $6`,
    [ancestorPaths(branch.path), input.q, containsPattern(input.q), after?.p ?? null, after?.id ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, toBookSummary, (r) => ({ p: iso(r.published_at), id: r.id }))
}

export async function saveCampaign(db: Db, caller: Caller, input: SaveCampaignInput, now = new Date()): Promise<{ id: number }> {
  const branch = await requireBranchInScope(db, caller, 'admin', input.branchId)
  if (input.endDay < shanghaiDay(now)) throw new AppError('LIBRARY_CAMPAIGN_WINDOW', '活动结束日期已过，请重新选择日期')
  return db.transaction(async (tx) => {
    await checkBooks(tx, branch.path, input.bookIds)
    const values = [
      input.branchId,
      branch.path,
      input.title,
      input.description,
      dayStart(input.startDay),
      dayStart(addDays(input.endDay, 1)),
      input.goalKind,
      input.goalValue,
      input.rewardPoints,
    ]
    let id: number
    if (input.id === undefined) {
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO library_campaign (branch_id, branch_path, title, description, starts_at, ends_at, goal_kind, goal_value, reward_points, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [...values, caller.userId],
      )
      id = row.id
    } else {
      const [current] = await tx.query<{ status: CampaignStatus; branch_path: string }>(
        'SELECT status, branch_path FROM library_campaign WHERE id = $1 FOR UPDATE',
        [input.id],
      )
      if (!current || !covers(caller, 'admin', current.branch_path)) throw notFound()
      if (current.status !== 'draft') throw new AppError('LIBRARY_CAMPAIGN_NOT_DRAFT', '活动已发布或已取消，不能再修改')
      await tx.query(
        `UPDATE library_campaign SET branch_id = $1, branch_path = $2, title = $3, description = $4, starts_at = $5, ends_at = $6,
                goal_kind = $7, goal_value = $8, reward_points = $9, updated_at = now()
          WHERE id = $10`,
        [...values, input.id],
      )
      await tx.query('DELETE FROM library_campaign_book WHERE campaign_id = $1', [input.id])
      id = input.id
    }
    await tx.query('INSERT INTO library_campaign_book (campaign_id, book_id) SELECT $1, unnest($2::int[])', [id, input.bookIds])
    return { id }
  })
}

async function lockManaged(tx: Queryable, caller: Caller, campaignId: number) {
  const [row] = await tx.query<{ status: CampaignStatus; branch_path: string; ends_at: Date }>(
    'SELECT status, branch_path, ends_at FROM library_campaign WHERE id = $1 FOR NO KEY UPDATE',
    [campaignId],
  )
  if (!row || !covers(caller, 'admin', row.branch_path)) throw notFound()
  return row
}

export async function publishCampaign(db: Db, caller: Caller, campaignId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockManaged(tx, caller, campaignId)
    if (row.status === 'published') return { id: campaignId, status: row.status }
    if (row.status !== 'draft') throw new AppError('LIBRARY_CAMPAIGN_NOT_DRAFT', '活动已取消，不能发布')
    if (now >= row.ends_at) throw new AppError('LIBRARY_CAMPAIGN_WINDOW', '活动结束日期已过，请修改日期后再发布')
    // A book taken down since the draft was saved would leave members a list they cannot open.
    const [books] = await tx.query<{ ids: number[] }>('SELECT array_agg(book_id) AS ids FROM library_campaign_book WHERE campaign_id = $1', [campaignId])
    await checkBooks(tx, row.branch_path, books.ids ?? [])
    await tx.query("UPDATE library_campaign SET status = 'published', updated_at = now() WHERE id = $1", [campaignId])
    return { id: campaignId, status: 'published' as const }
  })
}

export async function cancelCampaign(db: Db, caller: Caller, campaignId: number) {
  return db.transaction(async (tx) => {
    const row = await lockManaged(tx, caller, campaignId)
    if (row.status !== 'cancelled') await tx.query("UPDATE library_campaign SET status = 'cancelled', updated_at = now() WHERE id = $1", [campaignId])
    return { id: campaignId, status: 'cancelled' as const }
  })
}

export async function joinCampaign(db: Queryable, caller: Caller, campaignId: number, now = new Date()): Promise<{ joined: true }> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const [row] = await db.query<{ status: CampaignStatus; branch_path: string; ends_at: Date }>(
    'SELECT status, branch_path, ends_at FROM library_campaign WHERE id = $1',
    [campaignId],
  )
  // Members outside the subtree learn nothing of it, as if it did not exist.
  if (!row || !memberSees(caller, row)) throw notFound()
  if (now >= row.ends_at) throw new AppError('LIBRARY_CAMPAIGN_ENDED', '活动已结束，不能再参加')
  await db.query(
    `INSERT INTO library_campaign_member (campaign_id, member_id, branch_id, branch_path, joined_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, member_id) DO NOTHING`,
    [campaignId, member.id, member.branchId, member.branchPath, now],
  )
  return { joined: true }
}

/** 张晓梅 → 张*梅, 李伟 → 李*: enough for colleagues to recognise themselves, not to identify anyone else. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 2) return `${chars[0] ?? ''}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

const memberBoardCursor = z.object({ s: z.number().int().min(0).max(2_147_483_647), m: cursorId, r: z.number().int().min(0).max(2_147_483_647) }).strict()
const branchBoardCursor = z.object({ o: z.number().int().min(0).max(100_000) }).strict()

export async function campaignLeaderboard(
  db: Queryable,
  caller: Caller,
  input: { campaignId: number; board: 'members' | 'branches'; level?: number; cursor?: string | null; limit: number },
): Promise<CampaignLeaderboard> {
  // A forged cursor is refused before anything is looked up.
  const after = input.board === 'members' ? decodeCursor(input.cursor, memberBoardCursor) : null
  const offset = input.board === 'branches' ? (decodeCursor(input.cursor, branchBoardCursor)?.o ?? 0) : 0
  const campaign = await loadCampaign(db, caller, input.campaignId)
  if (input.board === 'members') {
    // Keyset over library_campaign_member_rank_idx: a page costs the same at the top and far down a city-wide board.
    const rows = await db.query<{ member_id: number; seconds: number; books: number; reached: boolean; name: string; branch_name: string }>(
      `SELECT cm.member_id, cm.seconds, cm.books, cm.reached_at IS NOT NULL AS reached, m.name, b.name AS branch_name
         FROM library_campaign_member cm JOIN member m ON m.id = cm.member_id JOIN branch b ON b.id = cm.branch_id
        WHERE cm.campaign_id = $1 AND ($2::int IS NULL OR cm.seconds < $2 OR (cm.seconds = $2 AND cm.member_id > $3))
        ORDER BY cm.seconds DESC, cm.member_id
        LIMIT $4`,
      [input.campaignId, after?.s ?? null, after?.m ?? 0, input.limit + 1],
    )
    const first = (after?.r ?? 0) + 1
    const page = pageOf(
      rows.map((r, i) => ({ ...r, rank: first + i })),
      input.limit,
      (r): MemberBoardLine => ({
        rank: r.rank,
        maskedName: maskName(r.name),
        branchName: r.branch_name,
        minutes: Math.floor(r.seconds / 60),
        books: r.books,
        reached: r.reached,
        me: r.member_id === caller.member?.id,
      }),
      (r) => ({ s: r.seconds, m: r.member_id, r: r.rank }),
    )
    return { board: 'members', ...page }
  }
  const levels = boardLevelsOf(campaign.branch.level)
  const level = input.level === undefined ? levels[0] : levels.find((l) => l === input.level)
  if (level === undefined) {
    throw new AppError('LIBRARY_CAMPAIGN_LEVEL', '该活动没有这一层级的组织排行')
  }
  const rows = await db.query<{ branch: BranchRef; members: number; joined: number }>(branchBoardSql, [
    input.campaignId,
    campaign.branch_path,
    level,
    input.limit + 1,
    offset,
  ])
  const page = pageOf(
    rows.map((r, i) => ({ ...r, rank: offset + i + 1 })),
    input.limit,
    (r): BranchBoardLine => ({
      rank: r.rank,
      branch: r.branch,
      members: r.members,
      joined: r.joined,
      ratePermille: r.members > 0 ? Math.floor((r.joined * 1000) / r.members) : 0,
    }),
    (r) => ({ o: r.rank }),
  )
  return { board: 'branches', level, ...page }
}

/** The path of a branch's ancestor at level $3 ('/1/2/3/4/' at level 2 → '/1/2/'). */
const ancestorAtLevelSql = (path: string) => `'/' || array_to_string((string_to_array(trim(both '/' from ${path}), '/'))[1:$3::int], '/') || '/'`

/**
 * Branches at level $3 in the campaign's subtree ($2), by participation: joined members over the
 * members of each branch's subtree, highest rate first; branches with no member rank last. Both
 * counts are grouped by branch id first (one pass over member_branch_idx, and over the campaign's
 * range of library_campaign_member), so the path arithmetic that rolls them up to the level runs
 * over a few thousand branch rows, not over every member. Offset paging: a level has at most a
 * few thousand branches.
 */
const branchBoardSql = `
  WITH members AS (
    SELECT branch_id, count(*)::int AS n FROM member GROUP BY branch_id
  ), joined AS (
    SELECT branch_id, count(*)::int AS n FROM library_campaign_member WHERE campaign_id = $1 GROUP BY branch_id
  ), per_branch AS (
    SELECT s.path, COALESCE(m.n, 0) AS members, COALESCE(j.n, 0) AS joined
      FROM branch s LEFT JOIN members m ON m.branch_id = s.id LEFT JOIN joined j ON j.branch_id = s.id
     WHERE ${inSubtreeSql('s.path', '$2')} AND s.level >= $3
  ), rolled AS (
    SELECT ${ancestorAtLevelSql('path')} AS path, sum(members)::int AS members, sum(joined)::int AS joined FROM per_branch GROUP BY 1
  )
  SELECT ${branchRefSql('b')} AS branch, COALESCE(r.members, 0) AS members, COALESCE(r.joined, 0) AS joined
    FROM branch b LEFT JOIN rolled r ON r.path = b.path
   WHERE b.level = $3 AND ${inSubtreeSql('b.path', '$2')}
   ORDER BY CASE WHEN COALESCE(r.members, 0) = 0 THEN 0 ELSE COALESCE(r.joined, 0)::float8 / r.members END DESC, COALESCE(r.joined, 0) DESC, b.id
   LIMIT $4 OFFSET $5`

/** Campaigns still recomputed after their end, so reading credited in the last minute counts. */
const graceMs = 24 * 3600_000

export interface CampaignProgressRun {
  campaigns: number
  updated: number
  reached: number
}

/**
 * The progress job: for each published campaign whose window has begun and has not been over for
 * a day, recomputes every joined member's seconds and finished books in one statement, then marks
 * who reached the goal and pays them, in the same transaction. The campaign row is locked first
 * (FOR NO KEY UPDATE: joins, which only take a key-share lock on it, go on), so overlapping runs
 * take turns and the second finds reached_at set: the goal's points are paid once.
 */
export async function libraryCampaignProgress(
  db: Db,
  now: Date,
  options: { continueWhile?: () => boolean } = {},
): Promise<CampaignProgressRun> {
  const due = await db.query<{ id: number }>(
    `SELECT id FROM library_campaign
      WHERE status = 'published' AND starts_at <= $1 AND ends_at > $2
        AND EXISTS (SELECT 1 FROM library_campaign_member j WHERE j.campaign_id = library_campaign.id)
      ORDER BY id`,
    [now, new Date(now.getTime() - graceMs)],
  )
  const run: CampaignProgressRun = { campaigns: 0, updated: 0, reached: 0 }
  for (const { id } of due) {
    if (options.continueWhile && !options.continueWhile()) break
    await db.transaction(async (tx) => {
      const [campaign] = await tx.query<{ title: string; starts_at: Date; ends_at: Date; goal_kind: CampaignGoalKind; goal_value: number; reward_points: number; status: CampaignStatus }>(
        'SELECT title, starts_at, ends_at, goal_kind, goal_value, reward_points, status FROM library_campaign WHERE id = $1 FOR NO KEY UPDATE',
        [id],
      )
      if (campaign.status !== 'published') return
      const updated = await tx.query(
        `WITH reads AS (
           SELECT l.member_id, sum(l.seconds)::int AS seconds
             FROM library_reading_log l JOIN library_campaign_book b ON b.campaign_id = $1 AND b.book_id = l.book_id
            WHERE l.day BETWEEN $2::date AND $3::date
              AND EXISTS (SELECT 1 FROM library_campaign_member j WHERE j.campaign_id = $1 AND j.member_id = l.member_id)
            GROUP BY l.member_id
         ), finished AS (
           SELECT pr.member_id, count(*)::int AS books
             FROM library_progress pr JOIN library_campaign_book b ON b.campaign_id = $1 AND b.book_id = pr.book_id
            WHERE pr.finished_at >= $4 AND pr.finished_at < $5
            GROUP BY pr.member_id
         ), fresh AS (
           SELECT cm.member_id, COALESCE(r.seconds, 0) AS seconds, COALESCE(f.books, 0) AS books
             FROM library_campaign_member cm LEFT JOIN reads r ON r.member_id = cm.member_id LEFT JOIN finished f ON f.member_id = cm.member_id
            WHERE cm.campaign_id = $1
         )
         UPDATE library_campaign_member cm SET seconds = fresh.seconds, books = fresh.books
           FROM fresh
          WHERE cm.campaign_id = $1 AND cm.member_id = fresh.member_id AND (cm.seconds, cm.books) IS DISTINCT FROM (fresh.seconds, fresh.books)
         RETURNING cm.member_id`,
        [id, shanghaiDay(campaign.starts_at), endDayOf(campaign), campaign.starts_at, campaign.ends_at],
      )
      const reached = await tx.query<{ member_id: number; user_id: number | null }>(
        `UPDATE library_campaign_member cm SET reached_at = $2
           FROM member m
          WHERE cm.campaign_id = $1 AND cm.reached_at IS NULL AND m.id = cm.member_id
            AND CASE WHEN $3 = 'minutes' THEN cm.seconds >= $4::int * 60 ELSE cm.books >= $4::int END
         RETURNING cm.member_id, m.user_id`,
        [id, now, campaign.goal_kind, campaign.goal_value],
      )
      for (const r of reached) {
        const paid = campaign.reward_points > 0
          ? await award(tx, { memberId: r.member_id, rule: 'reading_campaign', sourceRef: `campaign:${id}`, points: campaign.reward_points, reason: `读书活动达标：${campaign.title}`, at: now })
          : null
        if (r.user_id === null) continue
        const points = paid && paid.delta > 0 ? `，获得 ${paid.delta} 积分` : ''
        await notify(tx, {
          userId: r.user_id,
          kind: 'library_campaign_reached',
          source: `campaign:${id}`,
          title: '读书活动目标达成',
          body: `您已完成「${campaign.title}」的阅读目标${points}。`,
          link: withQuery(routes.libraryCampaign, { id }),
          payload: { title: campaign.title, points: paid?.delta ?? 0 },
        })
      }
      run.campaigns += 1
      run.updated += updated.length
      run.reached += reached.length
    })
  }
  return run
}
