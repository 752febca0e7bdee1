import { randomInt } from 'node:crypto'
import type { CompletedVia } from '../../src/shared/api/course-common'
import { routes, withQuery } from '../../src/routes'
import type { Queryable } from '../db'
import { notify } from '../notify'
import { award } from '../points/ledger'

/** Points for completing a course (the rule's daily cap bounds a day of them). */
export const courseCompletedPoints = 10

/** 0-9 and A-Z without I and O, which read as 1 and 0 when a code is typed from paper. */
const codeAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
const codeLength = 12

/** 34^12 ≈ 5·10^18 codes: guessing one that exists is hopeless, and a clash is retried. */
export function certificateCode(): string {
  let code = ''
  for (let i = 0; i < codeLength; i += 1) code += codeAlphabet[randomInt(codeAlphabet.length)]
  return code
}

export interface Completion {
  /** False when the course was already complete: nothing was written. */
  completed: boolean
  certificateCode: string
}

/**
 * A member completes a course, online (the last lesson) or offline (attending a session): the
 * enrolment is marked once, the points paid once and the certificate issued once, in the caller's
 * transaction. Called again (a retry, a second session attended), it changes nothing and answers
 * the certificate already issued.
 */
export async function completeCourse(
  tx: Queryable,
  input: { courseId: number; memberId: number; via: CompletedVia; now?: Date },
): Promise<Completion> {
  const now = input.now ?? new Date()
  // Attending an offline session enrols a member who never opened the course online.
  const [enrolled] = await tx.query<{ inserted: boolean }>(
    `INSERT INTO course_enrolment (course_id, member_id, enrolled_at, updated_at) VALUES ($1, $2, $3, $3)
     ON CONFLICT (course_id, member_id) DO UPDATE SET updated_at = course_enrolment.updated_at
     RETURNING (xmax = 0) AS inserted`,
    [input.courseId, input.memberId, now],
  )
  if (enrolled.inserted) await tx.query('UPDATE course SET enrolled_count = enrolled_count + 1 WHERE id = $1', [input.courseId])
  const marked = await tx.query(
    `UPDATE course_enrolment SET completed_at = $3, completed_via = $4, updated_at = $3
      WHERE course_id = $1 AND member_id = $2 AND completed_at IS NULL RETURNING 1`,
    [input.courseId, input.memberId, now, input.via],
  )
  if (marked.length === 0) {
    const [issued] = await tx.query<{ code: string }>('SELECT code FROM course_certificate WHERE course_id = $1 AND member_id = $2', [input.courseId, input.memberId])
    return { completed: false, certificateCode: issued.code }
  }
  const [facts] = await tx.query<{ member_name: string; user_id: number | null; course_title: string; issuer_name: string }>(
    `SELECT m.name AS member_name, m.user_id, c.title AS course_title, b.name AS issuer_name
       FROM member m, course c JOIN branch b ON b.id = c.branch_id
      WHERE m.id = $1 AND c.id = $2`,
    [input.memberId, input.courseId],
  )
  const code = await insertCertificate(tx, { ...input, ...facts, now })
  await award(tx, { memberId: input.memberId, rule: 'course_completed', sourceRef: `course:${input.courseId}`, points: courseCompletedPoints, at: now })
  if (facts.user_id !== null) {
    await notify(tx, {
      userId: facts.user_id,
      kind: 'course_completed',
      source: `course:${input.courseId}`,
      title: `您已完成课程「${facts.course_title}」`,
      body: `结业证书已发放，证书编号 ${code}，可在“我的证书”中查看和下载。`,
      link: withQuery(routes.courseCertificate, { code }),
      payload: { title: facts.course_title, code },
    })
  }
  return { completed: true, certificateCode: code }
}

async function insertCertificate(
  tx: Queryable,
  c: { courseId: number; memberId: number; via: CompletedVia; member_name: string; course_title: string; issuer_name: string; now: Date },
): Promise<string> {
  for (;;) {
    const code = certificateCode()
    const rows = await tx.query(
      `INSERT INTO course_certificate (code, course_id, member_id, member_name, course_title, issuer_name, completed_via, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING RETURNING 1`,
      [code, c.courseId, c.memberId, c.member_name, c.course_title, c.issuer_name, c.via, c.now],
    )
    if (rows.length) return code
  }
}
