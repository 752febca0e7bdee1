import { z } from 'zod'
import { cursorSchema, limitSchema } from './common'
import type { CompletedVia } from './course-common'

/**
 * 职工课堂, part certificate (issue 12 §1): a completed course's 结业证书 — the member's list,
 * one certificate, its PDF (drawn on the first download and kept), and the public check of a
 * code that anyone holding the paper may run, signed in or not.
 */

/**
 * A certificate code as people type it from paper: 12 letters and digits, any case. The server
 * reads it in capitals with O as 0 and I as 1 (codes never hold O or I: server/course/completion.ts).
 */
export const certificateCodeSchema = z
  .string({ error: '请输入证书编号' })
  .trim()
  .regex(/^[0-9A-Za-z]{12}$/, '证书编号为 12 位字母或数字')

const codeInput = z.object({ code: certificateCodeSchema }).strict()

export const certificateSchemas = {
  /** The caller's certificates, newest first. */
  myCertificates: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  /** One of the caller's own certificates (anyone else's reads as not found). */
  certificate: codeInput,
  /** A short-lived URL of the certificate's PDF, drawn and stored on the first call. */
  certificateFile: codeInput,
  /** Public: whether a code names a certificate, with the member's name masked. */
  verifyCertificate: codeInput,
}

export interface CertificateSummary {
  code: string
  courseId: number
  courseTitle: string
  /** The member's name as it was on the day of issue. */
  memberName: string
  /** The union that runs the course (its branch's name). */
  issuerName: string
  via: CompletedVia
  issuedAt: string
  /** The Shanghai day of issue, YYYY-MM-DD. */
  issuedDay: string
}

export interface CertificateDetail extends CertificateSummary {
  /** The public verify page for this code (the app's full address where the server knows it), for the QR code. */
  verifyUrl: string
}

export interface CertificateFile {
  url: string
  expiresAt: string
}

/** A well-formed code that names no certificate is not an error: the page says so calmly. */
export type CertificateCheck =
  | { valid: true; code: string; memberName: string; courseTitle: string; issuerName: string; issuedDay: string; via: CompletedVia }
  | { valid: false; code: string }

export interface CertificateOutputs {
  myCertificates: { items: CertificateSummary[]; nextCursor: string | null }
  certificate: CertificateDetail
  certificateFile: CertificateFile
  verifyCertificate: CertificateCheck
}
