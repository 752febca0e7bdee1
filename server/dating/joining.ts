import { timingSafeEqual } from 'node:crypto'
import type { DatingStatus, JoinResult } from '../../src/shared/api/dating-profile'
import { deriveFromIdNumber } from '../../src/shared/dating/id-derived'
import { ageAt, datingConsentVersion } from '../../src/shared/dating/names'
import type { Gender, ProfileState } from '../../src/shared/dating/names'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { dayStart, shanghaiDay } from '../points/calendar'
import type { BranchRef } from '../sql'
import { audit, branchRefSql, iso, isoOrNull } from '../sql'
import { hashIdNumber } from '../tokens'
import { countyIdSql } from './dater'

/** Wrong ID numbers a member may enter in one Shanghai day before joining is refused until tomorrow. */
export const idMismatchesPerDay = 5
const mismatchAction = 'dating.join_id_mismatch'

interface LatestRevisionRow {
  status: 'pending' | 'approved' | 'rejected'
  submitted_at: Date
  reviewed_at: Date | null
  reject_reason: string | null
  nickname: string
}

/** The latest revision that was not replaced by a newer one: what the member last submitted. */
export async function latestRevision(db: Queryable, memberId: number): Promise<LatestRevisionRow | null> {
  const [row] = await db.query<LatestRevisionRow>(
    `SELECT status, submitted_at, reviewed_at, reject_reason, content->>'nickname' AS nickname
       FROM dating_revision WHERE member_id = $1 AND status <> 'superseded'
      ORDER BY id DESC LIMIT 1`,
    [memberId],
  )
  return row ?? null
}

export async function datingStatus(db: Queryable, caller: Caller): Promise<DatingStatus> {
  const member = requireMember(caller)
  const [profile] = await db.query<{
    state: ProfileState
    approved: boolean
    nickname: string | null
    suspended_until: Date | null
    state_reason: string | null
  }>(
    `SELECT state, approved_at IS NOT NULL AS approved, nickname, suspended_until, state_reason
       FROM dating_profile WHERE member_id = $1`,
    [member.id],
  )
  if (!profile) {
    return { joined: false, state: null, approved: false, nickname: null, pending: null, rejection: null, suspendedUntil: null, stateReason: null }
  }
  const latest = await latestRevision(db, member.id)
  return {
    joined: true,
    state: profile.state,
    approved: profile.approved,
    nickname: profile.nickname ?? latest?.nickname ?? null,
    pending: latest?.status === 'pending' ? { submittedAt: iso(latest.submitted_at) } : null,
    rejection:
      latest?.status === 'rejected' && latest.reject_reason !== null && latest.reviewed_at !== null
        ? { reason: latest.reject_reason, reviewedAt: iso(latest.reviewed_at) }
        : null,
    suspendedUntil: isoOrNull(profile.suspended_until),
    stateReason: profile.state === 'suspended' || profile.state === 'closed' ? profile.state_reason : null,
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Joins 鹊桥会: the entered ID number's keyed hash must be the one on record. Only the birth year,
 * month and gender it encodes are kept; the number itself is neither stored nor logged. A wrong
 * number is counted (audit_log, without the number) and the sixth in a Shanghai day is refused
 * unchecked, so the check cannot be used to guess a number; the count is taken under a per-member
 * lock, so guesses sent at once are counted one by one.
 */
export async function joinDating(
  { db, env }: Deps,
  caller: Caller,
  input: { idNumber: string; consent: true; consentVersion: string },
  now = new Date(),
): Promise<JoinResult> {
  const member = requireMember(caller)
  if (input.consentVersion !== datingConsentVersion) throw new AppError('DATING_CONSENT_OUTDATED')
  const derived = deriveFromIdNumber(input.idNumber)
  const birthYm = derived.birthYear * 12 + derived.birthMonth - 1

  // A refused number must still be counted, so the transaction answers a verdict instead of throwing.
  const verdict = await db.transaction(async (tx): Promise<{ refused: AppError } | { joined: JoinResult }> => {
    // One check at a time per member: two wrong guesses at once cannot both slip under the limit.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`dating-join:${member.id}`])
    const [mismatches] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = $2 AND created_at >= $3',
      [caller.userId, mismatchAction, dayStart(shanghaiDay(now))],
    )
    if (mismatches.n >= idMismatchesPerDay) {
      return { refused: new AppError('DATING_RATE_LIMITED', `今天身份证号码已核对失败 ${idMismatchesPerDay} 次，请明天再试`) }
    }
    const [record] = await tx.query<{ id_hash: string }>('SELECT id_hash FROM member WHERE id = $1', [member.id])
    if (!record || !sameHash(record.id_hash, hashIdNumber(env.idHashKey, input.idNumber))) {
      await audit(tx, { actor: caller.userId, action: mismatchAction, targetType: 'member', targetIds: [member.id] })
      const left = idMismatchesPerDay - mismatches.n - 1
      return { refused: new AppError('DATING_ID_MISMATCH', left > 0 ? `身份证号码与入会登记的不一致，请核对后重新填写（今天还可尝试 ${left} 次）` : undefined) }
    }
    if (ageAt(birthYm, now) < 18) throw new AppError('DATING_UNDER_AGE')
    const inserted = await tx.query(
      `INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id, consent_version, consent_at)
       SELECT m.id, m.user_id, $2, $3, $4, $5, ${countyIdSql('b.path')}, m.branch_id, $6, $7
         FROM member m JOIN branch b ON b.id = m.branch_id
        WHERE m.id = $1
       ON CONFLICT (member_id) DO NOTHING
       RETURNING member_id`,
      [member.id, derived.gender, derived.birthYear, derived.birthMonth, birthYm, input.consentVersion, now],
    )
    const [profile] = await tx.query<{ gender: Gender; birth_year: number; birth_month: number; state: ProfileState; county: BranchRef }>(
      `SELECT p.gender, p.birth_year, p.birth_month, p.state, ${branchRefSql('c')} AS county
         FROM dating_profile p JOIN branch c ON c.id = p.county_branch_id
        WHERE p.member_id = $1`,
      [member.id],
    )
    if (profile.state === 'closed') throw new AppError('DATING_CLOSED')
    return {
      joined: {
        gender: profile.gender,
        birthYear: profile.birth_year,
        birthMonth: profile.birth_month,
        county: profile.county,
        alreadyJoined: inserted.length === 0,
      },
    }
  })
  if ('refused' in verdict) throw verdict.refused
  return verdict.joined
}
