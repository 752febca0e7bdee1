import { z } from 'zod'
import type { BranchRef } from './common'
import { plainText } from './common'
import { idNumberSchema } from './form-checks'
import { contactKindNames, datingLimits, educationNames, maritalNames, mobilePattern, wechatIdPattern } from './dating-common'
import type { ContactKind, ContentCheck, Education, Gender, Marital, PhotoView, ProfileState, SignedUntil } from './dating-common'

/**
 * 嘉工鹊桥会, part profile (issue 13 §1 joining, §2 profile, §3's text check). Shared names live in
 * ./dating-common.
 */

const educationSchema = z.enum(Object.keys(educationNames) as [Education, ...Education[]], { error: '请选择学历' })
const maritalSchema = z.enum(Object.keys(maritalNames) as [Marital, ...Marital[]], { error: '请选择婚姻状况' })
const contactKindSchema = z.enum(Object.keys(contactKindNames) as [ContactKind, ...ContactKind[]], { error: '请选择联系方式类型' })
const heightSchema = z
  .number({ error: '身高必须是数字' })
  .int('身高请填整数（厘米）')
  .min(datingLimits.heightMin, `身高不低于 ${datingLimits.heightMin} 厘米`)
  .max(datingLimits.heightMax, `身高不超过 ${datingLimits.heightMax} 厘米`)
const ageSchema = z
  .number({ error: '年龄必须是数字' })
  .int('年龄请填整数')
  .min(datingLimits.minAge, `年龄不小于 ${datingLimits.minAge} 岁`)
  .max(datingLimits.maxAge, `年龄不大于 ${datingLimits.maxAge} 岁`)
const photoIdSchema = z.number({ error: '照片编号无效' }).int().positive().max(2_147_483_647)
const countyIdSchema = z.number({ error: '县区编号无效' }).int().positive().max(2_147_483_647)

/**
 * Keys a client might send to change what the ID number decided. Accepted by the schema only so the
 * handler can refuse them with DATING_IDENTITY_FIXED, a clearer answer than "unknown key".
 */
const identityText = z.string().max(20).optional()

export const profileSchemas = {
  /** Where the caller stands: not joined, waiting for review, rejected (why), approved, paused… */
  status: z.object({}).strict(),
  /**
   * Joining: the ID number once (checked against the keyed hash on record, never stored), and the
   * separate consent to sensitive personal data. A retry after a successful join answers the same.
   */
  join: z
    .object({
      idNumber: idNumberSchema,
      consent: z.literal(true, { error: '请阅读并同意个人敏感信息处理说明' }),
      consentVersion: z.string({ error: '同意书版本无效' }).max(40),
    })
    .strict(),
  /** Everything of one's own: the approved version, the pending one, preferences, contact. */
  myProfile: z.object({}).strict(),
  /** The reviewed part (text and photos): makes a pending revision for a matchmaker. */
  saveProfile: z
    .object({
      nickname: plainText({ min: 1, max: datingLimits.nicknameMaxLength, minMessage: '请填写昵称', maxMessage: `昵称不超过 ${datingLimits.nicknameMaxLength} 个字` }),
      heightCm: heightSchema,
      education: educationSchema,
      occupation: plainText({ min: 1, max: datingLimits.occupationMaxLength, minMessage: '请填写职业', maxMessage: `职业不超过 ${datingLimits.occupationMaxLength} 个字` }),
      hometown: plainText({ max: datingLimits.hometownMaxLength, maxMessage: `家乡不超过 ${datingLimits.hometownMaxLength} 个字` }),
      marital: maritalSchema,
      intro: plainText({ max: datingLimits.introMaxLength, multiline: true, maxMessage: `自我介绍不超过 ${datingLimits.introMaxLength} 字` }),
      interests: z
        .array(plainText({ min: 1, max: datingLimits.interestMaxLength, minMessage: '兴趣不能为空', maxMessage: `每个兴趣不超过 ${datingLimits.interestMaxLength} 个字` }))
        .max(datingLimits.interestsMax, `兴趣最多 ${datingLimits.interestsMax} 个`),
      photoFileIds: z
        .array(photoIdSchema)
        .min(datingLimits.photosMin, `请上传 ${datingLimits.photosMin}–${datingLimits.photosMax} 张照片`)
        .max(datingLimits.photosMax, `照片最多 ${datingLimits.photosMax} 张`)
        .refine((ids) => new Set(ids).size === ids.length, '照片不能重复'),
      requestId: z.string({ error: '请求编号无效' }).regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效'),
      gender: identityText,
      birthYear: z.number().int().min(1900).max(2100).optional(),
      birthMonth: z.number().int().min(1).max(12).optional(),
    })
    .strict(),
  /** Whom I am looking for (not reviewed: nobody else sees it). Empty countyIds: any county. */
  savePreferences: z
    .object({
      ageMin: ageSchema.nullable(),
      ageMax: ageSchema.nullable(),
      heightMin: heightSchema.nullable(),
      heightMax: heightSchema.nullable(),
      educationMin: educationSchema.nullable(),
      countyIds: z.array(countyIdSchema).max(datingLimits.prefCountiesMax, `县区最多选 ${datingLimits.prefCountiesMax} 个`),
    })
    .strict()
    .refine((p) => p.ageMin === null || p.ageMax === null || p.ageMin <= p.ageMax, { message: '最小年龄不能大于最大年龄', path: ['ageMin'] })
    .refine((p) => p.heightMin === null || p.heightMax === null || p.heightMin <= p.heightMax, { message: '最低身高不能高于最高身高', path: ['heightMin'] }),
  /** The contact a match sees (never anyone else). */
  saveContact: z
    .object({ kind: contactKindSchema, value: z.string({ error: '请填写联系方式' }).trim().max(40) })
    .strict()
    .superRefine((c, ctx) => {
      const ok = c.kind === 'wechat' ? wechatIdPattern.test(c.value) : mobilePattern.test(c.value)
      if (!ok) ctx.addIssue({ code: 'custom', path: ['value'], message: c.kind === 'wechat' ? '微信号为 6–20 位，以字母开头，可含字母、数字、- 和 _' : '请填写 11 位手机号码' })
    }),
  /** 同单位隐身: members of my own unit and I never see each other. */
  setHideFromUnit: z.object({ hide: z.boolean({ error: '请选择是否隐身' }) }).strict(),
  /** Hide my profile from everyone until I resume. */
  pause: z.object({}).strict(),
  resume: z.object({}).strict(),
  /** Erases the profile, its photos, likes and chats. */
  deleteProfile: z.object({ confirm: z.literal(true, { error: '请确认注销' }) }).strict(),
}

