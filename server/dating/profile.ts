import type { DatingPreferences, MyProfile, SavedRevision } from '../../src/shared/api/dating-profile'
import { ageAt, educationRank, educations } from '../../src/shared/dating/names'
import type { ContactKind, ContentCheck, Education, Gender, Marital, ProfileState } from '../../src/shared/dating/names'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles, releaseFiles } from '../files/attach'
import type { BranchRef } from '../sql'
import { branchRefSql, iso, isoOrNull } from '../sql'
import { requireDater } from './dater'
import { endMatch } from './matches'
import { photosExpireAt, signPhotos } from './photos'
import { refuseListedWords, textCheckerFor, wechatContentCheck } from './text-check'
import type { TextChecker } from './text-check'

/** The record a member's dating photos are attached to. */
export function profilePhotoRecord(memberId: number): string {
  return `dating_profile:${memberId}`
}

/** What a revision's `content` holds (the reviewed text); the review part copies it into the profile. */
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

interface OwnProfileRow {
  gender: Gender
  birth_year: number
  birth_month: number
  birth_ym: number
  county: BranchRef
  state: ProfileState
  suspended_until: Date | null
  state_reason: string | null
  hide_from_unit: boolean
  approved_at: Date | null
  nickname: string | null
  height_cm: number | null
  education: Education | null
  occupation: string | null
  hometown: string | null
  marital: Marital | null
  intro: string | null
  interests: string[]
  photo_file_ids: number[]
  pref_age_min: number | null
  pref_age_max: number | null
  pref_height_min: number | null
  pref_height_max: number | null
  pref_education_rank: number | null
  pref_counties: BranchRef[]
  contact_kind: ContactKind | null
  contact: string | null
}

interface RevisionRow {
  id: number
  status: 'pending' | 'approved' | 'rejected' | 'superseded'
  content: RevisionContent
  photo_file_ids: number[]
  content_check: ContentCheck
  submitted_at: Date
  reviewed_at: Date | null
  reject_reason: string | null
}

function preferencesOf(row: OwnProfileRow): DatingPreferences {
  return {
    ageMin: row.pref_age_min,
    ageMax: row.pref_age_max,
    heightMin: row.pref_height_min,
    heightMax: row.pref_height_max,
    educationMin: row.pref_education_rank === null ? null : educations[row.pref_education_rank - 1],
    counties: row.pref_counties,
  }
}

const ownProfileSql = `
  SELECT p.gender, p.birth_year, p.birth_month, p.birth_ym, ${branchRefSql('c')} AS county, p.state, p.suspended_until, p.state_reason,
         p.hide_from_unit, p.approved_at, p.nickname, p.height_cm, p.education, p.occupation, p.hometown, p.marital, p.intro,
         p.interests, p.photo_file_ids, p.pref_age_min, p.pref_age_max, p.pref_height_min, p.pref_height_max, p.pref_education_rank,
         COALESCE((SELECT json_agg(${branchRefSql('pc')} ORDER BY pc.path) FROM branch pc WHERE pc.id = ANY(p.pref_county_ids)), '[]'::json) AS pref_counties,
         p.contact_kind, p.contact
    FROM dating_profile p JOIN branch c ON c.id = p.county_branch_id
   WHERE p.member_id = $1`

/** The caller's own profile, all of it, with their own photos signed (an owner may read their files). */
export async function myProfile(deps: Deps, caller: Caller, now = new Date()): Promise<MyProfile> {
  const dater = await requireDater(deps.db, caller, 'joined')
  const [row] = await deps.db.query<OwnProfileRow>(ownProfileSql, [dater.memberId])
  const [latest] = await deps.db.query<RevisionRow>(
    `SELECT id, status, content, photo_file_ids, content_check, submitted_at, reviewed_at, reject_reason
       FROM dating_revision WHERE member_id = $1 AND status <> 'superseded' ORDER BY id DESC LIMIT 1`,
    [dater.memberId],
  )
  const pending = latest?.status === 'pending' ? latest : null
  const photos = await signPhotos(deps, [...row.photo_file_ids, ...(pending?.photo_file_ids ?? [])])
  const photoViews = (ids: number[]) => ids.flatMap((id) => photos.get(id) ?? [])
  const approved: MyProfile['approved'] =
    row.approved_at && row.nickname !== null && row.height_cm !== null && row.education && row.marital
      ? {
          nickname: row.nickname,
          heightCm: row.height_cm,
          education: row.education,
          occupation: row.occupation ?? '',
          hometown: row.hometown ?? '',
          marital: row.marital,
          intro: row.intro ?? '',
          interests: row.interests,
          photos: photoViews(row.photo_file_ids),
          approvedAt: iso(row.approved_at),
        }
      : null
  return {
    gender: row.gender,
    birthYear: row.birth_year,
    birthMonth: row.birth_month,
    age: ageAt(row.birth_ym, now),
    county: row.county,
    state: row.state,
    suspendedUntil: isoOrNull(row.suspended_until),
    stateReason: row.state === 'suspended' || row.state === 'closed' ? row.state_reason : null,
    hideFromUnit: row.hide_from_unit,
    approved,
    pending: pending
      ? {
          ...pending.content,
          photos: photoViews(pending.photo_file_ids),
          revisionId: pending.id,
          submittedAt: iso(pending.submitted_at),
          contentCheck: pending.content_check,
        }
      : null,
    rejection:
      latest?.status === 'rejected' && latest.reject_reason !== null && latest.reviewed_at !== null
        ? { reason: latest.reject_reason, reviewedAt: iso(latest.reviewed_at) }
        : null,
    preferences: preferencesOf(row),
    contact: row.contact_kind && row.contact !== null ? { kind: row.contact_kind, value: row.contact } : null,
    photosExpireAt: photosExpireAt(now.getTime()),
  }
}

