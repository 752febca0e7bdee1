import { z } from 'zod'
import type { AidCoverage, AidPayout, planSchemas } from '../../src/shared/api/aid-plans'
import type { PartActions } from '../../server/action'
import { coverageOf, ownEnrolment } from '../../server/aid/coverage'
import { adminManagesPlan, adminSeesPlan, isCityAidAdmin, loadPlan, planSelect, toPlan } from '../../server/aid/plans'
import type { PlanRow } from '../../server/aid/plans'
import type { Caller } from '../../server/caller'
import { cursorBigId, cursorId, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError, isUniqueViolation } from '../../server/errors'
import { shanghaiDay } from '../../server/points/calendar'
import { chainOf, inSubtreesSql, pathCovers, requireBranchInScope, scopePaths } from '../../server/scope'
import { audit, iso } from '../../server/sql'
import { computePayout } from '../../src/shared/aid/payout-engine'

const planCursor = z.object({ y: z.number().int().min(2000).max(2099), i: cursorId }).strict()
const payoutCursor = z.object({ i: cursorBigId }).strict()

function requireCityAidAdmin(caller: Caller): void {
  if (!isCityAidAdmin(caller)) throw new AppError('FORBIDDEN', '只有市级互助管理员可以制定互助计划')
}

/** A plan the caller may change: it exists, is theirs to manage, and (for edits) is still a draft. */
async function requireManagedPlan(tx: Queryable, caller: Caller, id: number): Promise<PlanRow> {
  requireCityAidAdmin(caller)
  const plan = await loadPlan(tx, id, true)
  // A plan outside the caller's scope reads as none at all.
  if (!plan || !adminManagesPlan(caller, plan)) throw new AppError('NOT_FOUND', '互助计划不存在')
  return plan
}

async function reload(tx: Queryable, caller: Caller, id: number) {
  const plan = await loadPlan(tx, id)
  if (!plan) throw new AppError('NOT_FOUND', '互助计划不存在')
  return toPlan(plan, caller)
}

interface PayoutRow {
  id: number
  source: 'settlement' | 'claim'
  amount_fen: number
  computed_fen: number
  deductible_fen: number
  override_reason: string | null
  explanation: string[]
  created_at: Date
}

function toPayout(row: PayoutRow): AidPayout {
  return {
    id: row.id,
    source: row.source,
    amountFen: row.amount_fen,
    computedFen: row.computed_fen,
    deductibleFen: row.deductible_fen,
    overrideReason: row.override_reason,
    lines: row.explanation,
    createdAt: iso(row.created_at),
  }
}

