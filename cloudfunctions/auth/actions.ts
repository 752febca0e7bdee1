import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { DemoAccount, DemoResumable, DemoSession, Me, WorkQueues } from '../../src/shared/api'
import { idSchema } from '../../src/shared/api'
import type { FunctionActions, Ctx } from '../../server/action'
import { sessionPurpose, sessionTtlSeconds } from '../../server/action'
import { claimQueueCounts } from '../../server/aid/review'
import type { Caller } from '../../server/caller'
import { loadCaller } from '../../server/caller'
import type { Queryable } from '../../server/db'
import { casesToAcceptCount } from '../../server/legal/cases'
import { AppError } from '../../server/errors'
import { inSubtreesSql, scopePaths } from '../../server/scope'
import { demoAccounts } from '../../server/seed/demo-accounts'
import { branchRefSql, iso } from '../../server/sql'
import { unclaimedCount } from '../../server/legal/queue'
import { signToken, verifyToken } from '../../server/tokens'

/**
 * What to call a user (alias of app_user): the member's name, else the name they applied
 * under, else the nickname. One expression, so the greeting and the demo login list agree.
 */
function displayNameSql(alias: string): string {
  return `COALESCE((SELECT name FROM member WHERE user_id = ${alias}.id),
                   (SELECT name FROM membership_application WHERE user_id = ${alias}.id),
                   ${alias}.nickname)`
}

export async function describeCaller(db: Queryable, caller: Caller): Promise<Me> {
  const [row] = await db.query<{ display_name: string; member: Me['member']; grants: Me['grants'] }>(
    `SELECT ${displayNameSql('u')} AS display_name,
       (SELECT json_build_object('id', m.id, 'memberNo', m.member_no, 'name', m.name, 'branch', ${branchRefSql('b')})
          FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.user_id = u.id) AS member,
       COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'branch', ${branchRefSql('b')}) ORDER BY b.path, g.id)
          FROM role_grant g JOIN branch b ON b.id = g.branch_id WHERE g.user_id = u.id), '[]'::json) AS grants
       FROM app_user u WHERE u.id = $1`,
    [caller.userId],
  )
  return { userId: caller.userId, nickname: caller.nickname, displayName: row.display_name, member: row.member, grants: row.grants }
}

/**
 * A new demo account stays resumable from the browser that made it by a long-lived token of
 * its own purpose: it cannot pass as a session, and naming a user id gets nobody in. It carries
 * the account's secret demo key too, so a token outliving a reset database (same secret, ids
 * reused) resumes nobody.
 */
const demoResumePurpose = 'demo-resume'
const demoResumeTtlSeconds = 180 * 24 * 3600
const newDemoKeyPrefix = 'new-'
const resumePayload = z.object({ uid: idSchema, key: z.string().startsWith(newDemoKeyPrefix), exp: z.number() })

function resumeTarget(secret: string, token: string): { uid: number; key: string } | null {
  const verified = verifyToken<{ exp: number }>(secret, demoResumePurpose, token)
  if (!verified.ok) return null
  const payload = resumePayload.safeParse(verified.payload)
  return payload.success ? payload.data : null
}

async function openSession(ctx: Ctx<Caller | null>, userId: number, resumeToken: string | null): Promise<DemoSession> {
  const caller = await loadCaller(ctx.db, userId)
  if (!caller) throw new AppError('INTERNAL')
  const exp = Math.floor(Date.now() / 1000) + sessionTtlSeconds
  return {
    token: signToken(ctx.env.appSecret, sessionPurpose, { uid: userId, exp }),
    expiresAt: new Date(exp * 1000).toISOString(),
    me: await describeCaller(ctx.db, caller),
    resumeToken,
  }
}

function requireDemo(ctx: Ctx<Caller | null>): void {
  if (!ctx.env.demoLogin) throw new AppError('DEMO_DISABLED')
}

