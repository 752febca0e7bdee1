/**
 * 结业证书 (issue 12 §1): a member's certificates, one certificate only for its owner, its PDF
 * (a real PDF, drawn once even when asked for twice at once), and the public check of a code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, ActionName, ActionOutput } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { dispatch } from '../../server/action'
import { verifyCertificate, MissLimiter } from '../../server/course/certificate'
import { completeCourse } from '../../server/course/completion'
import type { Env } from '../../server/env'
import { registry } from '../../server/registry'
import { chineseDate } from '../../src/shared/course/certificate-text'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertCourse } from '../support/course-fixtures'
import { testEnv } from '../support/env'

let app: TestApp
let env: Env
let dataDir: string
/** 张晓梅's certificates (the second course completed a day later), and 陈建国's. */
const codes = { first: '', second: '', sibling: '' }
const courseTitle = '红船精神：从南湖出发的初心与使命'

/** The course function through dispatch, with a data directory of this test's own for the PDFs. */
async function call<A extends ActionName<'course'>>(as: number | null, action: A, input: ActionInput<'course', A>): Promise<ApiResult<ActionOutput<'course', A>>> {
  const source = { kind: 'token' as const, token: as === null ? null : app.tokenFor(as) }
  return dispatch({ db: app.db, env }, registry, 'course', { action, input }, source) as Promise<ApiResult<ActionOutput<'course', A>>>
}
async function ok<A extends ActionName<'course'>>(as: number | null, action: A, input: ActionInput<'course', A>): Promise<ActionOutput<'course', A>> {
  const result = await call(as, action, input)
  if (!result.ok) throw new Error(`${action}: ${result.error.code} ${result.error.message}`)
  return result.data
}

async function complete(userId: number, title: string, at: Date): Promise<string> {
  const { courseId } = await insertCourse(app.db, {
    title,
    branchName: '秀洲区总工会',
    createdBy: app.users['county-course-editor'],
    lessons: [{ title: '读本', kind: 'article', html: '<p>红船精神，是中国革命精神之源。</p>' }],
  })
  const [member] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [userId])
  const done = await app.db.transaction((tx) => completeCourse(tx, { courseId, memberId: member.id, via: 'online', now: at }))
  return done.certificateCode
}

/** The PDF behind a signed /files/private URL, read from this test's data directory. */
function pdfAt(url: string): Buffer {
  const name = /^\/files\/private\/([0-9a-f]{64}\.pdf)\?exp=\d+&sig=/.exec(url)?.[1]
  if (!name) throw new Error(`not a signed private URL: ${url}`)
  return readFileSync(join(dataDir, 'files', 'private', name))
}

/**
 * A text entry of the PDF's document information. pdfkit writes each as an object of its own
 * (`/Title 15 0 R`), a literal string of UTF-16BE bytes after a byte-order mark when the text is
 * not ASCII, with parentheses, backslashes and line breaks escaped.
 */
