import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'
import { roles } from '../roles'
import type { Role } from '../roles'

export const roleSchemas = {
  list: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  grant: z.object({
    memberNo: z.string().trim().regex(/^JX\d{10}$/, '会员号格式为 JX 加 10 位数字'),
    role: z.enum(roles as [Role, ...Role[]], { error: '未知角色' }),
    branchId: idSchema,
  }).strict(),
  revoke: z.object({ grantId: idSchema }).strict(),
}

export interface GrantRow {
  id: number
  role: Role
  branch: BranchRef
  holder: { memberNo: string; name: string }
  grantedBy: string
  grantedAt: string
}

export interface RoleOutputs {
  list: Page<GrantRow>
  grant: GrantRow
  revoke: { grantId: number }
}
