/**
 * 值班表 (issue 10 §2): which lawyers are on duty for a queue (a county's or the city's), by ISO
 * weekday and Shanghai minutes of the day. Claiming a question and the escalation reminders read it.
 */
import type { ParsedInput } from '../../src/shared/api'
import type { LawyerRef, OnDuty, RosterView } from '../../src/shared/api/legal-ask'
import { weekdayNames } from '../../src/shared/legal/ask-rules'
import type { Weekday } from '../../src/shared/legal/ask-rules'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { dayStart, shanghaiDay } from '../points/calendar'
import { covers, findBranch, scopePaths } from '../scope'
import type { BranchRow } from '../scope'
import { branchRefSql } from '../sql'
import type { BranchRef } from '../sql'

/** What to call a lawyer (alias of app_user): the member name if they are one, else the nickname. */
export function lawyerNameSql(alias: string): string {
  return `COALESCE((SELECT name FROM member WHERE user_id = ${alias}.id), ${alias}.nickname)`
}

/** ISO weekdays by JavaScript's getUTCDay (0 = Sunday). */
const isoWeekdays: readonly Weekday[] = [7, 1, 2, 3, 4, 5, 6]

/** Shanghai ISO weekday (1 = Monday) and minute of the day of an instant: the roster's coordinates. */
export function rosterClock(now: Date): { weekday: Weekday; minute: number } {
  const day = shanghaiDay(now)
  return {
    weekday: isoWeekdays[new Date(`${day}T00:00:00Z`).getUTCDay()],
    minute: Math.floor((now.getTime() - dayStart(day).getTime()) / 60_000),
  }
}

/** SQL condition: roster row `r` covers the weekday `$w` and minute `$m` given as parameters. */
function onDutySql(alias: string, weekday: string, minute: string): string {
  return `${alias}.weekday = ${weekday} AND ${alias}.start_minute <= ${minute} AND ${alias}.end_minute > ${minute}`
}

/** The lawyers on duty for a queue at `now` who still hold a lawyer grant covering it. */
export async function onDutyLawyers(db: Queryable, queueBranchId: number, now: Date): Promise<LawyerRef[]> {
  const { weekday, minute } = rosterClock(now)
  return db.query<LawyerRef>(
    `SELECT DISTINCT u.id AS "userId", ${lawyerNameSql('u')} AS name
       FROM legal_roster r JOIN app_user u ON u.id = r.lawyer_user_id JOIN branch qb ON qb.id = r.branch_id
      WHERE r.branch_id = $1 AND ${onDutySql('r', '$2', '$3')}
        AND EXISTS (SELECT 1 FROM role_grant g JOIN branch gb ON gb.id = g.branch_id
                     WHERE g.user_id = u.id AND g.role = 'lawyer' AND qb.path LIKE gb.path || '%')
      ORDER BY u.id`,
    [queueBranchId, weekday, minute],
  )
}

/** Whether `lawyerUserId` is on the queue's roster at `now`. */
export async function isOnDuty(db: Queryable, queueBranchId: number, lawyerUserId: number, now: Date): Promise<boolean> {
  const { weekday, minute } = rosterClock(now)
  const [row] = await db.query(
    `SELECT 1 FROM legal_roster r WHERE r.branch_id = $1 AND r.lawyer_user_id = $2 AND ${onDutySql('r', '$3', '$4')} LIMIT 1`,
    [queueBranchId, lawyerUserId, weekday, minute],
  )
  return row !== undefined
}

/** The queue a member's questions go to now: their county's if it has a roster, else the city's. */
export async function queueFor(db: Queryable, memberBranchPath: string): Promise<{ county: BranchRow; queue: BranchRow }> {
  const rows = await db.query<BranchRow & { rostered: boolean }>(
    `SELECT b.id, b.name, b.full_name, b.level, b.path, EXISTS (SELECT 1 FROM legal_roster r WHERE r.branch_id = b.id) AS rostered
       FROM branch b WHERE b.level <= 2 AND $1 LIKE b.path || '%' ORDER BY b.level`,
    [memberBranchPath],
  )
  const city = rows[0]
  if (!city) throw new Error(`branch path ${memberBranchPath} has no city above it`)
  // A member of the city branch itself belongs to the city's "county".
  const county = rows[1] ?? city
  return { county, queue: county.rostered ? county : city }
}

/** Users holding a lawyer grant at the branch or above it. */
export async function lawyersCovering(db: Queryable, branchPath: string): Promise<LawyerRef[]> {
  return db.query<LawyerRef>(
    `SELECT DISTINCT u.id AS "userId", ${lawyerNameSql('u')} AS name
       FROM role_grant g JOIN branch gb ON gb.id = g.branch_id JOIN app_user u ON u.id = g.user_id
      WHERE g.role = 'lawyer' AND $1 LIKE gb.path || '%'
      ORDER BY u.id`,
    [branchPath],
  )
}

/** Whether the user holds a lawyer grant covering the branch path. */
export async function lawyerCovers(db: Queryable, userId: number, branchPath: string): Promise<boolean> {
  const [row] = await db.query(
    `SELECT 1 FROM role_grant g JOIN branch gb ON gb.id = g.branch_id WHERE g.user_id = $1 AND g.role = 'lawyer' AND $2 LIKE gb.path || '%' LIMIT 1`,
    [userId, branchPath],
  )
  return row !== undefined
}

/** Counties and the city the caller's legal_admin grants let it set the roster of. */
async function rosterBranches(db: Queryable, caller: Caller): Promise<BranchRef[]> {
  const paths = scopePaths(caller, 'legal_admin')
  if (paths.length === 0) return []
  const rows = await db.query<{ ref: BranchRef }>(
    `SELECT ${branchRefSql('b')} AS ref FROM branch b
      WHERE b.level <= 2 AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS s(p) WHERE b.path LIKE s.p || '%')
      ORDER BY b.level, b.id`,
    [paths],
  )
  return rows.map((r) => r.ref)
}

