import { z } from 'zod'
import type { BranchRef, GrantRow } from '../../src/shared/api'
import type { Role } from '../../src/shared/roles'
import type { FunctionActions } from '../../server/action'
import { cursorId, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import type { Caller } from '../../server/caller'
import { AppError } from '../../server/errors'
import { covers, inSubtreesSql, pathCovers, requireBranchInScope, scopePaths } from '../../server/scope'
import { audit, branchRefSql, iso } from '../../server/sql'

interface GrantDbRow {
  id: number
  role: Role
  branch: BranchRef
  member_no: string | null
  holder_name: string
  granted_by: string | null
  created_at: Date
}

const grantSelect = `SELECT g.id, g.role, ${branchRefSql('b')} AS branch, m.member_no,
    COALESCE(m.name, u.nickname) AS holder_name, COALESCE(gm.name, gu.nickname) AS granted_by, g.created_at
  FROM role_grant g
  JOIN branch b ON b.id = g.branch_id
  JOIN app_user u ON u.id = g.user_id
  LEFT JOIN member m ON m.user_id = g.user_id
  LEFT JOIN app_user gu ON gu.id = g.granted_by
  LEFT JOIN member gm ON gm.user_id = g.granted_by`

const toGrantRow = (r: GrantDbRow): GrantRow => ({
  id: r.id,
  role: r.role,
  branch: r.branch,
  holder: { memberNo: r.member_no ?? '', name: r.holder_name },
  grantedBy: r.granted_by ?? '系统',
  grantedAt: iso(r.created_at),
})

async function requireGrant(db: Queryable, id: number): Promise<GrantDbRow> {
  const [row] = await db.query<GrantDbRow>(`${grantSelect} WHERE g.id = $1`, [id])
  if (!row) throw new AppError('INTERNAL')
  return row
}

const listCursor = z.object({ i: cursorId }).strict()

export const roleActions: FunctionActions<'role'> = {
  list: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, listCursor)
      const rows = await ctx.db.query<GrantDbRow>(
        `${grantSelect} WHERE ${inSubtreesSql('b.path', '$1')} AND ($2::int IS NULL OR g.id < $2)
          ORDER BY g.id DESC LIMIT $3`,
        [scopePaths(ctx.caller, 'admin'), after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toGrantRow, (r) => ({ i: r.id }))
    },
  },

  grant: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      const scopes = scopePaths(ctx.caller, 'admin')
      return ctx.db.transaction(async (tx) => {
        const branch = await requireBranchInScope(tx, ctx.caller, 'admin', input.branchId)
        const [holder] = await tx.query<{ user_id: number | null }>(
          `SELECT m.user_id FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.member_no = $1 AND ${inSubtreesSql('b.path', '$2')}`,
          [input.memberNo, scopes],
        )
        // Roles go to members in the admin's own subtree; anyone else reads as not there, so member numbers cannot be probed.
        if (!holder?.user_id) throw new AppError('NOT_FOUND', '未找到该会员号对应的已注册会员')
        if (holder.user_id === ctx.caller.userId) throw new AppError('SELF_GRANT', '不能给自己授予角色')
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO role_grant (user_id, role, branch_id, granted_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, role, branch_id) DO NOTHING RETURNING id`,
          [holder.user_id, input.role, branch.id, ctx.caller.userId],
        )
        if (!row) {
          const [existing] = await tx.query<{ id: number; granted_by: number | null }>(
            'SELECT id, granted_by FROM role_grant WHERE user_id = $1 AND role = $2 AND branch_id = $3',
            [holder.user_id, input.role, branch.id],
          )
          // A resend of this admin's own grant gets the grant back; someone else's is a real conflict.
          if (existing?.granted_by !== ctx.caller.userId) throw new AppError('ROLE_EXISTS')
          return toGrantRow(await requireGrant(tx, existing.id))
        }
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'role.grant',
          targetType: 'role_grant',
          targetIds: [row.id],
          detail: { role: input.role, branchId: branch.id, userId: holder.user_id },
        })
        return toGrantRow(await requireGrant(tx, row.id))
      })
    },
  },

  revoke: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const target = await revocableGrant(tx, input.grantId)
        if (!target || !covers(ctx.caller, 'admin', target.path)) {
          // Already revoked by this caller: a resend after a lost answer gets the same answer.
          if (await revokedBy(tx, input.grantId, ctx.caller.userId)) return { grantId: input.grantId }
          throw new AppError('NOT_FOUND', '该授权不存在或已撤销')
        }
        if (target.user_id === ctx.caller.userId) throw new AppError('SELF_REVOKE')
        const authorising = authorisingGrants(ctx.caller, target)
        if (!authorising.length) throw new AppError('FORBIDDEN', '只有上级工会的管理员或授予该角色的管理员可以撤销')
        // The target and the caller's authorising grants, locked in id order so that concurrent
        // revokes queue instead of deadlocking; then the caller's authority is read again under
        // the locks: two admins able to revoke each other cannot both succeed.
        const locked = await tx.query<{ id: number }>('SELECT id FROM role_grant WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [
          [target.id, ...authorising],
        ])
        const held = new Set(locked.map((r) => r.id))
        if (!held.has(target.id)) {
          if (await revokedBy(tx, target.id, ctx.caller.userId)) return { grantId: target.id }
          throw new AppError('NOT_FOUND', '该授权不存在或已撤销')
        }
        if (!authorising.some((id) => held.has(id))) throw new AppError('FORBIDDEN', '您的管理员角色已被撤销')
        await tx.query('DELETE FROM role_grant WHERE id = $1', [target.id])
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'role.revoke',
          targetType: 'role_grant',
          targetIds: [target.id],
          detail: { role: target.role, branchId: target.branch_id, userId: target.user_id },
        })
        return { grantId: target.id }
      })
    },
  },
}

interface RevocableGrant {
  id: number
  user_id: number
  role: Role
  branch_id: number
  granted_by: number | null
  path: string
}

async function revocableGrant(tx: Queryable, id: number): Promise<RevocableGrant | null> {
  const [row] = await tx.query<RevocableGrant>(
    'SELECT g.id, g.user_id, g.role, g.branch_id, g.granted_by, b.path FROM role_grant g JOIN branch b ON b.id = g.branch_id WHERE g.id = $1',
    [id],
  )
  return row ?? null
}

/**
 * The caller's admin grants that allow revoking `target`: one strictly above its branch, or,
 * for the admin who made it, one at or above it. A peer at the same branch cannot.
 */
function authorisingGrants(caller: Caller, target: RevocableGrant): number[] {
  const madeIt = target.granted_by === caller.userId
  return caller.grants
    .filter((g) => g.role === 'admin' && pathCovers(g.branchPath, target.path) && (madeIt || g.branchPath !== target.path))
    .map((g) => g.id)
}

/**
 * Whether this admin revoked the grant lately: a resend after a lost answer comes within seconds,
 * so a day back is ample, and it keeps every refused revoke from reading the admin's whole audit
 * history.
 */
async function revokedBy(tx: Queryable, grantId: number, userId: number): Promise<boolean> {
  const [row] = await tx.query(
    `SELECT 1 FROM audit_log
      WHERE actor_user_id = $1 AND action = 'role.revoke' AND target_type = 'role_grant' AND $2 = ANY(target_ids)
        AND created_at > now() - interval '1 day'
      LIMIT 1`,
    [userId, grantId],
  )
  return row !== undefined
}
