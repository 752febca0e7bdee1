import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import { datingConsentVersion } from '../../src/shared/dating/names'
import { idCheckChar } from '../../src/shared/id-number'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { createMatch, lockPair } from '../../server/dating/matches'
import { saveProfile } from '../../server/dating/profile'
import type { TextChecker } from '../../server/dating/text-check'
import { AppError } from '../../server/errors'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { datingIdNumber, insertDater, insertDatingMember } from '../support/dating-fixtures'
import { testEnv } from '../support/env'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

let fileSerial = 0
/** A ready upload of `purpose` by `owner`, as the file service leaves it. */
async function upload(owner: number, purpose: 'dating_photo' | 'dating_chat_image' = 'dating_photo'): Promise<number> {
  fileSerial += 1
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
     VALUES ($1, $2, $3, 'ready', 100, 'image/jpeg', 'image/jpeg', 100, $4, now(), now()) RETURNING id`,
    [owner, purpose, `照片${fileSerial}.jpg`, `private/dp${String(fileSerial).padStart(62, '0')}.jpg`],
  )
  return row.id
}

async function joined(gender: 'male' | 'female' = 'female', birthYear = 1994) {
  const member = await insertDatingMember(app.db, { gender, birthYear, birthMonth: 3 })
  await app.ok(member.userId, 'dating', 'join', { idNumber: member.idNumber, consent: true, consentVersion: datingConsentVersion })
  return member
}

let requestSerial = 0
function profileInput(photoFileIds: number[], overrides: Partial<ActionInput<'dating', 'saveProfile'>> = {}): ActionInput<'dating', 'saveProfile'> {
  requestSerial += 1
  return {
    nickname: '小梅',
    heightCm: 163,
    education: 'bachelor',
    occupation: '会计',
    hometown: '嘉兴秀洲',
    marital: 'never',
    intro: '喜欢周末去南湖边走走。',
    interests: ['读书', '烘焙'],
    photoFileIds,
    requestId: `profile-save-${requestSerial}`,
    ...overrides,
  }
}

async function callerOf(userId: number): Promise<Caller> {
  const caller = await loadCaller(app.db, userId)
  if (!caller) throw new Error('no caller')
  return caller
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  throw new Error('expected a refusal')
}

describe('joining 鹊桥会', () => {
  it('checks the ID number against the hash on record, keeps only birth month and gender, and answers a retry the same', async () => {
    const member = await insertDatingMember(app.db, { gender: 'male', birthYear: 1990, birthMonth: 11 })
    expect(await app.ok(member.userId, 'dating', 'status', {})).toMatchObject({ joined: false, state: null })
    const before = await app.snapshot()
    const wrong = datingIdNumber('male', 1990, 11)
    const mismatch = await app.fail(member.userId, 'dating', 'join', { idNumber: wrong, consent: true, consentVersion: datingConsentVersion })
    expect(mismatch.code).toBe('DATING_ID_MISMATCH')
    expect(mismatch.message).toContain('还可尝试 4 次')
    // Only the count of the mismatch is written, never the number.
    expect({ ...(await app.snapshot()), audit_log: 0 }).toEqual({ ...before, audit_log: 0 })
    const joinedAs = await app.ok(member.userId, 'dating', 'join', { idNumber: member.idNumber, consent: true, consentVersion: datingConsentVersion })
    expect(joinedAs).toMatchObject({ gender: 'male', birthYear: 1990, birthMonth: 11, county: { name: '秀洲区总工会' }, alreadyJoined: false })
    const retry = await app.ok(member.userId, 'dating', 'join', { idNumber: member.idNumber, consent: true, consentVersion: datingConsentVersion })
    expect(retry).toEqual({ ...joinedAs, alreadyJoined: true })
    const [profile] = await app.db.query<Record<string, unknown>>('SELECT * FROM dating_profile WHERE member_id = $1', [member.memberId])
    expect(profile).toMatchObject({ gender: 'male', birth_year: 1990, birth_month: 11, birth_ym: 1990 * 12 + 10, consent_version: datingConsentVersion, state: 'active', approved_at: null })
    const [member_] = await app.db.query<{ branch_id: number }>('SELECT branch_id FROM member WHERE id = $1', [member.memberId])
    expect(profile.unit_branch_id).toBe(member_.branch_id)
    const everywhere = JSON.stringify([profile, await app.db.query('SELECT * FROM audit_log WHERE actor_user_id = $1', [member.userId])])
    expect(everywhere).not.toContain(member.idNumber.slice(6, 14))
    expect(everywhere).not.toContain(wrong.slice(6, 14))
    expect(await app.ok(member.userId, 'dating', 'status', {})).toMatchObject({ joined: true, state: 'active', approved: false, pending: null, rejection: null })
  })

  it('refuses a non-member, a minor, an outdated consent and a sixth wrong number in a day', async () => {
    const outsider = await app.newUser('路人')
    const idNumber = datingIdNumber('female', 1990, 1)
    expect((await app.fail(outsider, 'dating', 'join', { idNumber, consent: true, consentVersion: datingConsentVersion })).code).toBe('NOT_MEMBER')
    expect((await app.fail(outsider, 'dating', 'status', {})).code).toBe('NOT_MEMBER')

    const young = new Date().getUTCFullYear() - 17
    const minor = await insertDatingMember(app.db, { gender: 'female', birthYear: young, birthMonth: 1 })
    const before = await app.snapshot()
    expect((await app.fail(minor.userId, 'dating', 'join', { idNumber: minor.idNumber, consent: true, consentVersion: datingConsentVersion })).code).toBe('DATING_UNDER_AGE')
    expect((await app.fail(minor.userId, 'dating', 'join', { idNumber: minor.idNumber, consent: true, consentVersion: '2020-old' })).code).toBe('DATING_CONSENT_OUTDATED')
    expect((await app.fail(minor.userId, 'dating', 'join', { idNumber: minor.idNumber, consent: false, consentVersion: datingConsentVersion })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)

    const guesser = await insertDatingMember(app.db, { gender: 'male', birthYear: 1988 })
    for (let i = 0; i < 5; i++) {
      const first17 = `33041119880${i + 1}15777`
      const guess = `${first17}${idCheckChar(first17)}`
      expect((await app.fail(guesser.userId, 'dating', 'join', { idNumber: guess, consent: true, consentVersion: datingConsentVersion })).code).toBe('DATING_ID_MISMATCH')
    }
    const limited = await app.fail(guesser.userId, 'dating', 'join', { idNumber: guesser.idNumber, consent: true, consentVersion: datingConsentVersion })
    expect(limited.code).toBe('DATING_RATE_LIMITED')
    expect(limited.message).toContain('明天')
    expect(await app.db.query('SELECT 1 FROM dating_profile WHERE member_id = $1', [guesser.memberId])).toEqual([])
  })
})

describe('joining under load', () => {
  // Meaningful on PostgreSQL (TEST_DB=pg), where the calls run at once; PGlite runs them one by one.
  it('counts wrong ID numbers sent at once one by one: five are checked, the rest refused', async () => {
    const guesser = await insertDatingMember(app.db, { gender: 'female', birthYear: 1991 })
    const guesses = Array.from({ length: 8 }, (_, i) => {
      const first17 = `3304111991${String(i + 1).padStart(2, '0')}20888`
      return `${first17}${idCheckChar(first17)}`
    })
    const codes = await Promise.all(
      guesses.map(async (idNumber) => (await app.fail(guesser.userId, 'dating', 'join', { idNumber, consent: true, consentVersion: datingConsentVersion })).code),
    )
    expect(codes.filter((c) => c === 'DATING_ID_MISMATCH')).toHaveLength(5)
    expect(codes.filter((c) => c === 'DATING_RATE_LIMITED')).toHaveLength(3)
    const [counted] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'dating.join_id_mismatch'`, [guesser.userId])
    expect(counted.n).toBe(5)
  })
})

