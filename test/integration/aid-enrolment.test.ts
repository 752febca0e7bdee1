/**
 * 医疗互助 enrolment: an enterprise union's xlsx sheet (built here with exceljs, uploaded through
 * the file service), each bad-row kind, the refusals of a whole sheet, the participation rule,
 * idempotent submit, payment confirmation by an aid_admin strictly above, and a member alone.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import type { CellValue } from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, ActionName, ActionOutput, PlanRules } from '../../src/shared/api'
import { maxSheetRows } from '../../src/shared/aid/enrol-sheet'
import type { ApiResult } from '../../src/shared/errors'
import { xlsxType } from '../../src/shared/file-purposes'
import { dispatch } from '../../server/action'
import { loadCaller } from '../../server/caller'
import { shanghaiYear } from '../../server/points/calendar'
import type { Caller } from '../../server/caller'
import type { Env } from '../../server/env'
import { claimTicket, completeUpload, issueTicket } from '../../server/files/upload'
import { registry } from '../../server/registry'
import { hashIdNumber } from '../../server/tokens'
import { openTestApp, tokenFor } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'
import { withCheck } from '../support/id-numbers'

let app: TestApp
let env: Env
let dataDir: string
const deps = () => ({ db: app.db, env })

async function call<A extends ActionName<'aid'>>(as: number, action: A, input: ActionInput<'aid', A>): Promise<ApiResult<ActionOutput<'aid', A>>> {
  return dispatch(deps(), registry, 'aid', { action, input }, { kind: 'token', token: tokenFor(as) }) as Promise<ApiResult<ActionOutput<'aid', A>>>
}
async function ok<A extends ActionName<'aid'>>(as: number, action: A, input: ActionInput<'aid', A>): Promise<ActionOutput<'aid', A>> {
  const result = await call(as, action, input)
  if (!result.ok) throw new Error(`aid.${action} 失败：${result.error.code} ${result.error.message}`)
  return result.data
}
async function fail<A extends ActionName<'aid'>>(as: number, action: A, input: ActionInput<'aid', A>) {
  const result = await call(as, action, input)
  if (result.ok) throw new Error(`aid.${action} 本应失败，却成功了`)
  return result.error
}

async function callerOf(userId: number): Promise<Caller> {
  return (await loadCaller(app.db, userId)) as Caller
}

/** Uploads bytes as an aid_sheet through the file service, as the host's POST /upload does. */
async function upload(userId: number, bytes: Buffer): Promise<number> {
  const ticket = await issueTicket(deps(), await callerOf(userId), { purpose: 'aid_sheet', name: '参保名单.xlsx', size: bytes.length, type: xlsxType })
  const stored = await completeUpload(deps(), await claimTicket(deps(), ticket.ticket), bytes)
  return stored.id
}

