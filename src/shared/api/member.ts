import { z } from 'zod'
import { cursorSchema, emptyInput, idSchema, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import type { Page } from '../errors'
import { membershipConsentVersion } from '../consent'
import { idNumberSchema, personNameSchema, phoneNumberSchema } from './form-checks'

export const memberSchemas = {
  status: emptyInput,
  apply: z.object({
    name: personNameSchema(),
    phone: phoneNumberSchema,
    idNumber: idNumberSchema,
    branchId: z.number({ error: '请选择您所在的基层工会' }).pipe(idSchema),
    consentVersion: z.literal(membershipConsentVersion, { error: '请阅读并同意个人信息授权' }),
  }).strict(),
  reviewList: z.object({
    status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  approve: z.object({ applicationId: idSchema }).strict(),
  reject: z.object({
    applicationId: idSchema,
    reason: plainText({ min: 2, minMessage: '请填写驳回原因', max: 200, maxMessage: '驳回原因不超过 200 字' }),
  }).strict(),
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected'

export interface MyApplication {
  id: number
  status: ApplicationStatus
  rejectReason: string | null
  name: string
  phoneMasked: string
  idLast4: string
  branch: BranchRef
  updatedAt: string
}

export interface MembershipStatus {
  member: { memberNo: string; name: string; branch: BranchRef; joinedAt: string } | null
  application: MyApplication | null
}

export interface ApplicationForReview {
  id: number
  status: ApplicationStatus
  name: string
  phoneMasked: string
  idLast4: string
  branch: BranchRef
  rejectReason: string | null
  submittedAt: string
}

export interface MemberOutputs {
  status: MembershipStatus
  apply: MyApplication
  reviewList: Page<ApplicationForReview>
  approve: { applicationId: number; memberNo: string }
  reject: { applicationId: number }
}