/** The roster's branch, checked: a county or the city, in the caller's legal_admin scope. */
async function rosterBranch(db: Queryable, caller: Caller, branchId: number): Promise<BranchRow> {
  const branch = await findBranch(db, branchId)
  if (!branch || !covers(caller, 'legal_admin', branch.path)) throw new AppError('NOT_FOUND', '该组织不存在或不在您的管理范围内')
  if (branch.level > 2) throw new AppError('LEGAL_ROSTER_BRANCH')
  return branch
}

async function rosterView(db: Queryable, caller: Caller, branch: BranchRow): Promise<RosterView> {
  const [branches, slots, lawyers] = await Promise.all([
    rosterBranches(db, caller),
    db.query<{ id: number; user_id: number; name: string; weekday: Weekday; start_minute: number; end_minute: number }>(
      `SELECT r.id, u.id AS user_id, ${lawyerNameSql('u')} AS name, r.weekday, r.start_minute, r.end_minute
         FROM legal_roster r JOIN app_user u ON u.id = r.lawyer_user_id
        WHERE r.branch_id = $1 ORDER BY r.weekday, r.start_minute, u.id`,
      [branch.id],
    ),
    lawyersCovering(db, branch.path),
  ])
  return {
    branch: { id: branch.id, name: branch.name, fullName: branch.full_name, level: branch.level },
    branches,
    slots: slots.map((s) => ({
      id: s.id,
      lawyer: { userId: s.user_id, name: s.name },
      weekday: s.weekday,
      startMinute: s.start_minute,
      endMinute: s.end_minute,
    })),
    lawyers,
  }
}

export async function rosterList({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'rosterList'>): Promise<RosterView> {
  let branchId = input.branchId ?? null
  if (branchId === null) {
    const [first] = await rosterBranches(db, caller)
    if (!first) throw new AppError('LEGAL_ROSTER_BRANCH', '您的管理范围内没有区县总工会或市总工会，无法设置值班表')
    branchId = first.id
  }
  return rosterView(db, caller, await rosterBranch(db, caller, branchId))
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/**
 * Adds the lawyer's slots, one per weekday, all or none. A lawyer is in one place at a time: a
 * slot overlapping another of theirs (on any roster) is refused. The lawyer's lock makes the check
 * and the insert one step for two admins saving at once.
 */
export async function rosterSave({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'rosterSave'>): Promise<RosterView> {
  const branch = await rosterBranch(db, caller, input.branchId)
  if (!(await lawyerCovers(db, input.lawyerUserId, branch.path))) {
    throw new AppError('LEGAL_LAWYER_OUT_OF_SCOPE', `所选人员不是「${branch.name}」范围内的律师`)
  }
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`legal-roster:${input.lawyerUserId}`])
    const [clash] = await tx.query<{ weekday: Weekday; start_minute: number; end_minute: number; branch: string }>(
      `SELECT r.weekday, r.start_minute, r.end_minute, b.name AS branch FROM legal_roster r JOIN branch b ON b.id = r.branch_id
        WHERE r.lawyer_user_id = $1 AND r.weekday = ANY($2::smallint[]) AND r.start_minute < $4 AND r.end_minute > $3
        ORDER BY r.weekday, r.start_minute LIMIT 1`,
      [input.lawyerUserId, input.weekdays, input.startMinute, input.endMinute],
    )
    if (clash) {
      throw new AppError(
        'LEGAL_ROSTER_OVERLAP',
        `该律师${weekdayNames[clash.weekday]} ${clock(clash.start_minute)}–${clock(clash.end_minute)} 已在「${clash.branch}」值班，时段不能重叠`,
      )
    }
    await tx.query(
      `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
       SELECT $1, $2, d, $4, $5, $6 FROM unnest($3::smallint[]) AS d`,
      [branch.id, input.lawyerUserId, input.weekdays, input.startMinute, input.endMinute, caller.userId],
    )
  })
  return rosterView(db, caller, branch)
}

export async function rosterRemove({ db }: Deps, caller: Caller, slotId: number): Promise<RosterView> {
  const [slot] = await db.query<{ branch_id: number }>('SELECT branch_id FROM legal_roster WHERE id = $1', [slotId])
  const branch = slot ? await findBranch(db, slot.branch_id) : null
  if (!slot || !branch || !covers(caller, 'legal_admin', branch.path)) throw new AppError('NOT_FOUND', '该值班安排不存在或已删除')
  await db.query('DELETE FROM legal_roster WHERE id = $1', [slotId])
  return rosterView(db, caller, branch)
}

/**
 * Who is on duty now for a queue. Staff name a county or the city they work for; a member (or
 * anyone without a branchId) gets the queue their own question would go to.
 */
export async function onDuty({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'onDuty'>, now = new Date()): Promise<OnDuty> {
  let queue: BranchRow
  if (input.branchId != null) {
    const branch = await findBranch(db, input.branchId)
    const staff = branch !== null && (covers(caller, 'lawyer', branch.path) || covers(caller, 'legal_admin', branch.path))
    if (!branch || !staff) throw new AppError('NOT_FOUND', '该组织不存在或不在您的范围内')
    if (branch.level > 2) throw new AppError('LEGAL_ROSTER_BRANCH')
    queue = branch
  } else {
    if (!caller.member) throw new AppError('NOT_MEMBER')
    queue = (await queueFor(db, caller.member.branchPath)).queue
  }
  return {
    queue: { id: queue.id, name: queue.name, fullName: queue.full_name, level: queue.level },
    lawyers: await onDutyLawyers(db, queue.id, now),
  }
}