async function xlsx(rows: CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('名单')
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

let idSerial = 0
/** A valid ID number, different every call. */
function newIdNumber(): string {
  idSerial += 1
  const month = String((idSerial % 9) + 1).padStart(2, '0')
  const day = String((idSerial % 18) + 10)
  return withCheck(`3304111985${month}${day}${String(idSerial).padStart(3, '0')}`)
}

interface Person {
  userId: number
  memberId: number
  name: string
  idNumber: string
}

/** A fresh enterprise under 油车港镇 with `count` members: its own participation figures. */
async function enterprise(count: number): Promise<{ branchId: number; people: Person[] }> {
  const town = await app.branchId('油车港镇总工会')
  const [branch] = await app.db.query<{ id: number }>(
    `INSERT INTO branch (parent_id, level, name, full_name, path)
     SELECT id, 4, $2, $2, path || 'new-' || $2 FROM branch WHERE id = $1 RETURNING id`,
    [town, `互助测试企业${Math.random().toString(36).slice(2, 8)}工会`],
  )
  await app.db.query(`UPDATE branch SET path = (SELECT path FROM branch WHERE id = $2) || id || '/' WHERE id = $1`, [branch.id, town])
  const people: Person[] = []
  for (let i = 0; i < count; i++) people.push(await person(branch.id, `职工${String.fromCharCode(0x4e00 + people.length + idSerial)}`))
  return { branchId: branch.id, people }
}

async function person(branchId: number, name: string): Promise<Person> {
  const idNumber = newIdNumber()
  const userId = await app.newUser(name)
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, '13800000000', $3, $4, $5) RETURNING id`,
    [userId, name, hashIdNumber(env.idHashKey, idNumber), idNumber.slice(-4), branchId],
  )
  return { userId, memberId: row.id, name, idNumber }
}

const rules: PlanRules = {
  observationDays: 90,
  deductibleFen: 80_000,
  bands: [{ uptoFen: null, ratioBp: 6000 }],
  perClaimCapFen: 2_000_000,
  yearlyCapFen: 5_000_000,
  hospitalAllowance: null,
  criticalIllness: [],
}

/** An open plan for this year, eligible city-wide. */
async function plan(fields: { participationMinBp?: number | null; individual?: boolean; contributionFen?: number } = {}): Promise<number> {
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, participation_min_bp, filing_window_days, rules, status, opened_at)
     VALUES ('测试互助计划', $1, $2, (SELECT id FROM branch WHERE level = 1), $3, $4, 180, $5, 'open', now())
     RETURNING id`,
    [shanghaiYear(new Date()), fields.contributionFen ?? 10_000, fields.individual ?? false, fields.participationMinBp ?? null, JSON.stringify(rules)],
  )
  return row.id
}

const requestId = () => `req-${Math.random().toString(36).slice(2, 12)}`
const header = ['姓名', '身份证号']

let countyAid: number
let siblingCountyAid: number
let enterpriseAdmin: number

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-aid-enrol-'))
  env = { ...testEnv, dataDir }
  countyAid = await app.newStaff('秀洲区总工会', 'aid_admin')
  siblingCountyAid = await app.newStaff('南湖区总工会', 'aid_admin')
  enterpriseAdmin = await app.newStaff('油车港镇总工会', 'admin')
})
afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('the sheet, row by row', () => {
  it('accepts good rows and gives every bad row its own error', async () => {
    const planId = await plan({ contributionFen: 12_345 })
    const { branchId, people } = await enterprise(6)
    const other = await enterprise(1)
    const [a, b, c, d, e, mismatch] = people
    const sheet = await xlsx([
      ['参保名单', null],
      header,
      [a.name, a.idNumber],
      [b.name, ` ${b.idNumber.toLowerCase()} `],
      [c.name, { formula: 'B3', result: c.idNumber }],
      [d.name, Number(d.idNumber.slice(0, 15))],
      ['查无此人', newIdNumber()],
      [a.name, a.idNumber],
      ['校验错', `${a.idNumber.slice(0, 17)}${a.idNumber[17] === '0' ? '1' : '0'}`],
      [other.people[0].name, other.people[0].idNumber],
      [mismatch.name + '某', mismatch.idNumber],
      [],
      [d.name, d.idNumber],
      ['', e.idNumber],
    ])
    const fileId = await upload(enterpriseAdmin, sheet)
    expect((await ok(enterpriseAdmin, 'enrolPlans', { branchId })).map((p) => p.id)).toContain(planId)
    const preview = await ok(enterpriseAdmin, 'enrolSheetPreview', { planId, branchId, fileId })
    const codes = Object.fromEntries(preview.errors.map((e) => [e.row, e.code]))
    // The first line is a title, not the header: the header is found on row 2.
    expect(codes).toEqual({
      5: 'formula',
      6: 'id_number_as_number',
      7: 'unknown_id',
      8: 'duplicate',
      9: 'id_number_checksum',
      10: 'not_in_branch',
      11: 'name_mismatch',
      14: 'name_missing',
    })
    expect(preview.errors.find((e) => e.row === 8)?.message).toContain('第 3 行')
    expect(preview.errors.find((e) => e.row === 6)?.message).toContain('3.30402E+17')
    expect(preview.errors.find((e) => e.row === 7)?.maskedIdNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    expect(preview).toMatchObject({ rows: 11, accepted: 3, errorCount: 8, totalFen: 3 * 12_345 })
    expect(preview.participation).toMatchObject({ members: 6, enrolled: 0, accepted: 3, ratioBp: 5000, minBp: null, ok: true })
  })

  it('refuses a member already enrolled in the plan, pending or active', async () => {
    const planId = await plan()
    const { branchId, people } = await enterprise(2)
    const first = await upload(enterpriseAdmin, await xlsx([header, [people[0].name, people[0].idNumber]]))
    await ok(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId: first, requestId: requestId() })
    const again = await upload(enterpriseAdmin, await xlsx([header, [people[0].name, people[0].idNumber], [people[1].name, people[1].idNumber]]))
    const preview = await ok(enterpriseAdmin, 'enrolSheetPreview', { planId, branchId, fileId: again })
    expect(preview.errors.map((e) => [e.row, e.code])).toEqual([[2, 'already_enrolled']])
    expect(preview.participation).toMatchObject({ members: 2, enrolled: 1, accepted: 1, ratioBp: 10_000 })
  })
})

