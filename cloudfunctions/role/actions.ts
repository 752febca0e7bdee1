import { z } from 'zod'
import type { BranchRef, GrantRow } from '../../src/shared/api'
import type { Role } from '../../src/shared/roles'
import type { FunctionActions } from '../../server/action'
import { cursorId, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError, isUniqueViolation } from '../../server/errors'
import { inSubtreesSql, requireBranchInScope, requireCovered, scopePaths } from '../../server/scope'
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

async function grantById(db: Queryable, id: number): Promise<GrantDbRow | null> {
  const [row] = await db.query<GrantDbRow>(`${grantSelect} WHERE g.id = $1`, [id])
  return row ?? null
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
      try {
        return await ctx.db.transaction(async (tx) => {
          const branch = await requireBranchInScope(tx, ctx.caller, 'admin', input.branchId)
          const [holder] = await tx.query<{ user_id: number | null }>('SELECT user_id FROM member WHERE member_no = $1', [input.memberNo])
          if (!holder?.user_id) throw new AppError('NOT_FOUND', '未找到该会员号对应的已注册会员')
          const [row] = await tx.query<{ id: number }>(
            'INSERT INTO role_grant (user_id, role, branch_id, granted_by) VALUES ($1, $2, $3, $4) RETURNING id',
            [holder.user_id, input.role, branch.id, ctx.caller.userId],
          )
          await audit(tx, {
            actor: ctx.caller.userId,
            action: 'role.grant',
            targetType: 'role_grant',
            targetIds: [row.id],
            detail: { role: input.role, branchId: branch.id, userId: holder.user_id },
          })
          const granted = await grantById(tx, row.id)
          if (!granted) throw new AppError('INTERNAL')
          return toGrantRow(granted)
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('ROLE_EXISTS')
        throw error
      }
    },
  },

  revoke: {
    access: 'roles',
    roles: ['admin'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const [grant] = await tx.query<{ id: number; user_id: number; role: Role; branch_id: number; path: string }>(
          'SELECT g.id, g.user_id, g.role, g.branch_id, b.path FROM role_grant g JOIN branch b ON b.id = g.branch_id WHERE g.id = $1 FOR UPDATE OF g',
          [input.grantId],
        )
        if (!grant) throw new AppError('NOT_FOUND', '该授权不存在或已撤销')
        requireCovered(ctx.caller, 'admin', grant.path)
        if (grant.user_id === ctx.caller.userId) throw new AppError('SELF_REVOKE')
        await tx.query('DELETE FROM role_grant WHERE id = $1', [grant.id])
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'role.revoke',
          targetType: 'role_grant',
          targetIds: [grant.id],
          detail: { role: grant.role, branchId: grant.branch_id, userId: grant.user_id },
        })
        return { grantId: grant.id }
      })
    },
  },
}