export interface SaveProfileInput extends RevisionContent {
  photoFileIds: number[]
  requestId: string
  gender?: string
  birthYear?: number
  birthMonth?: number
}

function savedOf(row: { id: number; submitted_at: Date; content_check: ContentCheck }): SavedRevision {
  return { revisionId: row.id, submittedAt: iso(row.submitted_at), contentCheck: row.content_check }
}

/**
 * Photos of a profile must be the member's own dating_photo uploads, or already this profile's.
 * Someone else's file (or no such file: not told apart) is DATING_PHOTO_NOT_OWN; the rest of the
 * checks (ready, purpose, in use elsewhere) are attachFiles's.
 */
async function refuseOthersPhotos(tx: Queryable, caller: Caller, memberId: number, ids: number[]): Promise<void> {
  const rows = await tx.query<{ id: number }>(
    'SELECT id FROM file WHERE id = ANY($1::int[]) AND (owner_user_id = $2 OR record = $3)',
    [ids, caller.userId, profilePhotoRecord(memberId)],
  )
  if (rows.length !== ids.length) throw new AppError('DATING_PHOTO_NOT_OWN')
}

/**
 * Submits the reviewed part of the profile (text and photos) as a pending revision, replacing a
 * waiting one. The text passes the word list, then (in the WeChat cloud) WeChat's content check.
 * Photos are attached to the profile at once (they stay private: only the owner and matchmakers in
 * scope read them until approved); files neither approved nor in this revision are released.
 * A retry with the same requestId answers the first save.
 */
export async function saveProfile(
  deps: Deps,
  caller: Caller,
  input: SaveProfileInput,
  checker: TextChecker | null = textCheckerFor(deps.env),
): Promise<SavedRevision> {
  if (input.gender !== undefined || input.birthYear !== undefined || input.birthMonth !== undefined) {
    throw new AppError('DATING_IDENTITY_FIXED')
  }
  const { db } = deps
  const dater = await requireDater(db, caller, 'joined')
  const [retried] = await db.query<{ id: number; submitted_at: Date; content_check: ContentCheck }>(
    'SELECT id, submitted_at, content_check FROM dating_revision WHERE member_id = $1 AND request_id = $2',
    [dater.memberId, input.requestId],
  )
  if (retried) return savedOf(retried)

  const content: RevisionContent = {
    nickname: input.nickname,
    heightCm: input.heightCm,
    education: input.education,
    occupation: input.occupation,
    hometown: input.hometown,
    marital: input.marital,
    intro: input.intro,
    interests: [...new Set(input.interests)],
  }
  const texts = [content.nickname, content.occupation, content.hometown, content.intro, ...content.interests]
  await refuseListedWords(db, texts)
  // A network call: before the transaction, so no row lock waits on WeChat.
  const contentCheck = await wechatContentCheck(db, checker, caller.userId, texts.filter(Boolean).join('\n'), content.nickname)

  return db.transaction(async (tx) => {
    const [profile] = await tx.query<{ photo_file_ids: number[] }>('SELECT photo_file_ids FROM dating_profile WHERE member_id = $1 FOR UPDATE', [dater.memberId])
    // Under the profile's lock: a retry that raced the first save finds it here.
    const [raced] = await tx.query<{ id: number; submitted_at: Date; content_check: ContentCheck }>(
      'SELECT id, submitted_at, content_check FROM dating_revision WHERE member_id = $1 AND request_id = $2',
      [dater.memberId, input.requestId],
    )
    if (raced) return savedOf(raced)
    await refuseOthersPhotos(tx, caller, dater.memberId, input.photoFileIds)
    const record = profilePhotoRecord(dater.memberId)
    await attachFiles(tx, caller, input.photoFileIds, { purpose: 'dating_photo', record })
    await tx.query(`UPDATE dating_revision SET status = 'superseded' WHERE member_id = $1 AND status = 'pending'`, [dater.memberId])
    const [saved] = await tx.query<{ id: number; submitted_at: Date; content_check: ContentCheck }>(
      `INSERT INTO dating_revision (member_id, content, photo_file_ids, content_check, request_id)
       VALUES ($1, $2, $3, $4, $5) RETURNING id, submitted_at, content_check`,
      [dater.memberId, JSON.stringify(content), input.photoFileIds, contentCheck, input.requestId],
    )
    await releaseFiles(tx, record, { purpose: 'dating_photo', keep: [...profile.photo_file_ids, ...input.photoFileIds] })
    await tx.query('UPDATE dating_profile SET updated_at = now() WHERE member_id = $1', [dater.memberId])
    return savedOf(saved)
  })
}