describe('the sheet as a file', () => {
  it('is uploaded by staff only, and a workbook cut short is refused', async () => {
    const bytes = await xlsx([header])
    const { people } = await enterprise(1)
    const member = await callerOf(people[0].userId)
    await expect(issueTicket(deps(), member, { purpose: 'aid_sheet', name: '名单.xlsx', size: bytes.length, type: xlsxType })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const cut = bytes.subarray(0, bytes.length - 30)
    await expect(upload(enterpriseAdmin, cut)).rejects.toMatchObject({ code: 'FILE_CORRUPT' })
    // A PDF is no sheet, whatever its name says.
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1')
    await expect(upload(enterpriseAdmin, pdf)).rejects.toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' })
  })
})

describe('a sheet refused whole, writing nothing', () => {
  it('names the missing columns', async () => {
    const planId = await plan()
    const { branchId, people } = await enterprise(1)
    const fileId = await upload(enterpriseAdmin, await xlsx([['名字', '证件号码', '备注'], [people[0].name, people[0].idNumber, '']]))
    const before = await app.snapshot()
    const error = await fail(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: requestId() })
    expect(error.code).toBe('AID_SHEET_COLUMNS')
    expect(error.message).toContain('姓名、身份证号')
    expect(await app.snapshot()).toEqual(before)
  })

  it('refuses a file that is no workbook', async () => {
    const planId = await plan()
    const { branchId } = await enterprise(1)
    // An empty zip, no workbook in it: the service stores it, the reader refuses it.
    const notWorkbook = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(40), Buffer.from('PK\u0005\u0006', 'latin1'), Buffer.alloc(18)])
    const fileId = await upload(enterpriseAdmin, notWorkbook)
    expect((await fail(enterpriseAdmin, 'enrolSheetPreview', { planId, branchId, fileId })).code).toBe('AID_SHEET_UNREADABLE')
  })

  it(`refuses 100,000 rows quickly, without reading them all (limit ${maxSheetRows})`, async () => {
    const planId = await plan()
    const { branchId } = await enterprise(1)
    const base = newIdNumber()
    const chunks: Buffer[] = []
    const sink = new PassThrough()
    sink.on('data', (chunk: Buffer) => chunks.push(chunk))
    const streamed = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false })
    const rows = streamed.addWorksheet('名单')
    rows.addRow(header).commit()
    for (let i = 0; i < 100_000; i++) rows.addRow([`职工${i}`, base]).commit()
    await rows.commit()
    await streamed.commit()
    const bytes = Buffer.concat(chunks)
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024)
    const fileId = await upload(enterpriseAdmin, bytes)
    const before = await app.snapshot()
    const started = Date.now()
    const error = await fail(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: requestId() })
    const elapsed = Date.now() - started
    expect(error.code).toBe('AID_SHEET_TOO_MANY_ROWS')
    expect(error.message).toContain('20,000')
    expect(elapsed).toBeLessThan(15_000)
    expect(await app.snapshot()).toEqual(before)
  }, 120_000)
})

