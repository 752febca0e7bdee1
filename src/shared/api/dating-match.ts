import { z } from 'zod'
import { cursorSchema, idSchema, limitSchema } from './common'
import type { Page } from '../errors'
import { datingLimits, educations, profileIdSchema } from './dating-common'
import type { Education, ProfileCard, ProfileView, SignedUntil } from './dating-common'

/**
 * 嘉工鹊桥会, part match (issue 13 §4 discovery, §5 likes, §6 blocking). Shared names live in
 * ./dating-common.
 */

const ageSchema = z
  .number({ error: '年龄必须是数字' })
  .int('年龄必须是整数')
  .min(datingLimits.minAge, `年龄不小于 ${datingLimits.minAge} 岁`)
  .max(datingLimits.maxAge, `年龄不大于 ${datingLimits.maxAge} 岁`)
const heightSchema = z
  .number({ error: '身高必须是数字' })
  .int('身高必须是整数')
  .min(datingLimits.heightMin, `身高不低于 ${datingLimits.heightMin} 厘米`)
  .max(datingLimits.heightMax, `身高不高于 ${datingLimits.heightMax} 厘米`)

export const discoverInput = z
  .object({
    ageMin: ageSchema.optional(),
    ageMax: ageSchema.optional(),
    heightMin: heightSchema.optional(),
    heightMax: heightSchema.optional(),
    /** At least this level (educations are in rank order). */
    educationMin: z.enum(educations as [Education, ...Education[]], { error: '请选择学历' }).optional(),
    /** Only these counties (level-2 branches); empty or absent: any. */
    countyIds: z
      .array(idSchema)
      .max(datingLimits.prefCountiesMax, `区县不超过 ${datingLimits.prefCountiesMax} 个`)
      .refine((ids) => new Set(ids).size === ids.length, '区县有重复')
      .optional(),
    cursor: cursorSchema,
    limit: limitSchema,
  })
  .strict()
  .refine((f) => f.ageMin === undefined || f.ageMax === undefined || f.ageMin <= f.ageMax, { message: '最小年龄不能大于最大年龄', path: ['ageMax'] })
  .refine((f) => f.heightMin === undefined || f.heightMax === undefined || f.heightMin <= f.heightMax, { message: '最低身高不能高于最高身高', path: ['heightMax'] })
export type DiscoverInput = z.infer<typeof discoverInput>

const targetInput = z.object({ targetId: profileIdSchema }).strict()

export const matchSchemas = {
  /**
   * 推荐: approved, shown members of the other gender whom I have not liked or passed, not
   * separated from me (blocks either way, 同单位隐身), where BOTH sides' preferences hold (and the
   * filters), newest activity first.
   */
  discover: discoverInput,
  /** One member's profile: visible to me, or a side of a live match with me. */
  person: z.object({ id: profileIdSchema }).strict(),
  /**
   * 喜欢: counts toward today's quota (Shanghai day); liking twice answers the first like. A like
   * back is a match (both told once).
   */
  like: targetInput,
  /** 跳过: never shown in discovery again. Passing twice changes nothing. */
  pass: targetInput,
  /** 拉黑: hides both from each other everywhere and ends a live match. Idempotent. */
  block: targetInput,
  /** 解除拉黑. Idempotent. */
  unblock: targetInput,
  /** My blocks, newest first. */
  blocks: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
}

/** Where I stand with someone whose profile I opened. */
export interface PersonRelation {
  liked: boolean
  passed: boolean
  /** The live match with them, if any (then 发消息 opens the chat). */
  matchId: number | null
  /** Whether 喜欢 is open: not liked yet, no match, shown, and likes left today. */
  canLike: boolean
  likesLeft: number
}

export interface LikeResult {
  matched: boolean
  /** The match this like made (or the pair's earlier one); null without one. */
  matchId: number | null
  likesLeft: number
}

export interface BlockedMember {
  id: number
  nickname: string
  blockedAt: string
}

export interface MatchOutputs {
  discover: Page<ProfileCard> & SignedUntil & { likesLeft: number }
  person: { profile: ProfileView; relation: PersonRelation } & SignedUntil
  like: LikeResult
  pass: { passed: true }
  block: { blocked: true; matchEnded: boolean }
  unblock: { unblocked: true }
  blocks: Page<BlockedMember>
}
