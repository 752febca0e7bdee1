import { z } from 'zod'
import { emptyInput } from './common'
import type { BranchRef } from './common'

export const cardSchemas = {
  /** The member's card with a fresh QR token; the page calls it again before the token lapses. */
  mine: emptyInput,
  verify: z.object({ token: z.string().trim().min(10, '请扫描或输入会员码').max(300, '会员码无效') }).strict(),
}

export interface MemberCard {
  memberNo: string
  name: string
  branch: BranchRef
  joinedAt: string
  qrToken: string
  qrExpiresAt: string
}

export interface CardOutputs {
  mine: MemberCard
  /**
   * A card token verifies once. The same staff member sending it again (a lost answer) gets the
   * first answer back with `replayed` and the first time; anyone else gets CARD_TOKEN_USED.
   */
  verify: { name: string; branchName: string; verifiedAt: string; replayed: boolean }
}
