import { z } from 'zod'
import type { CertificateCheck, CertificateDetail, CertificateFile, CertificateSummary } from '../../src/shared/api/course-certificate'
import type { CompletedVia } from '../../src/shared/api/course-common'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { requireMember } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import type { Env } from '../env'
import { AppError } from '../errors'
import { insertGeneratedFile } from '../files/generated'
import { readUrlTtlSeconds } from '../files/read'
import { fileStoreOf } from '../files/storage'
import { maskName } from '../library/campaigns'
import { shanghaiDay } from '../points/calendar'
import { iso } from '../sql'
import { drawCertificate } from './certificate-pdf'

interface CertificateRow {
  id: number
  code: string
  course_id: number
  member_name: string
  course_title: string
  issuer_name: string
  completed_via: CompletedVia
  issued_at: Date
}

const columns = 'c.id, c.code, c.course_id, c.member_name, c.course_title, c.issuer_name, c.completed_via, c.issued_at'

function toSummary(row: CertificateRow): CertificateSummary {
  return {
    code: row.code,
    courseId: row.course_id,
    courseTitle: row.course_title,
    memberName: row.member_name,
    issuerName: row.issuer_name,
    via: row.completed_via,
    issuedAt: iso(row.issued_at),
    issuedDay: shanghaiDay(row.issued_at),
  }
}

/**
 * A code as typed from paper, in the form codes are issued: capitals, and O and I read as the 0
 * and 1 they must be (the alphabet has neither letter).
 */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/O/g, '0').replace(/I/g, '1')
}

/** Told for another member's certificate as for none: a code proves nothing to anyone but its owner here. */
const notFound = () => new AppError('NOT_FOUND', '证书不存在')

/** Where a certificate is checked: the public page, as a full URL where the app's address is known. */
export function verifyUrl(env: Env, code: string): string {
  const path = withQuery(routes.certificateVerify, { code })
  return env.publicUrl ? `${env.publicUrl}/#${path}` : path
}

const listCursor = z.object({ t: cursorTime, i: cursorId }).strict()

export async function myCertificates(db: Queryable, caller: Caller, input: { cursor?: string | null; limit: number }) {
  const member = requireMember(caller)
  const after = decodeCursor(input.cursor, listCursor)
  const rows = await db.query<CertificateRow>(
    `SELECT ${columns} FROM course_certificate c
      WHERE c.member_id = $1 AND ($2::timestamptz IS NULL OR (c.issued_at, c.id) < ($2::timestamptz, $3::int))
      ORDER BY c.issued_at DESC, c.id DESC LIMIT $4`,
    [member.id, after?.t ?? null, after?.i ?? 0, input.limit + 1],
  )
  return pageOf(rows, input.limit, toSummary, (r) => ({ t: iso(r.issued_at), i: r.id }))
}

async function ownCertificate(db: Queryable, caller: Caller, code: string): Promise<CertificateRow> {
  const member = requireMember(caller)
  const [row] = await db.query<CertificateRow>(`SELECT ${columns} FROM course_certificate c WHERE c.code = $1 AND c.member_id = $2`, [
    normaliseCode(code),
    member.id,
  ])
  if (!row) throw notFound()
  return row
}

export async function certificate({ db, env }: Deps, caller: Caller, code: string): Promise<CertificateDetail> {
  const row = await ownCertificate(db, caller, code)
  return { ...toSummary(row), verifyUrl: verifyUrl(env, row.code) }
}

/**
 * A short-lived URL of the certificate's PDF. The first call draws it and keeps it as a private
 * `course_certificate` file of the member's, attached to the certificate; calls at the same time
 * wait on the certificate's row lock, and all but the first find the file made.
 */
export async function certificateFile(deps: Deps, caller: Caller, code: string, nowMs = Date.now()): Promise<CertificateFile> {
  const row = await ownCertificate(deps.db, caller, code)
  const ref = await deps.db.transaction(async (tx) => {
    // The lock first, the file after it in a statement of its own: a join locked in the same
    // statement would read the file row from before the wait, and miss the one just made.
    const [locked] = await tx.query<{ file_id: number | null }>('SELECT file_id FROM course_certificate WHERE id = $1 FOR UPDATE', [row.id])
    if (locked.file_id !== null) {
      const [kept] = await tx.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [locked.file_id])
      return kept.blob_ref
    }
    const summary = toSummary(row)
    const bytes = await drawCertificate({ ...summary, issuedAt: row.issued_at, verifyUrl: verifyUrl(deps.env, row.code) })
    const file = await insertGeneratedFile(tx, deps.env, caller.userId, {
      purpose: 'course_certificate',
      name: `结业证书-${row.code}.pdf`,
      type: 'application/pdf',
      bytes,
      record: `course_certificate:${row.id}`,
    })
    await tx.query('UPDATE course_certificate SET file_id = $2 WHERE id = $1', [row.id, file.id])
    return file.blobRef
  })
  return {
    url: await fileStoreOf(deps.env).signedUrl(ref, readUrlTtlSeconds),
    expiresAt: new Date(nowMs + readUrlTtlSeconds * 1000).toISOString(),
  }
}

/**
 * Counts the codes that named no certificate, per process and per minute. Nothing identifies an
 * anonymous caller to a handler (no address reaches it), so the budget is shared: real codes are
 * always answered, and only a run of misses — someone guessing among 34^12 codes — is slowed down.
 * Each cloud-function container keeps its own count.
 */
export class MissLimiter {
  private windowStartMs = 0
  private misses = 0

  constructor(private readonly perMinute: number) {}

  /** Records one miss; false when this minute's budget is spent. */
  allow(nowMs: number): boolean {
    if (nowMs - this.windowStartMs >= 60_000) {
      this.windowStartMs = nowMs
      this.misses = 0
    }
    this.misses += 1
    return this.misses <= this.perMinute
  }
}

export const verifyMisses = new MissLimiter(120)

/**
 * The public check of a code: what the certificate says, with the member's name masked (张*梅);
 * never a phone, ID or member number, which the certificate row does not even hold.
 */
export async function verifyCertificate(db: Queryable, code: string, limiter = verifyMisses, nowMs = Date.now()): Promise<CertificateCheck> {
  const normal = normaliseCode(code)
  const [row] = await db.query<CertificateRow>(`SELECT ${columns} FROM course_certificate c WHERE c.code = $1`, [normal])
  if (!row) {
    if (!limiter.allow(nowMs)) throw new AppError('CERT_VERIFY_TOO_MANY')
    return { valid: false, code: normal }
  }
  const summary = toSummary(row)
  return {
    valid: true,
    code: normal,
    memberName: maskName(row.member_name),
    courseTitle: summary.courseTitle,
    issuerName: summary.issuerName,
    issuedDay: summary.issuedDay,
    via: summary.via,
  }
}
