import type { BranchRef } from '../../src/shared/api'
import { roles } from '../../src/shared/roles'
import type { FunctionActions } from '../../server/action'
import { AppError } from '../../server/errors'
import { pathCovers } from '../../server/scope'
import { audit, branchRefSql, iso } from '../../server/sql'
import { signToken, verifyToken } from '../../server/tokens'

export const cardTokenPurpose = 'member-card'
export const cardTokenTtlSeconds = 60

export const cardActions: FunctionActions<'card'> = {
  mine: {
    access: 'member',
    async handler(_input, ctx) {
      const member = ctx.caller.member
      if (!member) throw new AppError('NOT_MEMBER')
      const [row] = await ctx.db.query<{ member_no: string; name: string; branch: BranchRef; joined_at: Date }>(
        `SELECT m.member_no, m.name, ${branchRefSql('b')} AS branch, m.joined_at
           FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1`,
        [member.id],
      )
      const exp = Math.floor(Date.now() / 1000) + cardTokenTtlSeconds
      return {
        memberNo: row.member_no,
        name: row.name,
        branch: row.branch,
        joinedAt: iso(row.joined_at),
        qrToken: signToken(ctx.env.appSecret, cardTokenPurpose, { m: member.id, exp }),
        qrExpiresAt: new Date(exp * 1000).toISOString(),
      }
    },
  },
  verify: {
    access: 'roles',
    roles,
    async handler(input, ctx) {
      const verified = verifyToken<{ m: number; exp: number }>(ctx.env.appSecret, cardTokenPurpose, input.token)
      if (!verified.ok) throw new AppError(verified.reason === 'expired' ? 'CARD_TOKEN_EXPIRED' : 'CARD_TOKEN_INVALID')
      const [member] = await ctx.db.query<{ id: number; name: string; branch_name: string; path: string }>(
        `SELECT m.id, m.name, b.full_name AS branch_name, b.path FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1`,
        [verified.payload.m],
      )
      if (!member) throw new AppError('CARD_TOKEN_INVALID')
      // Any staff role held at or above the member's branch may check the card.
      if (!ctx.caller.grants.some((g) => pathCovers(g.branchPath, member.path))) throw new AppError('OUT_OF_SCOPE')
      await audit(ctx.db, { actor: ctx.caller.userId, action: 'card.verify', targetType: 'member', targetIds: [member.id] })
      return { name: member.name, branchName: member.branch_name }
    },
  },
}