export const authActions: FunctionActions<'auth'> = {
  me: {
    access: 'user',
    handler: (_input, ctx) => describeCaller(ctx.db, ctx.caller),
  },
  workQueues: {
    access: 'user',
    async handler(_input, ctx): Promise<WorkQueues> {
      const admin = scopePaths(ctx.caller, 'admin')
      const operator = scopePaths(ctx.caller, 'mall_operator')
      // Both counts ride partial or leading-status indexes; shipments have none and are not counted.
      const [row] = await ctx.db.query<{ applications: number | null; pickups: number | null }>(
        `SELECT
           CASE WHEN cardinality($1::text[]) = 0 THEN NULL ELSE
             (SELECT count(*)::int FROM membership_application a JOIN branch b ON b.id = a.branch_id
               WHERE a.status = 'pending' AND ${inSubtreesSql('b.path', '$1')}) END AS applications,
           CASE WHEN cardinality($2::text[]) = 0 THEN NULL ELSE
             (SELECT count(*)::int FROM mall_order o JOIN branch pb ON pb.id = o.pickup_branch_id
               WHERE o.status = 'pending_pickup' AND ${inSubtreesSql('pb.path', '$2')}) END AS pickups`,
        [admin, operator],
      )
      const claims = await claimQueueCounts(ctx.db, ctx.caller)
      return {
        pendingApplications: row.applications,
        pendingPickups: row.pickups,
        pendingClaims: claims.review,
        claimsToPay: claims.pay,
        legalUnclaimed: await unclaimedCount(ctx.db, ctx.caller),
        casesToAccept: await casesToAcceptCount(ctx.db, ctx.caller),
      }
    },
  },
  demoAccounts: {
    access: 'public',
    async handler(_input, ctx): Promise<DemoAccount[]> {
      requireDemo(ctx)
      return demoAccounts.map(({ key, label, description }) => ({ key, label, description }))
    },
  },
  demoLogin: {
    access: 'public',
    async handler(input, ctx) {
      requireDemo(ctx)
      if (input.key === 'new') {
        const nickname = `新用户${randomBytes(2).toString('hex')}`
        const demoKey = `${newDemoKeyPrefix}${randomBytes(8).toString('hex')}`
        const [row] = await ctx.db.query<{ id: number }>(
          'INSERT INTO app_user (demo_key, nickname) VALUES ($1, $2) RETURNING id',
          [demoKey, nickname],
        )
        const exp = Math.floor(Date.now() / 1000) + demoResumeTtlSeconds
        return openSession(ctx, row.id, signToken(ctx.env.appSecret, demoResumePurpose, { uid: row.id, key: demoKey, exp }))
      }
      if (!demoAccounts.some((a) => a.key === input.key)) throw new AppError('NOT_FOUND', '演示账号不存在')
      const [row] = await ctx.db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [input.key])
      if (!row) throw new AppError('NOT_FOUND', '演示数据尚未生成，请重启服务')
      return openSession(ctx, row.id, null)
    },
  },
  demoResumable: {
    access: 'public',
    async handler(input, ctx): Promise<DemoResumable[]> {
      requireDemo(ctx)
      const targets = input.tokens.flatMap((token) => {
        const target = resumeTarget(ctx.env.appSecret, token)
        return target ? [{ token, ...target }] : []
      })
      if (targets.length === 0) return []
      const rows = await ctx.db.query<{ id: number; demo_key: string; display_name: string; created_at: Date }>(
        `SELECT u.id, u.demo_key, ${displayNameSql('u')} AS display_name, u.created_at
           FROM app_user u WHERE u.id = ANY($1::int[])`,
        [targets.map((t) => t.uid)],
      )
      // In the order the browser keeps them (newest first), each account once.
      const seen = new Set<number>()
      return targets.flatMap((t) => {
        const row = rows.find((r) => r.id === t.uid && r.demo_key === t.key)
        if (!row || seen.has(row.id)) return []
        seen.add(row.id)
        return [{ token: t.token, displayName: row.display_name, createdAt: iso(row.created_at) }]
      })
    },
  },
  demoResume: {
    access: 'public',
    async handler(input, ctx) {
      requireDemo(ctx)
      const target = resumeTarget(ctx.env.appSecret, input.token)
      if (!target) throw new AppError('DEMO_ACCOUNT_GONE')
      const [row] = await ctx.db.query<{ id: number }>('SELECT id FROM app_user WHERE id = $1 AND demo_key = $2', [target.uid, target.key])
      if (!row) throw new AppError('DEMO_ACCOUNT_GONE')
      return openSession(ctx, row.id, input.token)
    },
  },
}
