import { randomBytes } from 'node:crypto'
import type { DemoAccount, Me } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import { sessionPurpose, sessionTtlSeconds } from '../../server/action'
import type { Caller } from '../../server/caller'
import { loadCaller } from '../../server/caller'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { demoAccounts } from '../../server/seed/demo-accounts'
import { branchRefSql } from '../../server/sql'
import { signToken } from '../../server/tokens'

export async function describeCaller(db: Queryable, caller: Caller): Promise<Me> {
  const [row] = await db.query<{ member: Me['member']; grants: Me['grants'] }>(
    `SELECT
       (SELECT json_build_object('id', m.id, 'memberNo', m.member_no, 'name', m.name, 'branch', ${branchRefSql('b')})
          FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.user_id = $1) AS member,
       COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'branch', ${branchRefSql('b')}) ORDER BY b.path, g.id)
          FROM role_grant g JOIN branch b ON b.id = g.branch_id WHERE g.user_id = $1), '[]'::json) AS grants`,
    [caller.userId],
  )
  return { userId: caller.userId, nickname: caller.nickname, member: row.member, grants: row.grants }
}

export const authActions: FunctionActions<'auth'> = {
  me: {
    access: 'user',
    handler: (_input, ctx) => describeCaller(ctx.db, ctx.caller),
  },
  demoAccounts: {
    access: 'public',
    async handler(_input, ctx): Promise<DemoAccount[]> {
      if (!ctx.env.demoLogin) throw new AppError('DEMO_DISABLED')
      return demoAccounts.map(({ key, label, description }) => ({ key, label, description }))
    },
  },
  demoLogin: {
    access: 'public',
    async handler(input, ctx) {
      if (!ctx.env.demoLogin) throw new AppError('DEMO_DISABLED')
      let userId: number
      if (input.key === 'new') {
        const nickname = `新用户${randomBytes(2).toString('hex')}`
        const [row] = await ctx.db.query<{ id: number }>(
          'INSERT INTO app_user (demo_key, nickname) VALUES ($1, $2) RETURNING id',
          [`new-${randomBytes(8).toString('hex')}`, nickname],
        )
        userId = row.id
      } else {
        if (!demoAccounts.some((a) => a.key === input.key)) throw new AppError('NOT_FOUND', '演示账号不存在')
        const [row] = await ctx.db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [input.key])
        if (!row) throw new AppError('NOT_FOUND', '演示数据尚未生成，请重启服务')
        userId = row.id
      }
      const caller = await loadCaller(ctx.db, userId)
      if (!caller) throw new AppError('INTERNAL')
      const exp = Math.floor(Date.now() / 1000) + sessionTtlSeconds
      return {
        token: signToken(ctx.env.appSecret, sessionPurpose, { uid: userId, exp }),
        expiresAt: new Date(exp * 1000).toISOString(),
        me: await describeCaller(ctx.db, caller),
      }
    },
  },
}
