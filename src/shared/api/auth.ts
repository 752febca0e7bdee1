import { z } from 'zod'
import { emptyInput } from './common'
import type { BranchRef } from './common'
import type { Role } from '../roles'

export const authSchemas = {
  me: emptyInput,
  demoAccounts: emptyInput,
  demoLogin: z.object({
    /** A seeded account's key, or "new" to sign in as a brand-new user. */
    key: z.string().regex(/^[a-z0-9-]{1,40}$/, '演示账号无效'),
  }).strict(),
}

export interface Grant {
  id: number
  role: Role
  branch: BranchRef
}

export interface Me {
  userId: number
  nickname: string
  member: { id: number; memberNo: string; name: string; branch: BranchRef } | null
  grants: Grant[]
}

export interface DemoAccount {
  key: string
  label: string
  description: string
}

export interface AuthOutputs {
  me: Me
  demoAccounts: DemoAccount[]
  demoLogin: { token: string; expiresAt: string; me: Me }
}
