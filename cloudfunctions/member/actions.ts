import { z } from 'zod'
import type { ApplicationForReview, ApplicationStatus, BranchRef, MembershipStatus, MyApplication } from '../../src/shared/api'
import { maskPhone } from '../../src/shared/id-number'
import type { FunctionActions } from '../../server/action'
import type { Caller } from '../../server/caller'
import { cursorId, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError, isUniqueViolation } from '../../server/errors'
import { notify, sentence } from '../../server/notify'
import { covers, findBranch, inSubtreesSql, scopePaths } from '../../server/scope'
import { audit, branchRefSql, iso } from '../../server/sql'
import { hashIdNumber } from '../../server/tokens'
import { routes } from '../../src/routes'

interface ApplicationRow {
  id: number
  user_id: number
  status: ApplicationStatus
  reject_reason: string | null
  name: string
  phone: string
  id_last4: string
  branch: BranchRef
  created_at: Date
  updated_at: Date
}

const applicationColumns = `a.id, a.user_id, a.status, a.reject_reason, a.name, a.phone, a.id_last4,
  ${branchRefSql('b')} AS branch, a.created_at, a.updated_at`

const toMyApplication = (r: ApplicationRow): MyApplication => ({
  id: r.id,
  status: r.status,
  rejectReason: r.reject_reason,
  name: r.name,
  phoneMasked: maskPhone(r.phone),
  idLast4: r.id_last4,
  branch: r.branch,
  updatedAt: iso(r.updated_at),
})

async function applicationOf(db: Queryable, userId: number): Promise<ApplicationRow | null> {
  const [row] = await db.query<ApplicationRow>(
    `SELECT ${applicationColumns} FROM membership_application a JOIN branch b ON b.id = a.branch_id WHERE a.user_id = $1`,
    [userId],
  )
  return row ?? null
}

const reviewCursor = z.object({ id: cursorId }).strict()