function pdfInfo(pdf: Buffer, key: string): string {
  const text = pdf.toString('latin1')
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(text)
  if (!ref) throw new Error(`no /${key}`)
  const start = text.indexOf(`\n${ref[1]} 0 obj\n(`)
  if (start < 0) throw new Error(`no object ${ref[1]}`)
  const bytes: number[] = []
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 }
  for (let i = text.indexOf('(', start) + 1; text[i] !== ')'; i += 1) {
    if (text[i] === '\\') {
      i += 1
      bytes.push(escapes[text[i]] ?? text.charCodeAt(i))
    } else bytes.push(text.charCodeAt(i))
  }
  const raw = Buffer.from(bytes)
  return raw[0] === 0xfe && raw[1] === 0xff ? raw.subarray(2).swap16().toString('utf16le') : raw.toString('latin1')
}

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-cert-'))
  env = { ...testEnv, dataDir }
  codes.first = await complete(app.users.member, courseTitle, new Date('2026-03-01T02:00:00Z'))
  codes.second = await complete(app.users.member, '安全生产第一课', new Date('2026-03-01T17:30:00Z'))
  codes.sibling = await complete(app.users['sibling-member'], '劳模工匠精神', new Date('2026-03-02T02:00:00Z'))
})
afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('my certificates', () => {
  it('lists the member’s own certificates newest first, page by page', async () => {
    const first = await ok(app.users.member, 'myCertificates', { limit: 1 })
    expect(first.items.map((c) => c.code)).toEqual([codes.second])
    // Issued at 01:30 on 2 March in Shanghai: the day is Shanghai's, not UTC's.
    expect(first.items[0]).toMatchObject({ courseTitle: '安全生产第一课', memberName: '张晓梅', issuerName: '秀洲区总工会', via: 'online', issuedDay: '2026-03-02' })
    const second = await ok(app.users.member, 'myCertificates', { limit: 1, cursor: first.nextCursor })
    expect(second).toMatchObject({ items: [{ code: codes.first, courseTitle }], nextCursor: null })
    const sibling = await ok(app.users['sibling-member'], 'myCertificates', { limit: 20 })
    expect(sibling.items.map((c) => c.code)).toEqual([codes.sibling])
  })

  it('shows a certificate to its owner only, however the code is typed', async () => {
    const typed = codes.first.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'I')
    expect(await ok(app.users.member, 'certificate', { code: typed })).toMatchObject({
      code: codes.first,
      courseTitle,
      issuedDay: '2026-03-01',
      verifyUrl: `https://jxgh.example/#/pages/verify/certificate/index?code=${codes.first}`,
    })
    expect(await call(app.users['sibling-member'], 'certificate', { code: codes.first })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call(app.users['course-editor'], 'certificate', { code: codes.first })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } })
    expect(await call(null, 'certificate', { code: codes.first })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(await call(app.users.member, 'certificate', { code: 'ABC' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
  })
})

describe('the PDF', () => {
  it('is a real PDF with the course, the member and the code, stored once as the member’s private file', async () => {
    const file = await ok(app.users.member, 'certificateFile', { code: codes.first })
    const pdf = pdfAt(file.url)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF')
    expect(pdfInfo(pdf, 'Title')).toBe(`结业证书：${courseTitle}`)
    expect(pdfInfo(pdf, 'Subject')).toBe(`张晓梅完成课程《${courseTitle}》，证书编号 ${codes.first}`)
    expect(pdfInfo(pdf, 'Author')).toBe('秀洲区总工会')
    // The serif font is embedded as a subset of the glyphs used, not its 15 MB.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/)
    expect(pdf.length).toBeLessThan(200_000)
    const [row] = await app.db.query<{ purpose: string; owner_user_id: number; record: string; type: string }>(
      `SELECT f.purpose, f.owner_user_id, f.record, f.type FROM course_certificate c JOIN file f ON f.id = c.file_id WHERE c.code = $1`,
      [codes.first],
    )
    expect(row).toMatchObject({ purpose: 'course_certificate', owner_user_id: app.users.member, type: 'application/pdf' })
    expect(row.record).toMatch(/^course_certificate:\d+$/)
    // Asked again: the same file, not a second drawing.
    const again = await ok(app.users.member, 'certificateFile', { code: codes.first })
    expect(again.url.split('?')[0]).toBe(file.url.split('?')[0])
    const [count] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM file WHERE purpose = 'course_certificate'`)
    expect(count.n).toBe(1)
  })

  it('is refused to anyone but the owner, writing nothing', async () => {
    const before = await app.snapshot()
    expect(await call(app.users['sibling-member'], 'certificateFile', { code: codes.second })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await call(app.users['county-course-editor'], 'certificateFile', { code: codes.second })).toMatchObject({ ok: false, error: { code: 'NOT_MEMBER' } })
    expect(await app.snapshot()).toEqual(before)
    const [row] = await app.db.query<{ file_id: number | null }>('SELECT file_id FROM course_certificate WHERE code = $1', [codes.second])
    expect(row.file_id).toBeNull()
  })

  it('writes the date beside the seal in Chinese numerals', () => {
    expect(chineseDate('2026-11-22')).toBe('二〇二六年十一月二十二日')
    expect(chineseDate('2030-01-05')).toBe('二〇三〇年一月五日')
    expect(chineseDate('2026-10-30')).toBe('二〇二六年十月三十日')
  })

  it.runIf(process.env.TEST_DB === 'pg')('is drawn once when the first downloads come at the same moment (PostgreSQL)', async () => {
    const files = await Promise.all(Array.from({ length: 4 }, () => ok(app.users['sibling-member'], 'certificateFile', { code: codes.sibling })))
    expect(new Set(files.map((f) => f.url.split('?')[0])).size).toBe(1)
    const rows = await app.db.query<{ id: number }>(
      `SELECT f.id FROM file f JOIN course_certificate c ON f.record = 'course_certificate:' || c.id WHERE c.code = $1`,
      [codes.sibling],
    )
    expect(rows).toHaveLength(1)
  })
})

describe('the public check', () => {
  it('confirms a real code to anyone, signed out too, with the name masked and nothing personal', async () => {
    const check = await ok(null, 'verifyCertificate', { code: codes.first.toLowerCase() })
    expect(check).toEqual({ valid: true, code: codes.first, memberName: '张*梅', courseTitle, issuerName: '秀洲区总工会', issuedDay: '2026-03-01', via: 'online' })
    const [member] = await app.db.query<{ phone: string; id_last4: string; member_no: string }>('SELECT phone, id_last4, member_no FROM member WHERE user_id = $1', [
      app.users.member,
    ])
    const shown = JSON.stringify(await ok(app.users['sibling-member'], 'verifyCertificate', { code: codes.first }))
    for (const secret of [member.phone, member.member_no, member.id_last4, '张晓梅']) expect(shown).not.toContain(secret)
  })

  it('says calmly that a well-formed unknown code names no certificate, and refuses a malformed one', async () => {
    expect(await ok(null, 'verifyCertificate', { code: 'ZZZZZZZZZZZZ' })).toEqual({ valid: false, code: 'ZZZZZZZZZZZZ' })
    for (const code of ['ZZZZ', 'ZZZZ-ZZZZ-ZZZZ', '张晓梅张晓梅张晓梅张晓梅', '']) {
      expect(await call(null, 'verifyCertificate', { code })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    }
  })

  it('slows down a run of misses, never a real code', async () => {
    const limiter = new MissLimiter(3)
    const at = Date.parse('2026-03-01T00:00:00Z')
    for (let i = 0; i < 3; i += 1) expect(await verifyCertificate(app.db, `ZZZZZZZZZZZ${i}`, limiter, at)).toMatchObject({ valid: false })
    await expect(verifyCertificate(app.db, 'ZZZZZZZZZZZ9', limiter, at + 1000)).rejects.toMatchObject({ code: 'CERT_VERIFY_TOO_MANY', status: 429 })
    expect(await verifyCertificate(app.db, codes.second, limiter, at + 2000)).toMatchObject({ valid: true })
    expect(await verifyCertificate(app.db, 'ZZZZZZZZZZZ9', limiter, at + 61_000)).toMatchObject({ valid: false })
  })
})
