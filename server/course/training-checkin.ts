import { createHmac, timingSafeEqual } from 'node:crypto'
import type { SignupStatus } from '../../src/shared/api/course-common'
import type { CheckinCode, CheckinResult, CourseRef } from '../../src/shared/api/course-training'
import { requireMember } from '../caller'
import type { Caller } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { iso } from '../sql'
import { completeCourse } from './completion'
import { courseRefSql, isDecider } from './training-scope'
import { checkinLeadMs } from './training-sessions'

/**
 * 扫码签到 (issue 12 §2). The organiser's page shows a QR of a code that changes every minute: the
 * session's id and an HMAC, under the session's own secret, of the id and the minute. A code is
 * accepted in its minute and the next, so one photographed and sent home is useless a minute or two
 * later, and a code cannot be made without the secret. Attending a session completes its course.
 */

const windowMs = 60_000
/** A code this many minutes old is reported as expired rather than unknown (a member who waited). */
const expiredLookbackWindows = 60
/** The certificate code's alphabet: no I or O, which read as 1 and 0 when typed. */
const codeAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const codeChars = 8

function windowOf(at: Date): number {
  return Math.floor(at.getTime() / windowMs)
}

function codeDigest(secret: string, sessionId: number, window: number): string {
  const mac = createHmac('sha256', secret).update(`${sessionId}:${window}`).digest()
  let text = ''
  for (let i = 0; i < codeChars; i += 1) text += codeAlphabet[mac[i] % codeAlphabet.length]
  return text
}

export function checkinCodeFor(secret: string, sessionId: number, at: Date): string {
  return `${sessionId}-${codeDigest(secret, sessionId, windowOf(at))}`
}

/** The code of this minute for the QR on the organiser's screen (also 联谊活动's, issue 13). */
export function checkinCodeView(secret: string, id: number, now: Date): CheckinCode {
  return { code: checkinCodeFor(secret, id, now), validUntil: iso(new Date((windowOf(now) + 2) * windowMs)), serverNow: iso(now) }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** 'valid' in this minute or the last, 'expired' within the hour before, else 'invalid'. */
export function judgeCode(secret: string, sessionId: number, digest: string, now: Date): 'valid' | 'expired' | 'invalid' {
  const current = windowOf(now)
  for (let back = 0; back <= expiredLookbackWindows; back += 1) {
    if (sameText(codeDigest(secret, sessionId, current - back), digest)) return back <= 1 ? 'valid' : 'expired'
  }
  return 'invalid'
}

interface CheckinSession {
  id: number
  course: CourseRef
  organiser_path: string
  checkin_secret: string
  starts_at: Date
  ends_at: Date
  status: 'scheduled' | 'cancelled' | 'finished'
}

async function loadCheckinSession(db: Queryable, sessionId: number, lock: '' | 'FOR SHARE OF s'): Promise<CheckinSession | null> {
  const [row] = await db.query<CheckinSession>(
    `SELECT s.id, ${courseRefSql('c')} AS course, ob.path AS organiser_path, s.checkin_secret, s.starts_at, s.ends_at, s.status
       FROM course_session s JOIN course c ON c.id = s.course_id JOIN branch ob ON ob.id = s.organiser_branch_id
      WHERE s.id = $1 ${lock}`,
    [sessionId],
  )
  return row ?? null
}

function requireCheckinOpen(session: CheckinSession, now: Date): void {
  if (session.status === 'cancelled') throw new AppError('TRAINING_SESSION_STATE', '该场培训已取消')
  if (session.status === 'finished' || now.getTime() < session.starts_at.getTime() - checkinLeadMs || now > session.ends_at) {
    throw new AppError('TRAINING_CHECKIN_CLOSED')
  }
}

/** The organiser's staff: the code of this minute, for the QR on their screen. */
export async function checkinCode(db: Queryable, caller: Caller, sessionId: number, now = new Date()): Promise<CheckinCode> {
  const session = await loadCheckinSession(db, sessionId, '')
  if (!session || !isDecider(caller, session.organiser_path)) throw new AppError('NOT_FOUND', '培训场次不存在')
  requireCheckinOpen(session, now)
  return checkinCodeView(session.checkin_secret, sessionId, now)
}

/**
 * A member checks in with the code: only with a place (signed), only while check-in is open. The
 * sign-up row is locked, so a double scan or a retry finds it attended and answers the same; the
 * session is share-locked, so a cancellation or a sign-up change waits for the check-in.
 */
export async function checkIn(db: Db, caller: Caller, code: string, now = new Date()): Promise<CheckinResult> {
  const member = requireMember(caller)
  const [idText, digest] = code.split('-')
  const sessionId = Number(idText)
  return db.transaction(async (tx) => {
    const session = sessionId <= 2_147_483_647 ? await loadCheckinSession(tx, sessionId, 'FOR SHARE OF s') : null
    if (!session) throw new AppError('TRAINING_CHECKIN_CODE_INVALID')
    const judged = judgeCode(session.checkin_secret, sessionId, digest, now)
    if (judged === 'invalid') throw new AppError('TRAINING_CHECKIN_CODE_INVALID')
    if (judged === 'expired') throw new AppError('TRAINING_CHECKIN_CODE_EXPIRED')
    if (isDecider(caller, session.organiser_path)) throw new AppError('TRAINING_SELF_SERVICE')
    const [mine] = await tx.query<{ status: SignupStatus; checked_in_at: Date | null }>(
      'SELECT status, checked_in_at FROM course_session_signup WHERE session_id = $1 AND member_id = $2 FOR UPDATE',
      [sessionId, member.id],
    )
    if (mine?.status === 'attended' && mine.checked_in_at) {
      const [cert] = await tx.query<{ code: string }>('SELECT code FROM course_certificate WHERE course_id = $1 AND member_id = $2', [session.course.id, member.id])
      return { sessionId, course: session.course, checkedInAt: iso(mine.checked_in_at), certificateCode: cert.code, firstTime: false }
    }
    requireCheckinOpen(session, now)
    if (mine?.status !== 'signed') {
      throw new AppError('TRAINING_NOT_SIGNED', mine?.status === 'waitlisted' ? '您还在候补名单中，没有获得名额，不能签到' : undefined)
    }
    await tx.query(
      `UPDATE course_session_signup SET status = 'attended', checked_in_at = $3, updated_at = $3 WHERE session_id = $1 AND member_id = $2`,
      [sessionId, member.id, now],
    )
    const completion = await completeCourse(tx, { courseId: session.course.id, memberId: member.id, via: 'offline', now })
    return { sessionId, course: session.course, checkedInAt: iso(now), certificateCode: completion.certificateCode, firstTime: true }
  })
}
