import { z } from 'zod'
import { emptyInput } from './common'
import type { BranchRef } from './common'
import { demoResumeLimit } from '../demo-resume'
import type { Role } from '../roles'

/** A signed token as the server writes it: base64url payload, a dot, base64url signature. */
const demoResumeToken = z.string().max(400, '演示账号凭据无效').regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, '演示账号凭据无效')

export const authSchemas = {
  me: emptyInput,
  demoAccounts: emptyInput,
  demoLogin: z.object({
    /** A seeded account's key, or "new" to sign in as a brand-new user. */
    key: z.string().regex(/^[a-z0-9-]{1,40}$/, '演示账号无效'),
  }).strict(),
  /** The new accounts this browser made, by their resume tokens; unknown or lapsed ones are left out. */
  demoResumable: z.object({ tokens: z.array(demoResumeToken).max(demoResumeLimit) }).strict(),
  demoResume: z.object({ token: demoResumeToken }).strict(),
  workQueues: emptyInput,
}

export interface Grant {
  id: number
  role: Role
  branch: BranchRef
}

export interface Me {
  userId: number
  nickname: string
  /** What to call the user: member name, else the name on their application, else the nickname. */
  displayName: string
  member: { id: number; memberNo: string; name: string; branch: BranchRef } | null
  grants: Grant[]
}

export interface DemoAccount {
  key: string
  label: string
  description: string
}

/** A new demo account made in this browser, resumable by its token. */
export interface DemoResumable {
  token: string
  displayName: string
  createdAt: string
}

export interface DemoSession {
  token: string
  expiresAt: string
  me: Me
  /** Only for a brand-new account: keeps it resumable from this browser. */
  resumeToken: string | null
}

/**
 * What waits for the caller's staff roles, counted only where an index makes it cheap; null
 * for a role the caller does not hold.
 */
export interface WorkQueues {
  /** 入会审核: pending applications in the admin's subtrees. */
  pendingApplications: number | null
  /** 自提核销: orders waiting for pickup at points in the operator's subtrees. */
  pendingPickups: number | null
  /** 互助审核: open claims in the reviewer's subtrees nobody else holds. */
  pendingClaims: number | null
  /** 互助支付: approved claims in the aid_admin's subtrees waiting for the transfer. */
  claimsToPay: number | null
  /** 律师工作台: unclaimed questions of the queues the lawyer's grants cover. */
  legalUnclaimed: number | null
  /** 援助调解: hand-offs in the legal_admin's subtrees waiting to be accepted. */
  casesToAccept: number | null
}

export interface AuthOutputs {
  me: Me
  demoAccounts: DemoAccount[]
  demoLogin: DemoSession
  demoResumable: DemoResumable[]
  demoResume: DemoSession
  workQueues: WorkQueues
}
