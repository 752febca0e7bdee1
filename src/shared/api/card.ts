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
  verify: { name: string; branchName: string }
}