describe('the profile', () => {
  it('submits text and own photos as a pending revision, supersedes a waiting one, and answers a retry the same', async () => {
    const member = await joined('female')
    const [a, b, c] = [await upload(member.userId), await upload(member.userId), await upload(member.userId)]
    const first = await app.ok(member.userId, 'dating', 'saveProfile', profileInput([a, b]))
    expect(first.contentCheck).toBe('not_run')
    const status = await app.ok(member.userId, 'dating', 'status', {})
    expect(status).toMatchObject({ joined: true, approved: false, nickname: '小梅', pending: { submittedAt: first.submittedAt } })
    const files = await app.db.query<{ id: number; record: string | null; delete_after: Date | null }>('SELECT id, record, delete_after FROM file WHERE id = ANY($1::int[]) ORDER BY id', [[a, b, c]])
    expect(files.map((f) => f.record)).toEqual([`dating_profile:${member.memberId}`, `dating_profile:${member.memberId}`, null])

    const input = profileInput([c, a], { nickname: '梅子' })
    const second = await app.ok(member.userId, 'dating', 'saveProfile', input)
    expect(await app.ok(member.userId, 'dating', 'saveProfile', input)).toEqual(second)
    const revisions = await app.db.query<{ id: number; status: string; photo_file_ids: number[] }>('SELECT id, status, photo_file_ids FROM dating_revision WHERE member_id = $1 ORDER BY id', [member.memberId])
    expect(revisions).toEqual([
      { id: first.revisionId, status: 'superseded', photo_file_ids: [a, b] },
      { id: second.revisionId, status: 'pending', photo_file_ids: [c, a] },
    ])
    // b is in neither the approved set (none yet) nor the pending revision: released.
    const [released] = await app.db.query<{ delete_after: Date | null }>('SELECT delete_after FROM file WHERE id = $1', [b])
    expect(released.delete_after).not.toBeNull()

    await app.ok(member.userId, 'dating', 'saveContact', { kind: 'wechat', value: 'meizi_2024' })
    const mine = await app.ok(member.userId, 'dating', 'myProfile', {})
    expect(mine).toMatchObject({ gender: 'female', birthYear: 1994, birthMonth: 3, approved: null, contact: { kind: 'wechat', value: 'meizi_2024' } })
    expect(mine.pending).toMatchObject({ revisionId: second.revisionId, nickname: '梅子', contentCheck: 'not_run' })
    expect(mine.pending?.photos.map((p) => p.fileId)).toEqual([c, a])
    expect(mine.pending?.photos[0].url).toBeTruthy()

    await app.db.query(
      `UPDATE dating_revision SET status = 'rejected', reviewed_by = $2, reviewed_at = now(), reject_reason = '照片不清晰' WHERE id = $1`,
      [second.revisionId, app.users.matchmaker],
    )
    expect(await app.ok(member.userId, 'dating', 'status', {})).toMatchObject({ pending: null, rejection: { reason: '照片不清晰' } })
    expect((await app.ok(member.userId, 'dating', 'myProfile', {})).rejection).toMatchObject({ reason: '照片不清晰' })
  })

  it('refuses listed words, identity fields, and another member’s photo, writing nothing', async () => {
    const member = await joined('female')
    const other = await insertDatingMember(app.db, { gender: 'female', birthYear: 1992 })
    const mine = await upload(member.userId)
    const theirs = await upload(other.userId)
    const chatImage = await upload(member.userId, 'dating_chat_image')
    const before = await app.snapshot()
    const blocked = await app.fail(member.userId, 'dating', 'saveProfile', profileInput([mine], { intro: '想认识你，加我微信吧，也可以一起理财' }))
    expect(blocked.code).toBe('DATING_TEXT_BLOCKED')
    expect(blocked.message).toContain('「加我微信」')
    expect(blocked.message).toContain('「理财」')
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([mine], { interests: ['VX聊天'] }))).code).toBe('DATING_TEXT_BLOCKED')
    for (const identity of [{ gender: 'male' }, { birthYear: 1999 }, { birthMonth: 1 }]) {
      const refused = await app.fail(member.userId, 'dating', 'saveProfile', { ...profileInput([mine]), ...identity })
      expect(refused).toEqual({ code: 'DATING_IDENTITY_FIXED', message: '性别和出生年月来自身份证，不能修改' })
    }
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([mine, theirs]))).code).toBe('DATING_PHOTO_NOT_OWN')
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([2_000_000_000]))).code).toBe('DATING_PHOTO_NOT_OWN')
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([chatImage]))).code).toBe('FILE_WRONG_PURPOSE')
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([]))).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(member.userId, 'dating', 'saveProfile', profileInput([mine, mine]))).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
  })

  it('asks WeChat about the text only in the cloud, with the caller’s openid: risky refuses, review is flagged', async () => {
    const member = await joined('male')
    await app.db.query('UPDATE app_user SET openid = $2 WHERE id = $1', [member.userId, `openid-dp-${member.userId}`])
    const photo = await upload(member.userId)
    const asked: { openid: string; content: string }[] = []
    const answering =
      (suggest: 'pass' | 'review' | 'risky' | null): TextChecker =>
      async (openid, content) => {
        asked.push({ openid, content })
        return suggest
      }
    const deps = { db: app.db, env: { ...testEnv, fileStore: 'wechat' as const } }
    const caller = await callerOf(member.userId)
    const before = await app.snapshot()
    expect(await refusal(saveProfile(deps, caller, profileInput([photo]), answering('risky')))).toBe('DATING_TEXT_RISKY')
    expect(await app.snapshot()).toEqual(before)
    expect(asked[0].openid).toBe(`openid-dp-${member.userId}`)
    expect(asked[0].content).toContain('喜欢周末去南湖边走走。')
    expect((await saveProfile(deps, caller, profileInput([photo]), answering('review'))).contentCheck).toBe('review')
    expect((await saveProfile(deps, caller, profileInput([photo]), answering('pass'))).contentCheck).toBe('pass')
    // WeChat could not answer: the matchmaker still reads it, marked as not checked.
    expect((await saveProfile(deps, caller, profileInput([photo]), answering(null))).contentCheck).toBe('not_run')
    // The listed words are checked first: WeChat is not asked about text already refused.
    const calls = asked.length
    expect(await refusal(saveProfile(deps, caller, profileInput([photo], { nickname: '借钱' }), answering('pass')))).toBe('DATING_TEXT_BLOCKED')
    expect(asked.length).toBe(calls)
    // Self-hosted: no checker at all.
    expect((await saveProfile({ db: app.db, env: testEnv }, caller, profileInput([photo]))).contentCheck).toBe('not_run')
  })

  it('saves preferences with level-2 counties only, a contact by its pattern, and 同单位隐身', async () => {
    const member = await joined('female')
    const county = await app.branchId('秀洲区总工会')
    const town = await app.branchId('油车港镇总工会')
    const before = await app.snapshot()
    const refused = await app.fail(member.userId, 'dating', 'savePreferences', { ageMin: 25, ageMax: 35, heightMin: 170, heightMax: null, educationMin: 'college', countyIds: [county, town] })
    expect(refused.code).toBe('DATING_COUNTY_INVALID')
    expect((await app.fail(member.userId, 'dating', 'savePreferences', { ageMin: 36, ageMax: 35, heightMin: null, heightMax: null, educationMin: null, countyIds: [] })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(member.userId, 'dating', 'saveContact', { kind: 'wechat', value: '1234567' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(member.userId, 'dating', 'saveContact', { kind: 'phone', value: '12345678901' })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    const saved = await app.ok(member.userId, 'dating', 'savePreferences', { ageMin: 25, ageMax: 35, heightMin: 170, heightMax: null, educationMin: 'college', countyIds: [county, county] })
    expect(saved).toMatchObject({ ageMin: 25, ageMax: 35, heightMin: 170, heightMax: null, educationMin: 'college', counties: [{ id: county, name: '秀洲区总工会' }] })
    const [row] = await app.db.query<{ pref_education_rank: number; pref_county_ids: number[] }>('SELECT pref_education_rank, pref_county_ids FROM dating_profile WHERE member_id = $1', [member.memberId])
    expect(row).toEqual({ pref_education_rank: 3, pref_county_ids: [county] })
    expect(await app.ok(member.userId, 'dating', 'saveContact', { kind: 'phone', value: '13912345678' })).toEqual({ kind: 'phone' })
    expect(await app.ok(member.userId, 'dating', 'setHideFromUnit', { hide: true })).toEqual({ hideFromUnit: true })
    expect((await app.ok(member.userId, 'dating', 'myProfile', {})).preferences.counties.map((c) => c.id)).toEqual([county])
  })

  it('pauses and resumes, but leaves a suspension to the matchmaker', async () => {
    const member = await insertDater(app.db, { gender: 'female', birthYear: 1993 })
    expect(await app.ok(member.userId, 'dating', 'pause', {})).toEqual({ state: 'paused' })
    expect(await app.ok(member.userId, 'dating', 'pause', {})).toEqual({ state: 'paused' })
    expect((await app.ok(member.userId, 'dating', 'status', {})).state).toBe('paused')
    expect(await app.ok(member.userId, 'dating', 'resume', {})).toEqual({ state: 'active' })
    const suspended = await insertDater(app.db, { gender: 'male', birthYear: 1990, state: 'suspended' })
    expect((await app.fail(suspended.userId, 'dating', 'resume', {})).code).toBe('DATING_SUSPENDED')
    expect((await app.fail(suspended.userId, 'dating', 'pause', {})).code).toBe('DATING_SUSPENDED')
    const closed = await insertDater(app.db, { gender: 'male', birthYear: 1990, state: 'closed' })
    expect((await app.fail(closed.userId, 'dating', 'myProfile', {})).code).toBe('DATING_CLOSED')
    expect((await app.ok(closed.userId, 'dating', 'status', {})).state).toBe('closed')
  })
})

describe('deleting the profile', () => {
  it('erases the profile, its photos, likes and chats, and ends its matches', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1992 })
    const photo = await upload(she.userId)
    await app.db.query('UPDATE file SET record = $2 WHERE id = $1', [photo, `dating_profile:${she.memberId}`])
    await app.db.query('UPDATE dating_profile SET photo_file_ids = $2 WHERE member_id = $1', [she.memberId, [photo]])
    const he = await insertDater(app.db, { gender: 'male', birthYear: 1990 })
    const other = await insertDater(app.db, { gender: 'male', birthYear: 1989 })
    await app.db.query('INSERT INTO dating_like (member_id, target_id) VALUES ($1, $2), ($2, $1), ($3, $1)', [she.memberId, he.memberId, other.memberId])
    await app.db.query('INSERT INTO dating_block (member_id, target_id) VALUES ($1, $2)', [other.memberId, she.memberId])
    const { matchId } = await app.db.transaction(async (tx) => {
      await lockPair(tx, she.memberId, he.memberId)
      return createMatch(tx, she.memberId, he.memberId, 'like')
    })
    const image = await upload(she.userId, 'dating_chat_image')
    await app.db.query(`UPDATE file SET record = $2 WHERE id = $1`, [image, `dating_match:${matchId}`])
    await app.db.query(
      `INSERT INTO dating_message (match_id, sender_id, kind, body, file_id, request_id)
       VALUES ($1, $2, 'text', '你好', NULL, 'dp-msg-1'), ($1, $3, 'image', NULL, $4, 'dp-msg-2')`,
      [matchId, she.memberId, he.memberId, image],
    )
    expect((await app.fail(she.userId, 'dating', 'deleteProfile', { confirm: false })).code).toBe('VALIDATION_FAILED')
    expect(await app.ok(she.userId, 'dating', 'deleteProfile', { confirm: true })).toEqual({ deleted: true })

    expect(await app.db.query('SELECT 1 FROM dating_profile WHERE member_id = $1', [she.memberId])).toEqual([])
    expect(await app.db.query('SELECT 1 FROM dating_like WHERE $1 IN (member_id, target_id)', [she.memberId])).toEqual([])
    expect(await app.db.query('SELECT 1 FROM dating_block WHERE $1 IN (member_id, target_id)', [she.memberId])).toEqual([])
    expect(await app.db.query('SELECT 1 FROM dating_message WHERE match_id = $1', [matchId])).toEqual([])
    const [match] = await app.db.query<{ end_reason: string; ended_by: number }>('SELECT end_reason, ended_by FROM dating_match WHERE id = $1', [matchId])
    expect(match).toEqual({ end_reason: 'deleted', ended_by: she.memberId })
    const files = await app.db.query<{ released: boolean }>('SELECT delete_after IS NOT NULL AS released FROM file WHERE id = ANY($1::int[])', [[photo, image]])
    expect(files).toEqual([{ released: true }, { released: true }])
    expect(await app.ok(she.userId, 'dating', 'status', {})).toMatchObject({ joined: false })
    expect((await app.ok(he.userId, 'dating', 'status', {})).joined).toBe(true)
    // Joining again starts afresh.
    await app.ok(she.userId, 'dating', 'join', { idNumber: she.idNumber, consent: true, consentVersion: datingConsentVersion })
    expect((await app.ok(she.userId, 'dating', 'myProfile', {})).approved).toBeNull()
  })
})
