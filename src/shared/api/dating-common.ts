import { z } from 'zod'
import type { BranchRef } from './common'
import type { Education, Gender, Marital } from '../dating/names'

/**
 * 嘉工鹊桥会: names every part of the `dating` function shares (issue 13). The part files
 * (dating-profile, dating-review, dating-match, dating-chat, dating-event) import from here, never
 * from each other's files, so they can be written side by side.
 */

export * from '../dating/names'

/** A dating profile is named by its member's id (dating_profile.member_id). */
export const profileIdSchema = z.number({ error: '请选择会员' }).int().positive().max(2_147_483_647)
export const matchIdSchema = z.number({ error: '请选择匹配' }).int().positive().max(2_147_483_647)
export const eventIdSchema = z.number({ error: '请选择活动' }).int().positive().max(2_147_483_647)
/** Makes a retried create answer what the first call did. */
export const datingRequestIdSchema = z.string({ error: '请求编号无效' }).regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号无效')

/** A profile's reviewed text, as a revision holds it (dating_revision.content). */
export interface RevisionContent {
  nickname: string
  heightCm: number
  education: Education
  occupation: string
  hometown: string
  marital: Marital
  intro: string
  interests: string[]
}

/** A photo as the caller may see it: signed URLs, valid for a while (expiresAt). */
export interface PhotoView {
  fileId: number
  url: string
  thumbUrl: string | null
}

/**
 * Another member's profile as lists show it (discovery, matches, event attendees). Never carries
 * contact details, the ID-derived birth month, or the unit: only what the member chose to show.
 */
export interface ProfileCard {
  id: number
  nickname: string
  gender: Gender
  age: number
  heightCm: number
  education: Education
  occupation: string
  county: BranchRef
  marital: Marital
  interests: string[]
  avatar: PhotoView | null
}

/** One profile opened in full (the person page, a matchmaker's review). */
export interface ProfileView extends ProfileCard {
  hometown: string
  intro: string
  photos: PhotoView[]
}

/** Where a dating response's signed photo URLs stop working. */
export interface SignedUntil {
  photosExpireAt: string
}