/** The hub's view of the caller. `joined: false` leaves the rest empty. */
export interface DatingStatus {
  joined: boolean
  state: ProfileState | null
  /** A matchmaker approved a version: others may see it (when shown). */
  approved: boolean
  nickname: string | null
  /** A submitted change waits for a matchmaker. */
  pending: { submittedAt: string } | null
  /** The latest decision was a rejection (and nothing newer waits): why. */
  rejection: { reason: string; reviewedAt: string } | null
  suspendedUntil: string | null
  /** Why a matchmaker suspended or closed the profile. */
  stateReason: string | null
}

/** What joining derived from the ID number (the number itself is never kept). */
export interface JoinResult {
  gender: Gender
  birthYear: number
  birthMonth: number
  county: BranchRef
  /** The caller had joined already (a retry): nothing changed. */
  alreadyJoined: boolean
}

/** The reviewed part of a profile: the approved version, or the content of a revision. */
export interface ProfileContent {
  nickname: string
  heightCm: number
  education: Education
  occupation: string
  hometown: string
  marital: Marital
  intro: string
  interests: string[]
  photos: PhotoView[]
}

export interface DatingPreferences {
  ageMin: number | null
  ageMax: number | null
  heightMin: number | null
  heightMax: number | null
  educationMin: Education | null
  counties: BranchRef[]
}

/** One's own profile, all of it. */
export interface MyProfile extends SignedUntil {
  gender: Gender
  birthYear: number
  birthMonth: number
  age: number
  county: BranchRef
  state: ProfileState
  suspendedUntil: string | null
  stateReason: string | null
  hideFromUnit: boolean
  /** What others see; null until the first approval. */
  approved: (ProfileContent & { approvedAt: string }) | null
  /** The submission waiting for a matchmaker, if any. */
  pending: (ProfileContent & { revisionId: number; submittedAt: string; contentCheck: ContentCheck }) | null
  /** The latest rejection when nothing newer waits. */
  rejection: { reason: string; reviewedAt: string } | null
  preferences: DatingPreferences
  contact: { kind: ContactKind; value: string } | null
}

export interface SavedRevision {
  revisionId: number
  submittedAt: string
  contentCheck: ContentCheck
}

export interface ProfileOutputs {
  status: DatingStatus
  join: JoinResult
  myProfile: MyProfile
  saveProfile: SavedRevision
  savePreferences: DatingPreferences
  saveContact: { kind: ContactKind }
  setHideFromUnit: { hideFromUnit: boolean }
  pause: { state: ProfileState }
  resume: { state: ProfileState }
  deleteProfile: { deleted: true }
}