export const memberActions: FunctionActions<'member'> = {
  status: {
    access: 'user',
    async handler(_input, ctx): Promise<MembershipStatus> {
      const [member] = await ctx.db.query<{ member_no: string; name: string; branch: BranchRef; joined_at: Date }>(
        `SELECT m.member_no, m.name, ${branchRefSql('b')} AS branch, m.joined_at
           FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.user_id = $1`,
        [ctx.caller.userId],
      )
      const application = await applicationOf(ctx.db, ctx.caller.userId)
      return {
        member: member ? { memberNo: member.member_no, name: member.name, branch: member.branch, joinedAt: iso(member.joined_at) } : null,
        application: application ? toMyApplication(application) : null,
      }
    },
  },

  apply: {
    access: 'user',
    async handler(input, ctx) {
      if (ctx.caller.member) throw new AppError('ALREADY_MEMBER')
      const idHash = hashIdNumber(ctx.env.idHashKey, input.idNumber)
      const userId = ctx.caller.userId
      try {
        return await ctx.db.transaction(async (tx) => {
          const [existing] = await tx.query<{ status: ApplicationStatus; name: string; phone: string; id_hash: string; branch_id: number }>(
            'SELECT status, name, phone, id_hash, branch_id FROM membership_application WHERE user_id = $1 FOR UPDATE',
            [userId],
          )
          if (existing?.status === 'pending') {
            // The same application resent (a lost answer) gets it back; a different one waits for the review.
            const same = existing.name === input.name && existing.phone === input.phone && existing.id_hash === idHash && existing.branch_id === input.branchId
            const row = same ? await applicationOf(tx, userId) : null
            if (!row) throw new AppError('APPLICATION_PENDING')
            return toMyApplication(row)
          }
          if (existing?.status === 'approved') throw new AppError('ALREADY_MEMBER')
          const branch = await findBranch(tx, input.branchId)
          if (!branch) throw new AppError('NOT_FOUND', '所选工会组织不存在')
          if (branch.level !== 4) throw new AppError('BRANCH_NOT_GRASSROOTS')
          const [taken] = await tx.query(
            `SELECT 1 FROM member WHERE id_hash = $1
             UNION ALL
             SELECT 1 FROM membership_application WHERE id_hash = $1 AND status <> 'rejected' AND user_id <> $2
             LIMIT 1`,
            [idHash, userId],
          )
          if (taken) throw new AppError('ID_NUMBER_TAKEN')
          // A rejected applicant resubmits into the same row: one application per account.
          await tx.query(
            `INSERT INTO membership_application
               (user_id, name, phone, id_hash, id_last4, branch_id, status, consent_version, consent_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, now())
             ON CONFLICT (user_id) DO UPDATE SET
               name = EXCLUDED.name, phone = EXCLUDED.phone, id_hash = EXCLUDED.id_hash, id_last4 = EXCLUDED.id_last4,
               branch_id = EXCLUDED.branch_id, status = 'pending', reject_reason = NULL,
               consent_version = EXCLUDED.consent_version, consent_at = EXCLUDED.consent_at,
               reviewed_by = NULL, reviewed_at = NULL, updated_at = now()`,
            [userId, input.name, input.phone, idHash, input.idNumber.slice(-4), input.branchId, input.consentVersion],
          )
          const row = await applicationOf(tx, userId)
          if (!row) throw new AppError('INTERNAL')
          return toMyApplication(row)
        })
      } catch (error) {
        if (isUniqueViolation(error, 'application_live_id_hash_idx')) throw new AppError('ID_NUMBER_TAKEN')
        throw error
      }
    },
  },

  reviewList: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, reviewCursor)
      // Pending work is served oldest first; decided applications newest first.
      const ascending = input.status === 'pending'
      const rows = await ctx.db.query<ApplicationRow>(
        `SELECT ${applicationColumns}
           FROM membership_application a JOIN branch b ON b.id = a.branch_id
          WHERE a.status = $1 AND ${inSubtreesSql('b.path', '$2')}
            AND ($3::int IS NULL OR a.id ${ascending ? '>' : '<'} $3)
          ORDER BY a.id ${ascending ? 'ASC' : 'DESC'} LIMIT $4`,
        [input.status, scopePaths(ctx.caller, 'admin'), after?.id ?? null, input.limit + 1],
      )
      const page = pageOf(
        rows,
        input.limit,
        (r): ApplicationForReview => ({
          id: r.id,
          status: r.status,
          name: r.name,
          phoneMasked: maskPhone(r.phone),
          idLast4: r.id_last4,
          branch: r.branch,
          rejectReason: r.reject_reason,
          submittedAt: iso(r.updated_at),
        }),
        (r) => ({ id: r.id }),
      )
      if (page.items.length) {
        await audit(ctx.db, {
          actor: ctx.caller.userId,
          action: 'member.reviewList',
          targetType: 'membership_application',
          targetIds: page.items.map((i) => i.id),
        })
      }
      return page
    },
  },

  approve: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      try {
        return await ctx.db.transaction(async (tx) => {
          const app = await lockApplicationForReview(tx, ctx.caller, input.applicationId)
          if (app.status === 'approved' && app.reviewed_by === ctx.caller.userId) {
            // This reviewer's approval resent: the member number it made.
            const [made] = await tx.query<{ member_no: string }>('SELECT member_no FROM member WHERE user_id = $1', [app.user_id])
            if (made) return { applicationId: app.id, memberNo: made.member_no }
          }
          requirePending(app)
          const [member] = await tx.query<{ member_no: string }>(
            `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
             SELECT user_id, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), name, phone, id_hash, id_last4, branch_id
               FROM membership_application WHERE id = $1
             RETURNING member_no`,
            [app.id],
          )
          await tx.query(
            `UPDATE membership_application SET status = 'approved', reviewed_by = $2, reviewed_at = now(), updated_at = now()
              WHERE id = $1`,
            [app.id, ctx.caller.userId],
          )
          await audit(tx, { actor: ctx.caller.userId, action: 'member.approve', targetType: 'membership_application', targetIds: [app.id] })
          // An application is approved at most once.
          await notify(tx, {
            userId: app.user_id,
            kind: 'application_approved',
            source: `application:${app.id}`,
            title: '入会申请已通过',
            body: `欢迎加入工会！您的会员号是 ${member.member_no}，可随时出示电子会员卡。`,
            link: routes.card,
            payload: { memberNo: member.member_no },
          })
          return { applicationId: app.id, memberNo: member.member_no }
        })
      } catch (error) {
        if (isUniqueViolation(error, 'member_id_hash_key')) throw new AppError('ID_NUMBER_TAKEN')
        throw error
      }
    },
  },

  reject: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const app = await lockApplicationForReview(tx, ctx.caller, input.applicationId)
        // This reviewer's rejection resent: the same answer, nothing written again.
        if (app.status === 'rejected' && app.reviewed_by === ctx.caller.userId) return { applicationId: app.id }
        requirePending(app)
        const [decided] = await tx.query<{ reviewed_at: Date }>(
          `UPDATE membership_application
              SET status = 'rejected', reject_reason = $2, reviewed_by = $3, reviewed_at = now(), updated_at = now()
            WHERE id = $1 RETURNING reviewed_at`,
          [app.id, input.reason, ctx.caller.userId],
        )
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'member.reject',
          targetType: 'membership_application',
          targetIds: [app.id],
          detail: { reason: input.reason },
        })
        // A rejected applicant may resubmit and be rejected again: each decision is told once.
        await notify(tx, {
          userId: app.user_id,
          kind: 'application_rejected',
          source: `application:${app.id}@${iso(decided.reviewed_at)}`,
          title: '入会申请未通过',
          body: `原因：${sentence(input.reason)}请修改后重新提交。`,
          link: routes.join,
          payload: { reason: input.reason },
        })
        return { applicationId: app.id }
      })
    },
  },
}

interface ReviewedApplication {
  id: number
  user_id: number
  status: ApplicationStatus
  reviewed_by: number | null
}

/**
 * Locks an application and checks the reviewer's scope; two reviewers cannot both decide it.
 * One outside the reviewer's subtree reads as not there, so application ids cannot be probed.
 */
async function lockApplicationForReview(tx: Queryable, caller: Caller, applicationId: number): Promise<ReviewedApplication> {
  const [app] = await tx.query<ReviewedApplication & { path: string }>(
    `SELECT a.id, a.user_id, a.status, a.reviewed_by, b.path FROM membership_application a JOIN branch b ON b.id = a.branch_id
      WHERE a.id = $1 FOR UPDATE OF a`,
    [applicationId],
  )
  if (!app || !covers(caller, 'admin', app.path)) throw new AppError('NOT_FOUND', '入会申请不存在')
  if (app.user_id === caller.userId) throw new AppError('SELF_REVIEW')
  return app
}

function requirePending(app: ReviewedApplication): void {
  if (app.status !== 'pending') throw new AppError('APPLICATION_NOT_PENDING')
}
