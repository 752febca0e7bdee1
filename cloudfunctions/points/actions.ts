import { z } from 'zod'
import type { Budget, BranchRef, CheckInResult, LedgerEntry, LedgerKind } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import type { Caller } from '../../server/caller'
import { cursorBigId, cursorPath, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { addDays, shanghaiDay, shanghaiYear, yearStart } from '../../server/points/calendar'
import { award, ledgerKeys, lockAccount, unusedCredits } from '../../server/points/ledger'
import { chainOf, findBranch, inSubtreesSql, pathCovers, scopePaths } from '../../server/scope'
import type { BranchRow } from '../../server/scope'
import { audit, branchRefSql, iso } from '../../server/sql'

export const checkinPoints = 5
export const streakBonus = { every: 7, points: 20 }

const historyKinds: Record<'all' | 'earned' | 'spent' | 'expired', LedgerKind[]> = {
  all: ['earn', 'spend', 'refund', 'expire'],
  earned: ['earn', 'refund'],
  spent: ['spend'],
  expired: ['expire'],
}

function requireMember(caller: Caller): number {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  return caller.member.id
}

/** The caller's admin grant nearest above a branch: whose budget a grant draws on. */
function nearestAdminGrant(caller: Caller, targetPath: string): { branchId: number; branchPath: string } {
  const grant = caller.grants
    .filter((g) => g.role === 'admin' && pathCovers(g.branchPath, targetPath))
    .sort((a, b) => b.branchPath.length - a.branchPath.length)[0]
  if (!grant) throw new AppError('OUT_OF_SCOPE', '该会员不在您可发放积分的组织内')
  return grant
}

interface GranteeRow {
  id: number
  user_id: number | null
  member_no: string
  name: string
  path: string
  branch: BranchRef
  in_scope: boolean
}

/**
 * The member a grant goes to, checked as the grant checks it. An unknown number and a member
 * outside the caller's subtree get different answers on purpose: member numbers come from a
 * sequence, so that a number exists is no secret, and the refusal names neither the person nor
 * the branch. Staff learn whether they mistyped or picked the wrong union.
 */
async function granteeOf(db: Queryable, caller: Caller, memberNo: string): Promise<GranteeRow> {
  const [member] = await db.query<GranteeRow>(
    `SELECT m.id, m.user_id, m.member_no, m.name, b.path, ${branchRefSql('b')} AS branch, ${inSubtreesSql('b.path', '$2')} AS in_scope
       FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.member_no = $1`,
    [memberNo, scopePaths(caller, 'admin')],
  )
  if (!member) throw new AppError('NOT_FOUND', `会员编号 ${memberNo} 不存在，请核对`)
  if (!member.in_scope) throw new AppError('OUT_OF_SCOPE', `会员 ${memberNo} 不在您可发放积分的组织内`)
  if (member.user_id === caller.userId) throw new AppError('SELF_GRANT', '不能给自己发放积分')
  return member
}

async function streakOf(db: Queryable, memberId: number, today: string): Promise<{ checkedInToday: boolean; streak: number }> {
  const rows = await db.query<{ day: string; streak: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, streak FROM points_checkin
      WHERE member_id = $1 AND day IN ($2::date, $3::date) ORDER BY day DESC`,
    [memberId, today, addDays(today, -1)],
  )
  const latest = rows[0]
  if (!latest) return { checkedInToday: false, streak: 0 }
  return { checkedInToday: latest.day === today, streak: latest.streak }
}

/**
 * The result of a check-in already made today, read back: a resend after a lost answer (or a
 * second device) learns what its check-in earned instead of a refusal. A concurrent first
 * check-in has committed by now: the conflicting INSERT waited for it.
 */
async function todaysCheckIn(db: Queryable, memberId: number, today: string): Promise<CheckInResult> {
  const [row] = await db.query<{ streak: number; awarded: number; bonus: number; balance: number }>(
    `SELECT c.streak,
            COALESCE((SELECT delta FROM points_ledger WHERE idempotency_key = $3), 0) AS awarded,
            COALESCE((SELECT delta FROM points_ledger WHERE idempotency_key = $4), 0) AS bonus,
            COALESCE((SELECT balance FROM points_account WHERE member_id = $1), 0) AS balance
       FROM points_checkin c WHERE c.member_id = $1 AND c.day = $2::date`,
    [memberId, today, ledgerKeys.award(memberId, 'checkin', today), ledgerKeys.award(memberId, 'checkin_streak', today)],
  )
  if (!row) throw new AppError('INTERNAL')
  return { ...row, alreadyCheckedIn: true }
}

const historyCursor = z.object({ i: cursorBigId }).strict()
const budgetCursor = z.object({ p: cursorPath }).strict()

interface BudgetRow {
  branch: BranchRef
  path: string
  year: number
  amount: number
  used: number
  allotted: number
}

/** The branch whose admins set a budget: the one directly above, or the root itself. */
function budgetSetterOf(path: string): number {
  const chain = chainOf(path)
  return chain[Math.max(0, chain.length - 2)]
}

const canSetBudget = (caller: Caller, path: string): boolean => {
  const setter = budgetSetterOf(path)
  return caller.grants.some((g) => g.role === 'admin' && g.branchId === setter)
}

const toBudget = (caller: Caller) => (r: BudgetRow): Budget => ({
  branch: r.branch,
  year: r.year,
  amount: r.amount,
  used: r.used,
  allotted: r.allotted,
  settable: canSetBudget(caller, r.path),
})

const toBranchRef = (b: BranchRow): BranchRef => ({ id: b.id, name: b.name, fullName: b.full_name, level: b.level })

async function lockBudget(tx: Queryable, branchId: number, year: number): Promise<{ amount: number; used: number; allotted: number } | null> {
  const [row] = await tx.query<{ amount: number; used: number; allotted: number }>(
    'SELECT amount, used, allotted FROM points_budget WHERE branch_id = $1 AND year = $2 FOR UPDATE',
    [branchId, year],
  )
  return row ?? null
}

/** What a branch's direct children hold for the year: a new budget row's `allotted`. */
async function childrenAllotted(tx: Queryable, branchId: number, year: number): Promise<number> {
  const [row] = await tx.query<{ sum: number }>(
    `SELECT COALESCE(sum(pb.amount), 0)::int AS sum
       FROM branch c JOIN points_budget pb ON pb.branch_id = c.id AND pb.year = $2
      WHERE c.parent_id = $1`,
    [branchId, year],
  )
  return row.sum
}

export const pointsActions: FunctionActions<'points'> = {
  summary: {
    access: 'member',
    async handler(_input, ctx) {
      const memberId = requireMember(ctx.caller)
      const now = new Date()
      const year = shanghaiYear(now)
      const [account] = await ctx.db.query<{ balance: number }>('SELECT balance FROM points_account WHERE member_id = $1', [memberId])
      const expiring = await unusedCredits(ctx.db, memberId, year - 1, now)
      const streak = await streakOf(ctx.db, memberId, shanghaiDay(now))
      return {
        balance: account?.balance ?? 0,
        expiring: { points: Math.min(expiring, account?.balance ?? 0), at: new Date(yearStart(year + 1).getTime() - 1).toISOString() },
        // Check-ins still needed for the next bonus, the next one included.
        checkIn: {
          ...streak,
          nextBonusIn: streakBonus.every - (streak.streak % streakBonus.every),
          dailyPoints: checkinPoints,
          bonusPoints: streakBonus.points,
        },
      }
    },
  },

  checkIn: {
    access: 'member',
    async handler(_input, ctx) {
      const memberId = requireMember(ctx.caller)
      const today = shanghaiDay(new Date())
      return ctx.db.transaction(async (tx) => {
        // The day's primary key lets one check-in through; award() takes the account lock.
        const [row] = await tx.query<{ streak: number }>(
          `INSERT INTO points_checkin (member_id, day, streak)
           VALUES ($1, $2::date, COALESCE((SELECT streak FROM points_checkin WHERE member_id = $1 AND day = $3::date), 0) + 1)
           ON CONFLICT (member_id, day) DO NOTHING
           RETURNING streak`,
          [memberId, today, addDays(today, -1)],
        )
        if (!row) return todaysCheckIn(tx, memberId, today)
        const base = await award(tx, { memberId, rule: 'checkin', sourceRef: today, points: checkinPoints })
        let bonus = 0
        let balance = base.balance
        if (row.streak % streakBonus.every === 0) {
          const extra = await award(tx, {
            memberId,
            rule: 'checkin_streak',
            sourceRef: today,
            points: streakBonus.points,
            reason: `连续签到 ${row.streak} 天奖励`,
          })
          bonus = extra.delta
          balance = extra.balance
        }
        return { streak: row.streak, awarded: base.delta, bonus, balance, alreadyCheckedIn: false }
      })
    },
  },

  history: {
    access: 'member',
    async handler(input, ctx) {
      const memberId = requireMember(ctx.caller)
      const after = decodeCursor(input.cursor, historyCursor)
      const rows = await ctx.db.query<{ id: number; delta: number; kind: LedgerKind; reason: string; balance_after: number; created_at: Date }>(
        `SELECT id, delta, kind, reason, balance_after, created_at FROM points_ledger
          WHERE member_id = $1 AND kind = ANY($2::text[]) AND ($3::bigint IS NULL OR id < $3)
          ORDER BY id DESC LIMIT $4`,
        [memberId, historyKinds[input.filter], after?.i ?? null, input.limit + 1],
      )
      return pageOf(
        rows,
        input.limit,
        (r): LedgerEntry => ({ id: r.id, delta: r.delta, kind: r.kind, reason: r.reason, balanceAfter: r.balance_after, createdAt: iso(r.created_at) }),
        (r) => ({ i: r.id }),
      )
    },
  },

  findMember: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const member = await granteeOf(ctx.db, ctx.caller, input.memberNo)
      // A name and a branch shown to staff: a read of personal data, recorded like the others.
      await audit(ctx.db, { actor: ctx.caller.userId, action: 'points.findMember', targetType: 'member', targetIds: [member.id] })
      return { memberNo: member.member_no, name: member.name, branch: member.branch }
    },
  },

  grant: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const year = shanghaiYear(new Date())
      return ctx.db.transaction(async (tx) => {
        const member = await granteeOf(tx, ctx.caller, input.memberNo)
        const budgetBranch = nearestAdminGrant(ctx.caller, member.path)
        // The member's lock first: a retried request waits here and then finds its own grant.
        await lockAccount(tx, member.id)
        const sourceRef = `${ctx.caller.userId}:${input.requestId}`
        const [done] = await tx.query('SELECT 1 FROM points_ledger WHERE idempotency_key = $1', [ledgerKeys.award(member.id, 'admin_grant', sourceRef)])
        if (!done) {
          // What the branch gave its children is no longer its own to grant.
          const [budget] = await tx.query(
            `UPDATE points_budget SET used = used + $3, updated_at = now()
              WHERE branch_id = $1 AND year = $2 AND used + allotted + $3 <= amount
              RETURNING 1`,
            [budgetBranch.branchId, year, input.points],
          )
          if (!budget) {
            const [exists] = await tx.query('SELECT 1 FROM points_budget WHERE branch_id = $1 AND year = $2', [budgetBranch.branchId, year])
            throw new AppError(exists ? 'BUDGET_EXCEEDED' : 'NO_BUDGET')
          }
        }
        const moved = await award(tx, {
          memberId: member.id,
          rule: 'admin_grant',
          sourceRef,
          points: input.points,
          reason: `工会发放：${input.reason}`,
        })
        if (!moved.replayed) {
          await audit(tx, {
            actor: ctx.caller.userId,
            action: 'points.grant',
            targetType: 'member',
            targetIds: [member.id],
            detail: { points: input.points, reason: input.reason, budgetBranchId: budgetBranch.branchId },
          })
        }
        const [left] = await tx.query<{ left: number }>(
          'SELECT amount - used - allotted AS left FROM points_budget WHERE branch_id = $1 AND year = $2',
          [budgetBranch.branchId, year],
        )
        return { memberName: member.name, points: moved.delta, balance: moved.balance, budgetLeft: Math.max(0, left?.left ?? 0) }
      })
    },
  },

  setBudget: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const branch = await findBranch(tx, input.branchId)
        if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
        // Only the admins of the branch directly above set a budget; the root, having none, sets its own.
        if (!canSetBudget(ctx.caller, branch.path)) throw new AppError('OUT_OF_SCOPE', '只能设置直属下级组织的预算')
        const setterId = budgetSetterOf(branch.path)
        const parentId = setterId === branch.id ? null : setterId
        // Parent row, then child row: every budget write locks top-down, so concurrent
        // allotments queue on the parent and cannot together exceed it.
        const parent = parentId === null ? null : await lockBudget(tx, parentId, input.year)
        if (parentId !== null && !parent) throw new AppError('NO_BUDGET', `本单位 ${input.year} 年尚未设置积分发放预算，无法分配给下级`)
        const current = await lockBudget(tx, branch.id, input.year)
        const used = current?.used ?? 0
        // A new row starts with what its children already hold: before the rule (migration 0004)
        // children could be budgeted while their parent had no row, and a parent starting at 0
        // could grant that budget a second time. Children cannot change meanwhile: their writes
        // need this row, which no one else sees before we commit.
        const allotted = current?.allotted ?? (await childrenAllotted(tx, branch.id, input.year))
        if (input.amount < used + allotted) {
          throw new AppError('BUDGET_TOO_LOW', `预算不能低于已发放的 ${used} 积分与已分配给下级的 ${allotted} 积分之和`)
        }
        const budget: Budget = { branch: toBranchRef(branch), year: input.year, amount: input.amount, used, allotted, settable: true }
        // The same amount again (a resend) writes nothing.
        if (current?.amount === input.amount) return budget
        const change = input.amount - (current?.amount ?? 0)
        if (parent && change > 0) {
          // Only an increase needs room in the parent, and it checks against what is left now.
          const [taken] = await tx.query(
            `UPDATE points_budget SET allotted = allotted + $3, updated_at = now()
              WHERE branch_id = $1 AND year = $2 AND used + allotted + $3 <= amount RETURNING 1`,
            [parentId, input.year, change],
          )
          if (!taken) {
            const free = Math.max(0, parent.amount - parent.used - parent.allotted)
            throw new AppError('BUDGET_EXCEEDED', `本单位 ${input.year} 年预算可再分配 ${free} 积分，不足以分配 ${change} 积分`)
          }
        } else if (parent && change < 0) {
          // A decrease always goes through, even under a parent over-allotted since before the rule:
          // that is how it gets back within its amount. The parent's allotted includes this child's
          // amount (computed when either row was created), so it cannot go below zero; GREATEST
          // keeps CHECK (allotted >= 0) from ever turning a bookkeeping slip into a 500.
          await tx.query(
            `UPDATE points_budget SET allotted = GREATEST(0, allotted + $3), updated_at = now() WHERE branch_id = $1 AND year = $2`,
            [parentId, input.year, change],
          )
        }
        // The conflict arm only runs when another first write of the root's row (the one row with no
        // parent lock to queue on) committed meanwhile; grants or allotments may since have raised
        // its commitments, so the amount is checked against the row as it is.
        const [written] = await tx.query(
          `INSERT INTO points_budget (branch_id, year, amount, allotted, set_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (branch_id, year) DO UPDATE SET amount = EXCLUDED.amount, set_by = EXCLUDED.set_by, updated_at = now()
            WHERE points_budget.used + points_budget.allotted <= EXCLUDED.amount
           RETURNING 1`,
          [branch.id, input.year, input.amount, allotted, ctx.caller.userId],
        )
        if (!written) throw new AppError('BUDGET_TOO_LOW', '预算不能低于已发放与已分配给下级的积分之和')
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'points.setBudget',
          targetType: 'branch',
          targetIds: [branch.id],
          detail: { year: input.year, amount: input.amount, previous: current?.amount ?? null },
        })
        return budget
      })
    },
  },

  myBudgets: {
    access: 'roles',
    roles: ['admin'],
    async handler(_input, ctx) {
      const branchIds = ctx.caller.grants.filter((g) => g.role === 'admin').map((g) => g.branchId)
      const rows = await ctx.db.query<BudgetRow>(
        `SELECT ${branchRefSql('b')} AS branch, b.path, pb.year, pb.amount, pb.used, pb.allotted
           FROM points_budget pb JOIN branch b ON b.id = pb.branch_id
          WHERE pb.year = $1 AND pb.branch_id = ANY($2::int[]) ORDER BY b.path COLLATE "C"`,
        [shanghaiYear(new Date()), branchIds],
      )
      return rows.map(toBudget(ctx.caller))
    },
  },

  budgets: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, budgetCursor)
      const rows = await ctx.db.query<BudgetRow>(
        `SELECT ${branchRefSql('b')} AS branch, b.path, pb.year, pb.amount, pb.used, pb.allotted
           FROM points_budget pb JOIN branch b ON b.id = pb.branch_id
          WHERE pb.year = $1 AND ${inSubtreesSql('b.path', '$2')} AND b.path > $3 COLLATE "C"
          ORDER BY b.path COLLATE "C" LIMIT $4`,
        [input.year, scopePaths(ctx.caller, 'admin'), after?.p ?? '', input.limit + 1],
      )
      return pageOf(rows, input.limit, toBudget(ctx.caller), (r) => ({ p: r.path }))
    },
  },
}