export const planActions: PartActions<'aid', keyof typeof planSchemas> = {
  plans: {
    access: 'user',
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, planCursor)
      const page = [after?.y ?? null, after?.i ?? null, input.limit + 1]
      const order = `AND ($1::int IS NULL OR (p.coverage_year, p.id) < ($1, $2)) ORDER BY p.coverage_year DESC, p.id DESC LIMIT $3`
      let rows: PlanRow[]
      if (input.view === 'manage') {
        const paths = scopePaths(ctx.caller, 'aid_admin')
        if (paths.length === 0) throw new AppError('FORBIDDEN')
        // Plans of the admin's subtree, and the plans above it that their members enrol in.
        rows = await ctx.db.query<PlanRow>(
          `${planSelect}
            WHERE (${inSubtreesSql('b.path', '$4')} OR EXISTS (SELECT 1 FROM unnest($4::text[]) AS s(p) WHERE left(s.p, length(b.path)) = b.path))
            ${order}`,
          [...page, paths],
        )
      } else {
        if (!ctx.caller.member) throw new AppError('NOT_MEMBER')
        rows = await ctx.db.query<PlanRow>(
          `${planSelect} WHERE p.status = 'open' AND p.eligible_branch_id = ANY($4::int[]) ${order}`,
          [...page, chainOf(ctx.caller.member.branchPath)],
        )
      }
      return pageOf(rows, input.limit, (r) => toPlan(r, ctx.caller), (r) => ({ y: r.coverage_year, i: r.id }))
    },
  },

  plan: {
    access: 'user',
    async handler(input, ctx) {
      const plan = await loadPlan(ctx.db, input.id)
      const member = ctx.caller.member
      const memberSees = plan !== null && plan.status !== 'draft' && member !== null && pathCovers(plan.eligible_path, member.branchPath)
      if (!plan || !(memberSees || adminSeesPlan(ctx.caller, plan))) throw new AppError('NOT_FOUND', '互助计划不存在')
      return toPlan(plan, ctx.caller)
    },
  },

  savePlan: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      requireCityAidAdmin(ctx.caller)
      return ctx.db.transaction(async (tx) => {
        await requireBranchInScope(tx, ctx.caller, 'aid_admin', input.eligibleBranchId)
        const fields = [
          input.name,
          input.coverageYear,
          input.contributionFen,
          input.eligibleBranchId,
          input.individualEnrolment,
          input.participationMinBp,
          input.filingWindowDays,
          JSON.stringify(input.rules),
        ]
        let id: number
        if (input.id) {
          const plan = await requireManagedPlan(tx, ctx.caller, input.id)
          if (plan.status !== 'draft') throw new AppError('AID_PLAN_FROZEN')
          await tx.query(
            `UPDATE aid_plan SET name = $2, coverage_year = $3, contribution_fen = $4, eligible_branch_id = $5, individual_enrolment = $6,
                    participation_min_bp = $7, filing_window_days = $8, rules = $9, updated_at = now()
              WHERE id = $1`,
            [plan.id, ...fields],
          )
          id = plan.id
        } else {
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, participation_min_bp, filing_window_days, rules, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [...fields, ctx.caller.userId],
          )
          id = row.id
        }
        await audit(tx, { actor: ctx.caller.userId, action: 'aid.savePlan', targetType: 'aid_plan', targetIds: [id] })
        return reload(tx, ctx.caller, id)
      })
    },
  },

  openPlan: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const plan = await requireManagedPlan(tx, ctx.caller, input.id)
        if (plan.status !== 'draft') throw new AppError('AID_PLAN_STATE_CONFLICT', '只有草稿状态的计划可以开放参保')
        await tx.query(`UPDATE aid_plan SET status = 'open', opened_at = now(), updated_at = now() WHERE id = $1`, [plan.id])
        // The corrected version replaces the one it corrects: members enrol in the new one from now on.
        if (plan.previous_version_id !== null) {
          await tx.query(`UPDATE aid_plan SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1 AND status = 'open'`, [plan.previous_version_id])
        }
        await audit(tx, { actor: ctx.caller.userId, action: 'aid.openPlan', targetType: 'aid_plan', targetIds: [plan.id] })
        return reload(tx, ctx.caller, plan.id)
      })
    },
  },

  newPlanVersion: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      try {
        return await ctx.db.transaction(async (tx) => {
          const plan = await requireManagedPlan(tx, ctx.caller, input.id)
          if (plan.status === 'draft') throw new AppError('AID_PLAN_STATE_CONFLICT', '草稿可以直接修改，无需创建新版本')
          if (plan.next_version_id !== null) throw new AppError('AID_PLAN_VERSION_EXISTS')
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, participation_min_bp,
                                   filing_window_days, rules, version, previous_version_id, created_by)
             SELECT name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, participation_min_bp,
                    filing_window_days, rules, version + 1, id, $2
               FROM aid_plan WHERE id = $1
             RETURNING id`,
            [plan.id, ctx.caller.userId],
          )
          await audit(tx, { actor: ctx.caller.userId, action: 'aid.newPlanVersion', targetType: 'aid_plan', targetIds: [row.id, plan.id] })
          return reload(tx, ctx.caller, row.id)
        })
      } catch (error) {
        // Two admins correcting the same plan at once: the second finds the first's version.
        if (isUniqueViolation(error, 'aid_plan_previous_version_id_key')) throw new AppError('AID_PLAN_VERSION_EXISTS')
        throw error
      }
    },
  },

  closePlan: {
    access: 'roles',
    roles: ['aid_admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const plan = await requireManagedPlan(tx, ctx.caller, input.id)
        if (plan.status !== 'open') throw new AppError('AID_PLAN_STATE_CONFLICT', '只有开放参保中的计划可以关闭')
        await tx.query(`UPDATE aid_plan SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1`, [plan.id])
        await audit(tx, { actor: ctx.caller.userId, action: 'aid.closePlan', targetType: 'aid_plan', targetIds: [plan.id] })
        return reload(tx, ctx.caller, plan.id)
      })
    },
  },

  coverage: {
    access: 'member',
    async handler(_input, ctx): Promise<AidCoverage> {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      const today = shanghaiDay(new Date())
      const history = await coverageOf(ctx.db, member.id, today)
      const individualPlans = await ctx.db.query<{ id: number; name: string; coverageYear: number; contributionFen: number }>(
        `SELECT p.id, p.name, p.coverage_year AS "coverageYear", p.contribution_fen AS "contributionFen"
           FROM aid_plan p
          WHERE p.status = 'open' AND p.individual_enrolment AND p.eligible_branch_id = ANY($1::int[]) AND p.coverage_year >= $2
            AND NOT EXISTS (SELECT 1 FROM aid_enrolment e JOIN aid_plan ep ON ep.id = e.plan_id
                             WHERE e.member_id = $3 AND ep.coverage_year = p.coverage_year AND e.status <> 'cancelled')
          ORDER BY p.coverage_year, p.id`,
        [chainOf(member.branchPath), Number(today.slice(0, 4)), member.id],
      )
      return { current: history.find((c) => c.current) ?? history[0] ?? null, history, individualPlans }
    },
  },

  myPayouts: {
    access: 'member',
    async handler(input, ctx) {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      if (!(await ownEnrolment(ctx.db, member.id, input.enrolmentId))) throw new AppError('NOT_FOUND', '参保记录不存在')
      const after = decodeCursor(input.cursor, payoutCursor)
      const rows = await ctx.db.query<PayoutRow>(
        `SELECT id, source, amount_fen, computed_fen, deductible_fen, override_reason, explanation, created_at
           FROM aid_payout WHERE enrolment_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
        [input.enrolmentId, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toPayout, (r) => ({ i: r.id }))
    },
  },

  estimate: {
    access: 'member',
    async handler(input, ctx) {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      const coverage = await ownEnrolment(ctx.db, member.id, input.enrolmentId)
      if (!coverage) throw new AppError('NOT_FOUND', '参保记录不存在')
      const usage = coverage.usage
      const computed = computePayout(coverage.plan.rules, input.bill, {
        deductibleUsedFen: usage.deductibleUsedFen,
        paidFen: usage.paidFen,
        hospitalDaysPaid: usage.hospitalDaysPaid,
        criticalCodesPaid: usage.criticalCodesPaid,
      })
      return { payoutFen: computed.payoutFen, deductibleFen: computed.deductibleFen, hospitalDays: computed.hospitalDays, lines: computed.lines, yearLeftFen: computed.yearLeftFen }
    },
  },
}
