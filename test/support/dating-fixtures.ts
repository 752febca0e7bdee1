import { countyIdSql } from '../../server/dating/dater'
import type { Queryable } from '../../server/db'
import { hashIdNumber } from '../../server/tokens'
import { educationRank } from '../../src/shared/dating/names'
import type { ContactKind, Education, Gender, Marital, ProfileState } from '../../src/shared/dating/names'
import { testEnv } from './env'
import { withCheck } from './id-numbers'

let serial = 0

/**
 * A checksum-valid ID number for a birth month and gender (the 17th digit is odd for men). Each
 * call gives a new number (500 sequence numbers per day, then the next day of the month), since
 * one ID number binds one member.
 */
export function datingIdNumber(gender: Gender, birthYear: number, birthMonth: number): string {
  const n = serial++
  const day = 1 + (Math.floor(n / 500) % 28)
  const seq = String((n % 500) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0')
  return withCheck(`330411${birthYear}${String(birthMonth).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`)
}

export interface DatingMemberFixture {
  gender: Gender
  birthYear: number
  birthMonth?: number
  /** The member's branch, by name (default: the demo member's enterprise in 秀洲区). */
  branchName?: string
  name?: string
}

/**
 * An approved member with an account, NOT yet in 鹊桥会: its ID number is returned so a test can
 * join with it (the hash on record is made under the test key, as the app makes it).
 */
export async function insertDatingMember(db: Queryable, fields: DatingMemberFixture): Promise<{ userId: number; memberId: number; idNumber: string }> {
  const idNumber = datingIdNumber(fields.gender, fields.birthYear, fields.birthMonth ?? 6)
  const name = fields.name ?? (fields.gender === 'male' ? '测试男会员' : '测试女会员')
  const [user] = await db.query<{ id: number }>('INSERT INTO app_user (nickname) VALUES ($1) RETURNING id', [name])
  const [member] = await db.query<{ id: number }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT $1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, '13900000000', $3, $4, b.id
       FROM branch b WHERE b.name = $5 RETURNING id`,
    [user.id, name, hashIdNumber(testEnv.idHashKey, idNumber), idNumber.slice(-4), fields.branchName ?? '嘉兴恒创电子有限公司工会'],
  )
  if (!member) throw new Error(`fixture: no branch ${fields.branchName}`)
  return { userId: user.id, memberId: member.id, idNumber }
}

export interface DaterFixture extends DatingMemberFixture {
  nickname?: string
  heightCm?: number
  education?: Education
  occupation?: string
  marital?: Marital
  interests?: string[]
  /** Photos already uploaded as dating_photo files (attached to the profile by the fixture). */
  photoFileIds?: number[]
  /** Default true: a matchmaker approved it. */
  approved?: boolean
  state?: ProfileState
  prefAge?: [number | null, number | null]
  prefHeight?: [number | null, number | null]
  prefEducation?: Education | null
  prefCountyNames?: string[]
  hideFromUnit?: boolean
  contact?: { kind: ContactKind; value: string } | null
}

/**
 * A member who joined 鹊桥会, inserted directly as the joining and review pages leave them (the
 * profile and review parts have their own tests of those). Returns the member's ids.
 */
export async function insertDater(db: Queryable, fields: DaterFixture): Promise<{ userId: number; memberId: number; idNumber: string }> {
  const member = await insertDatingMember(db, fields)
  const approved = fields.approved ?? true
  const birthMonth = fields.birthMonth ?? 6
  const counties = fields.prefCountyNames?.length
    ? (await db.query<{ id: number }>('SELECT id FROM branch WHERE name = ANY($1::text[])', [fields.prefCountyNames])).map((r) => r.id)
    : []
  const education = fields.education ?? 'bachelor'
  await db.query(
    `INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id,
                                 consent_version, consent_at, state, suspended_until, approved_at, nickname, height_cm, education, education_rank,
                                 occupation, hometown, marital, intro, interests, photo_file_ids,
                                 pref_age_min, pref_age_max, pref_height_min, pref_height_max, pref_education_rank, pref_county_ids,
                                 hide_from_unit, contact_kind, contact)
     SELECT m.id, m.user_id, $2, $3::int, $4::int, $3::int * 12 + $4::int - 1, ${countyIdSql('b.path')}, b.id,
            'fixture', now(), $5::text, CASE WHEN $5::text = 'suspended' THEN now() + interval '7 days' END, CASE WHEN $6::boolean THEN now() END,
            $7, $8, $9, $10, $11, '嘉兴', $12, '你好，我是测试会员。', $13::text[], $14::int[],
            $15, $16, $17, $18, $19, $20::int[], $21, $22, $23
       FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1`,
    [
      member.memberId, fields.gender, fields.birthYear, birthMonth, fields.state ?? 'active', approved,
      fields.nickname ?? (fields.gender === 'male' ? '阿明' : '小雨'), fields.heightCm ?? (fields.gender === 'male' ? 175 : 162),
      education, educationRank(education), fields.occupation ?? '工程师', fields.marital ?? 'never', fields.interests ?? ['旅行', '读书'],
      fields.photoFileIds ?? [], fields.prefAge?.[0] ?? null, fields.prefAge?.[1] ?? null, fields.prefHeight?.[0] ?? null, fields.prefHeight?.[1] ?? null,
      fields.prefEducation ? educationRank(fields.prefEducation) : null, counties, fields.hideFromUnit ?? false,
      fields.contact === null ? null : (fields.contact?.kind ?? 'wechat'), fields.contact === null ? null : (fields.contact?.value ?? `wx_member_${member.memberId}`),
    ],
  )
  if (fields.photoFileIds?.length) {
    await db.query(`UPDATE file SET record = $2 WHERE id = ANY($1::int[])`, [fields.photoFileIds, `dating_profile:${member.memberId}`])
  }
  return member
}
