import { z } from 'zod'
import type { DiscoverInput, PersonRelation } from '../../src/shared/api/dating-match'
import type { PhotoView, ProfileCard, ProfileView, SignedUntil } from '../../src/shared/api/dating-common'
import { ageAt, educationRank } from '../../src/shared/dating/names'
import type { Education, Gender, Marital } from '../../src/shared/dating/names'
import type { Page } from '../../src/shared/errors'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorBigId, cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { branchRefSql } from '../sql'
import type { BranchRef } from '../sql'
import { requireDater } from './dater'
import type { Dater } from './dater'
import { likesLeftToday } from './likes'
import { photosExpireAt, signPhotos } from './photos'
import { canSee, separatedSql, shownSql } from './visibility'

/**
 * Microseconds since the epoch: a keyset cursor over a timestamptz must keep every digit, or a
 * row whose time has microseconds would come back on the next page (toISOString() keeps ms).
 */
export function microsSql(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000000)::bigint`
}
export function fromMicrosSql(param: string): string {
  return `(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`
}

/** The columns a ProfileCard is made of, from a dating_profile `p` joined to its county branch `c`. */
const cardColumns = `p.member_id, p.nickname, p.gender, p.birth_ym, p.height_cm, p.education, p.occupation, p.marital,
  p.interests, p.photo_file_ids, ${branchRefSql('c')} AS county`

interface CardRow {
  member_id: number
  nickname: string
  gender: Gender
  birth_ym: number
  height_cm: number
  education: Education
  occupation: string
  marital: Marital
  interests: string[]
  photo_file_ids: number[]
  county: BranchRef
}

function cardOf(row: CardRow, photos: Map<number, PhotoView>, now: Date): ProfileCard {
  const avatarId = row.photo_file_ids[0]
  return {
    id: row.member_id,
    nickname: row.nickname,
    gender: row.gender,
    age: ageAt(row.birth_ym, now),
    heightCm: row.height_cm,
    education: row.education,
    occupation: row.occupation,
    county: row.county,
    marital: row.marital,
    interests: row.interests,
    avatar: avatarId === undefined ? null : (photos.get(avatarId) ?? null),
  }
}

/** The Shanghai calendar month now, as dating_profile.birth_ym counts months. */
function monthNow(now: Date): number {
  const shanghai = new Date(now.getTime() + 8 * 3600_000)
  return shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth()
}

interface PreferenceRow {
  height_cm: number | null
  education_rank: number | null
  pref_age_min: number | null
  pref_age_max: number | null
  pref_height_min: number | null
  pref_height_max: number | null
  pref_education_rank: number | null
  pref_county_ids: number[]
}

function tighter(a: number | null | undefined, b: number | null | undefined, pick: (x: number, y: number) => number): number | null {
  if (a === null || a === undefined) return b ?? null
  if (b === null || b === undefined) return a
  return pick(a, b)
}

const discoverCursor = z.object({ t: cursorBigId, id: cursorId }).strict()
type Position = z.output<typeof discoverCursor>

/**
 * One step of the walk: the next `$5` shown profiles of the other gender after a position, newest
 * activity first, whose own facts fit my preferences and the filters ($6–$11) and whose
 * preferences my facts fit ($12–$15). dating_profile_discover_idx (migration 0034) carries every
 * column named here, so the walk reads the index alone.
 */
export const discoverWalkSql = `SELECT p.member_id, ${microsSql('p.last_active_at')} AS active_us
   FROM dating_profile p
  WHERE p.gender = $1 AND ${shownSql('p')} AND p.member_id <> $2
    AND ($3::bigint IS NULL OR (p.last_active_at, p.member_id) < (${fromMicrosSql('$3')}, $4::int))
    AND ($6::int IS NULL OR p.birth_ym <= $6::int) AND ($7::int IS NULL OR p.birth_ym >= $7::int)
    AND ($8::int IS NULL OR p.height_cm >= $8::int) AND ($9::int IS NULL OR p.height_cm <= $9::int)
    AND ($10::int IS NULL OR p.education_rank >= $10::int)
    AND ($11::int[] IS NULL OR p.county_branch_id = ANY($11::int[]))
    AND (p.pref_age_min IS NULL OR p.pref_age_min <= $12::int) AND (p.pref_age_max IS NULL OR p.pref_age_max >= $12::int)
    AND (p.pref_height_min IS NULL OR p.pref_height_min <= $13::int) AND (p.pref_height_max IS NULL OR p.pref_height_max >= $13::int)
    AND (p.pref_education_rank IS NULL OR p.pref_education_rank <= $14::int)
    AND (cardinality(p.pref_county_ids) = 0 OR $15::int = ANY(p.pref_county_ids))
  ORDER BY p.last_active_at DESC, p.member_id DESC
  LIMIT $5`

/**
 * Which of a step's profiles (ids in $2) I have not liked or passed and am not separated from
 * ($1 is me), newest activity first, at most $3, with their cards.
 */
export const discoverKeepSql = `SELECT ${cardColumns}, ${microsSql('p.last_active_at')} AS active_us
   FROM dating_profile me
   JOIN dating_profile p ON p.member_id = ANY($2::int[])
   JOIN branch c ON c.id = p.county_branch_id
  WHERE me.member_id = $1
    AND NOT EXISTS (SELECT 1 FROM dating_like l WHERE l.member_id = me.member_id AND l.target_id = p.member_id)
    AND NOT EXISTS (SELECT 1 FROM dating_pass s WHERE s.member_id = me.member_id AND s.target_id = p.member_id)
    AND NOT ${separatedSql('me', 'p')}
  ORDER BY p.last_active_at DESC, p.member_id DESC
  LIMIT $3`

/**
 * The walk's preference parameters ($6–$15 of discoverWalkSql) for `me`: my preferences narrowed
 * by the filters, then my own facts. Null when they leave nobody (an empty range, no county in
 * common).
 */
export async function discoverBounds(db: Queryable, me: Dater, input: Omit<DiscoverInput, 'cursor' | 'limit'>, now: Date): Promise<unknown[] | null> {
  const [prefs] = await db.query<PreferenceRow>(
    `SELECT height_cm, education_rank, pref_age_min, pref_age_max, pref_height_min, pref_height_max, pref_education_rank, pref_county_ids
       FROM dating_profile WHERE member_id = $1`,
    [me.memberId],
  )
  const ageMin = tighter(prefs.pref_age_min, input.ageMin, Math.max)
  const ageMax = tighter(prefs.pref_age_max, input.ageMax, Math.min)
  const heightMin = tighter(prefs.pref_height_min, input.heightMin, Math.max)
  const heightMax = tighter(prefs.pref_height_max, input.heightMax, Math.min)
  const educationMin = tighter(prefs.pref_education_rank, input.educationMin ? educationRank(input.educationMin) : null, Math.max)
  let counties: number[] | null = prefs.pref_county_ids.length ? prefs.pref_county_ids : null
  if (input.countyIds?.length) counties = counties ? counties.filter((id) => input.countyIds?.includes(id)) : input.countyIds
  if ((ageMin !== null && ageMax !== null && ageMin > ageMax) || (heightMin !== null && heightMax !== null && heightMin > heightMax) || counties?.length === 0) {
    return null
  }
  const month = monthNow(now)
  return [
    // age >= ageMin ⇔ born in or before the month ageMin years ago; age <= ageMax ⇔ born after the month ageMax + 1 years ago.
    ageMin === null ? null : month - 12 * ageMin,
    ageMax === null ? null : month - 12 * ageMax - 11,
    heightMin,
    heightMax,
    educationMin,
    counties,
    ageAt(me.birthYm, now),
    prefs.height_cm,
    prefs.education_rank,
    me.countyBranchId,
  ]
}

/**
 * 推荐. Both sides' preferences must hold: the candidate's age, height, education and county in
 * mine (narrowed by the filters), and mine in theirs.
 *
 * Why a walk in steps rather than one statement: nine preference conditions, each "open or
 * within", multiply into a row estimate far below the truth (9 rows planned, 1,377 found at 20,000
 * profiles), so PostgreSQL sorted every candidate instead of reading the activity index in order
 * (127 ms). Here the index is read in order and decides the preferences by itself; only a step's
 * few survivors are checked against likes, passes and blocks.
 */
export async function discover(
  deps: Deps,
  caller: Caller,
  input: DiscoverInput,
): Promise<Page<ProfileCard> & SignedUntil & { likesLeft: number }> {
  const { db } = deps
  // A forged cursor is refused as invalid before anything else is looked at.
  const after = decodeCursor(input.cursor, discoverCursor)
  const me = await requireDater(db, caller, 'active')
  const now = new Date()
  const likesLeft = await likesLeftToday(db, me.memberId, now)
  const bounds = await discoverBounds(db, me, input, now)
  const rows: (CardRow & { active_us: string })[] = []
  let position: Position | null = after
  // Likes, passes and blocks remove a few of a step's profiles: a step of twice the page usually
  // fills it; when it does not, the next step is twice as long.
  for (let step = 2 * (input.limit + 1); bounds && rows.length <= input.limit; step *= 2) {
    const walked = await db.query<{ member_id: number; active_us: string }>(discoverWalkSql, [
      me.gender === 'male' ? 'female' : 'male',
      me.memberId,
      position?.t ?? null,
      position?.id ?? null,
      step,
      ...bounds,
    ])
    if (walked.length === 0) break
    rows.push(...(await db.query<CardRow & { active_us: string }>(discoverKeepSql, [me.memberId, walked.map((w) => w.member_id), input.limit + 1 - rows.length])))
    if (walked.length < step) break
    const last = walked[walked.length - 1]
    position = { t: Number(last.active_us), id: last.member_id }
  }
  const photos = await signPhotos(deps, rows.slice(0, input.limit).flatMap((row) => row.photo_file_ids.slice(0, 1)))
  const page = pageOf(rows, input.limit, (row) => cardOf(row, photos, now), (row) => ({ t: Number(row.active_us), id: row.member_id }))
  return { ...page, photosExpireAt: photosExpireAt(now.getTime()), likesLeft }
}

interface PersonRow extends CardRow {
  hometown: string
  intro: string
  liked: boolean
  passed: boolean
  live_match_id: number | null
  any_match: boolean
}

/**
 * One profile in full: someone I can see, or the other side of my live match (who stays reachable
 * from the chat even while paused). Anyone else is DATING_PROFILE_UNAVAILABLE, whatever the reason.
 */
export async function person(deps: Deps, caller: Caller, targetId: number): Promise<{ profile: ProfileView; relation: PersonRelation } & SignedUntil> {
  const { db } = deps
  const me = await requireDater(db, caller, 'active')
  const now = new Date()
  const [row] = await db.query<PersonRow>(
    `SELECT ${cardColumns}, p.hometown, p.intro,
            EXISTS (SELECT 1 FROM dating_like l WHERE l.member_id = $1 AND l.target_id = p.member_id) AS liked,
            EXISTS (SELECT 1 FROM dating_pass s WHERE s.member_id = $1 AND s.target_id = p.member_id) AS passed,
            m.id AS live_match_id, m.id IS NOT NULL OR EXISTS (SELECT 1 FROM dating_match e WHERE e.member_lo = LEAST($1, p.member_id) AND e.member_hi = GREATEST($1, p.member_id)) AS any_match
       FROM dating_profile p
       JOIN branch c ON c.id = p.county_branch_id
       LEFT JOIN dating_match m ON m.member_lo = LEAST($1, p.member_id) AND m.member_hi = GREATEST($1, p.member_id) AND m.ended_at IS NULL
      WHERE p.member_id = $2 AND p.member_id <> $1 AND p.approved_at IS NOT NULL`,
    [me.memberId, targetId],
  )
  const visible = row ? await canSee(db, me.memberId, targetId) : false
  if (!row || (!visible && row.live_match_id === null)) throw new AppError('DATING_PROFILE_UNAVAILABLE')
  const photos = await signPhotos(deps, row.photo_file_ids)
  const likesLeft = await likesLeftToday(db, me.memberId, now)
  return {
    profile: {
      ...cardOf(row, photos, now),
      hometown: row.hometown,
      intro: row.intro,
      photos: row.photo_file_ids.flatMap((id) => photos.get(id) ?? []),
    },
    relation: {
      liked: row.liked,
      passed: row.passed,
      matchId: row.live_match_id,
      canLike: visible && !row.liked && !row.any_match && row.gender !== me.gender && likesLeft > 0,
      likesLeft,
    },
    photosExpireAt: photosExpireAt(now.getTime()),
  }
}