export interface PreferencesInput {
  ageMin: number | null
  ageMax: number | null
  heightMin: number | null
  heightMax: number | null
  educationMin: Education | null
  countyIds: number[]
}

/** Preferences are the member's own business: saved at once, never reviewed. Counties are level-2 branches. */
export async function savePreferences(db: Queryable, caller: Caller, input: PreferencesInput): Promise<DatingPreferences> {
  const dater = await requireDater(db, caller, 'joined')
  const countyIds = [...new Set(input.countyIds)]
  if (countyIds.length) {
    const counties = await db.query('SELECT id FROM branch WHERE id = ANY($1::int[]) AND level = 2', [countyIds])
    if (counties.length !== countyIds.length) throw new AppError('DATING_COUNTY_INVALID')
  }
  await db.query(
    `UPDATE dating_profile
        SET pref_age_min = $2, pref_age_max = $3, pref_height_min = $4, pref_height_max = $5, pref_education_rank = $6,
            pref_county_ids = $7, updated_at = now()
      WHERE member_id = $1`,
    [dater.memberId, input.ageMin, input.ageMax, input.heightMin, input.heightMax, input.educationMin && educationRank(input.educationMin), countyIds],
  )
  const [row] = await db.query<OwnProfileRow>(ownProfileSql, [dater.memberId])
  return preferencesOf(row)
}

/** The contact only a match ever sees (revealContact, part chat). Answers the kind only. */
export async function saveContact(db: Queryable, caller: Caller, input: { kind: ContactKind; value: string }): Promise<{ kind: ContactKind }> {
  const dater = await requireDater(db, caller, 'joined')
  await db.query('UPDATE dating_profile SET contact_kind = $2, contact = $3, updated_at = now() WHERE member_id = $1', [dater.memberId, input.kind, input.value])
  return { kind: input.kind }
}

export async function setHideFromUnit(db: Queryable, caller: Caller, input: { hide: boolean }): Promise<{ hideFromUnit: boolean }> {
  const dater = await requireDater(db, caller, 'joined')
  await db.query('UPDATE dating_profile SET hide_from_unit = $2, updated_at = now() WHERE member_id = $1', [dater.memberId, input.hide])
  return { hideFromUnit: input.hide }
}

/**
 * 暂停展示 / 恢复展示: only between active and paused; a suspension is the matchmaker's to lift
 * (DATING_SUSPENDED). Doing it twice answers the same.
 */
export async function setPaused(db: Queryable, caller: Caller, paused: boolean): Promise<{ state: ProfileState }> {
  const dater = await requireDater(db, caller, 'joined')
  if (dater.state === 'suspended') throw new AppError('DATING_SUSPENDED')
  const state: ProfileState = paused ? 'paused' : 'active'
  await db.query(`UPDATE dating_profile SET state = $2, updated_at = now() WHERE member_id = $1 AND state IN ('active', 'paused')`, [dater.memberId, state])
  return { state }
}

/**
 * 注销: erases the profile (its likes, passes, blocks, revisions, sign-ups and picks go with the row),
 * ends its live matches ('deleted'), deletes the messages of all its matches, and releases its photos
 * and those chats' images. Match and report rows stay, with the member as an id only, for the
 * union's figures and as evidence.
 */
export async function deleteProfile(db: Db, caller: Caller): Promise<{ deleted: true }> {
  const dater = await requireDater(db, caller, 'joined')
  await db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM dating_profile WHERE member_id = $1 FOR UPDATE', [dater.memberId])
    const matches = await tx.query<{ id: number; member_lo: number; member_hi: number; live: boolean }>(
      'SELECT id, member_lo, member_hi, ended_at IS NULL AS live FROM dating_match WHERE member_lo = $1 OR member_hi = $1 ORDER BY id',
      [dater.memberId],
    )
    for (const match of matches) {
      if (match.live) await endMatch(tx, match.member_lo, match.member_hi, dater.memberId, 'deleted')
      await releaseFiles(tx, `dating_match:${match.id}`, { purpose: 'dating_chat_image' })
    }
    if (matches.length) await tx.query('DELETE FROM dating_message WHERE match_id = ANY($1::int[])', [matches.map((m) => m.id)])
    await releaseFiles(tx, profilePhotoRecord(dater.memberId), { purpose: 'dating_photo' })
    // MERGE HOOK (dating-event): `await leaveAllEvents(tx, dater.memberId)` goes here, before the
    // row is deleted, so the member's places are freed and waitlists promoted; without it the
    // sign-ups are only cascaded away.
    await tx.query('DELETE FROM dating_profile WHERE member_id = $1', [dater.memberId])
  })
  return { deleted: true }
}