describe('participation, submit and payment', () => {
  it('refuses a sheet below the plan\'s participation rule, and submits one at it', async () => {
    const planId = await plan({ participationMinBp: 8000 })
    const { branchId, people } = await enterprise(5)
    const rows = (n: number) => [header, ...people.slice(0, n).map((p) => [p.name, p.idNumber])]
    const three = await upload(enterpriseAdmin, await xlsx(rows(3)))
    const low = await ok(enterpriseAdmin, 'enrolSheetPreview', { planId, branchId, fileId: three })
    expect(low.participation).toMatchObject({ members: 5, accepted: 3, ratioBp: 6000, minBp: 8000, ok: false })
    const before = await app.snapshot()
    const error = await fail(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId: three, requestId: requestId() })
    expect(error.code).toBe('AID_PARTICIPATION_LOW')
    expect(error.message).toContain('参保率 60% 未达到「测试互助计划」要求的 80%（3/5 人）')
    expect(await app.snapshot()).toEqual(before)
    const four = await upload(enterpriseAdmin, await xlsx(rows(4)))
    const submitted = await ok(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId: four, requestId: requestId() })
    expect(submitted.batch).toMatchObject({ status: 'pending_payment', accepted: 4, totalFen: 40_000, canConfirm: false })
  })

  it('submits once per request id, and refuses the same sheet twice', async () => {
    const planId = await plan()
    const { branchId, people } = await enterprise(3)
    const fileId = await upload(enterpriseAdmin, await xlsx([header, ...people.map((p) => [p.name, p.idNumber])]))
    const id = requestId()
    const [first, second] = await Promise.all([
      ok(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: id }),
      ok(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: id }),
    ])
    expect(second.batch.id).toBe(first.batch.id)
    expect([first.replayed, second.replayed].sort()).toEqual([false, true])
    const enrolments = await app.db.query<{ status: string; source: string }>('SELECT status, source FROM aid_enrolment WHERE batch_id = $1', [first.batch.id])
    expect(enrolments).toHaveLength(3)
    expect(enrolments.every((e) => e.status === 'pending_payment' && e.source === 'batch')).toBe(true)
    expect((await fail(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: requestId() })).code).toBe('FILE_IN_USE')
  })

  it('enrols each member once when two sheets naming them are sent at once', async () => {
    const planId = await plan()
    const { branchId, people } = await enterprise(3)
    const rows = [header, ...people.map((p) => [p.name, p.idNumber])]
    const files = [await upload(enterpriseAdmin, await xlsx(rows)), await upload(enterpriseAdmin, await xlsx([...rows, []]))]
    const results = await Promise.all(files.map((fileId) => call(enterpriseAdmin, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: requestId() })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.code]))).toEqual(['AID_NOTHING_TO_ENROL'])
    const [{ n }] = await app.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM aid_enrolment WHERE plan_id = $1 AND member_id = ANY($2::int[])',
      [planId, people.map((p) => p.memberId)],
    )
    expect(n).toBe(3)
  })

  it('is confirmed by an aid_admin above, never by the submitter, a sibling county or the branch itself', async () => {
    const planId = await plan()
    const { branchId, people } = await enterprise(2)
    // The submitter is an aid_admin of the county too: still not the one to confirm.
    const submitter = await app.newStaff('秀洲区总工会', 'aid_admin')
    const atBranch = await app.newUser('企业互助管理员')
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'aid_admin', $2)`, [atBranch, branchId])
    const fileId = await upload(submitter, await xlsx([header, ...people.map((p) => [p.name, p.idNumber])]))
    const { batch } = await ok(submitter, 'enrolSheetSubmit', { planId, branchId, fileId, requestId: requestId() })
    const input = { batchId: batch.id, paymentRef: 'ICBC20261122001' }
    const before = await app.snapshot()
    expect((await fail(submitter, 'confirmPayment', input)).code).toBe('AID_CONFIRM_OWN_BATCH')
    expect((await fail(siblingCountyAid, 'confirmPayment', input)).code).toBe('NOT_FOUND')
    expect((await fail(atBranch, 'confirmPayment', input)).code).toBe('OUT_OF_SCOPE')
    expect((await fail(enterpriseAdmin, 'confirmPayment', input)).code).toBe('FORBIDDEN')
    expect(await app.snapshot()).toEqual(before)

    const awaiting = await ok(countyAid, 'enrolBatches', { awaitingMe: true })
    expect(awaiting.items.find((b) => b.id === batch.id)).toMatchObject({ canConfirm: true, totalFen: 20_000 })
    expect((await ok(siblingCountyAid, 'enrolBatches', { awaitingMe: true })).items.some((b) => b.id === batch.id)).toBe(false)
    expect((await ok(submitter, 'enrolBatches', { awaitingMe: true })).items.some((b) => b.id === batch.id)).toBe(false)

    const confirmed = await ok(countyAid, 'confirmPayment', input)
    expect(confirmed).toMatchObject({ replayed: false, batch: { status: 'confirmed', paymentRef: 'ICBC20261122001', canConfirm: false } })
    const enrolments = await app.db.query<{ status: string; starts_on: string; observation_ends_on: string }>(
      `SELECT status, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(observation_ends_on, 'YYYY-MM-DD') AS observation_ends_on
         FROM aid_enrolment WHERE batch_id = $1`,
      [batch.id],
    )
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    expect(enrolments.map((e) => [e.status, e.starts_on])).toEqual([['active', today], ['active', today]])
    const messages = await app.db.query<{ user_id: number; link: string; body: string }>(
      `SELECT user_id, link, body FROM message WHERE kind = 'aid_enrolled' AND user_id = ANY($1::int[])`,
      [people.map((p) => p.userId)],
    )
    expect(messages.map((m) => m.user_id).sort()).toEqual(people.map((p) => p.userId).sort())
    expect(messages[0].body).toContain('测试互助计划')
    // Again with the same reference: the same answer; with another: refused.
    expect(await ok(countyAid, 'confirmPayment', input)).toMatchObject({ replayed: true })
    expect((await fail(countyAid, 'confirmPayment', { ...input, paymentRef: 'OTHER0001' })).code).toBe('AID_BATCH_NOT_PENDING')
  })
})

describe('a member enrols alone', () => {
  it('where the plan allows it, once', async () => {
    const alone = await plan({ individual: true, contributionFen: 5_000 })
    const batchOnly = await plan()
    const { people } = await enterprise(1)
    const me = people[0]
    const options = await ok(me.userId, 'enrolOptions', {})
    expect(options.map((o) => o.plan.id)).toContain(alone)
    expect(options.map((o) => o.plan.id)).not.toContain(batchOnly)
    expect((await fail(me.userId, 'enrolSelf', { planId: batchOnly, requestId: requestId() })).code).toBe('AID_INDIVIDUAL_NOT_ALLOWED')
    const id = requestId()
    const result = await ok(me.userId, 'enrolSelf', { planId: alone, requestId: id })
    expect(result.batch).toMatchObject({ kind: 'individual', accepted: 1, totalFen: 5_000, status: 'pending_payment' })
    expect(await ok(me.userId, 'enrolSelf', { planId: alone, requestId: id })).toMatchObject({ replayed: true, batch: { id: result.batch.id } })
    expect((await fail(me.userId, 'enrolSelf', { planId: alone, requestId: requestId() })).code).toBe('AID_ALREADY_ENROLLED')
    const mine = (await ok(me.userId, 'enrolOptions', {})).find((o) => o.plan.id === alone)
    expect(mine?.enrolment?.status).toBe('pending_payment')
    await ok(countyAid, 'confirmPayment', { batchId: result.batch.id, paymentRef: 'CASH-0001' })
    expect((await ok(me.userId, 'enrolOptions', {})).find((o) => o.plan.id === alone)?.enrolment?.status).toBe('active')
  })
})
