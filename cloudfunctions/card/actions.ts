import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { idSchema } from '../../src/shared/api'
import type { BranchRef } from '../../src/shared/api'
import { roles } from '../../src/shared/roles'
import type { FunctionActions } from '../../server/action'
import { AppError } from '../../server/errors'
import { pathCovers } from '../../server/scope'
import { audit, branchRefSql, iso } from '../../server/sql'
import { signToken, verifyToken } from '../../server/tokens'

export const cardTokenPurpose = 'member-card'
export const cardTokenTtlSeconds = 60
/** Rows of expired tokens one verification deletes at most: enough to outpace verifications, never a long statement. */
const expiredSweepBatch = 100
/** A signature proves the app made the token, not that its payload has the shape read here. */
const cardPayload = z.object({ m: idSchema, exp: z.number(), j: z.string().min(1).max(64) })

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
        // j: the token's own id, recorded when it is verified, so it verifies once.
        qrToken: signToken(ctx.env.appSecret, cardTokenPurpose, { m: member.id, exp, j: randomBytes(16).toString('base64url') }),
        qrExpiresAt: new Date(exp * 1000).toISOString(),
      }
    },
  },
  verify: {
    access: 'roles',
    roles,
    async handler(input, ctx) {
      const verified = verifyToken<{ exp: number }>(ctx.env.appSecret, cardTokenPurpose, input.token)
      if (!verified.ok) throw new AppError(verified.reason === 'expired' ? 'CARD_TOKEN_EXPIRED' : 'CARD_TOKEN_INVALID')
      const payload = cardPayload.safeParse(verified.payload)
      if (!payload.success) throw new AppError('CARD_TOKEN_INVALID')
      const { m: memberId, exp, j: jti } = payload.data
      const [member] = await ctx.db.query<{ id: number; name: string; branch_name: string; path: string }>(
        `SELECT m.id, m.name, b.full_name AS branch_name, b.path FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1`,
        [memberId],
      )
      if (!member) throw new AppError('CARD_TOKEN_INVALID')
      // Any staff role held at or above the member's branch may check the card. Staff outside
      // it do not use the token up.
      if (!ctx.caller.grants.some((g) => pathCovers(g.branchPath, member.path))) {
        throw new AppError('OUT_OF_SCOPE', '该会员不在您可核验的组织范围内')
      }
      return ctx.db.transaction(async (tx) => {
        // Rows of tokens long expired go in the same statement; the margin covers clock skew. A
        // bounded batch, skipping rows another verification is deleting: every verification
        // sweeps, and concurrent ones deleting the same rows would wait for each other.
        const [first] = await tx.query<{ verified_at: Date }>(
          `WITH expired AS (
             DELETE FROM card_token_use WHERE jti IN (
               SELECT jti FROM card_token_use WHERE expires_at < now() - interval '5 minutes'
                ORDER BY expires_at LIMIT ${expiredSweepBatch} FOR UPDATE SKIP LOCKED
             )
           )
           INSERT INTO card_token_use (jti, member_id, verified_by, expires_at) VALUES ($1, $2, $3, to_timestamp($4))
           ON CONFLICT (jti) DO NOTHING RETURNING verified_at`,
          [jti, member.id, ctx.caller.userId, exp],
        )
        const answer = { name: member.name, branchName: member.branch_name }
        if (first) {
          await audit(tx, { actor: ctx.caller.userId, action: 'card.verify', targetType: 'member', targetIds: [member.id] })
          return { ...answer, verifiedAt: iso(first.verified_at), replayed: false }
        }
        const [used] = await tx.query<{ verified_by: number; verified_at: Date }>(
          'SELECT verified_by, verified_at FROM card_token_use WHERE jti = $1',
          [jti],
        )
        // The same staff member resending a verification whose answer was lost sees it again,
        // marked as a repeat with the first time; anyone else is refused.
        if (used?.verified_by !== ctx.caller.userId) throw new AppError('CARD_TOKEN_USED')
        return { ...answer, verifiedAt: iso(used.verified_at), replayed: true }
      })
    },
  },
}
