/**
 * One-stop settlement imports: the file read row by row (CSV and xlsx), rows matched to
 * enrolments by the keyed ID hash within the importer's scope, the 互助金 checked against the
 * engine, flags and their resolution, re-imports that count nothing twice, and the batch path
 * checked against applyPayout row by row.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput, ActionName, SettlementImport, SettlementOutcome, SettlementRowView } from '../../src/shared/api'
import { demoAidRules } from '../../server/seed/demo-aid'
import type { ApiResult } from '../../src/shared/errors'
import { dispatch } from '../../server/action'
import { createEnrolments } from '../../server/aid/coverage'
import { applyPayout } from '../../server/aid/payout'
import { continueSettlementImports, processSettlementImport, settlementBatchRows } from '../../server/aid/settlement'
import { settlementBill } from '../../server/aid/settlement-payouts'
import { yuanToFen } from '../../server/aid/settlement-file'
import type { SettlementRow } from '../../server/aid/settlement-file'
import { loadCaller } from '../../server/caller'
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
const admins = { county: 0, city: 0, otherCounty: 0, town: 0 }
let planId = 0

/** The demo plan's rules: the figures below are worked out from them. */
const rules = demoAidRules

const header = '身份证号,医院,入院日期,出院日期,总费用,医保支付,自付,互助金支付'

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-settle-'))
  env = { ...testEnv, dataDir }
  admins.county = await app.newStaff('秀洲区总工会', 'aid_admin')
  admins.city = await app.newStaff('嘉兴市总工会', 'aid_admin')
  admins.otherCounty = await app.newStaff('南湖区总工会', 'aid_admin')
  admins.town = await app.newStaff('油车港镇总工会', 'aid_admin')
  const [plan] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, filing_window_days, rules, status, opened_at)
     VALUES ('职工医疗互助 2026', 2026, 10000, $1, 180, $2, 'open', now()) RETURNING id`,
    [await app.branchId('嘉兴市总工会'), JSON.stringify(rules)],
  )
  planId = plan.id
})
afterAll(async () => {
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

let serial = 0
interface Insured {
  idNumber: string
  memberId: number
  userId: number
  enrolmentId: number | null
}

/** A member with an account at the branch, enrolled (active from 1 January, observation to 1 April) unless told otherwise. */
async function insured(branchName = '嘉兴恒创电子有限公司工会', options: { status?: 'active' | 'pending_payment' | null; startsOn?: string } = {}): Promise<Insured> {
  serial += 1
  const n = serial
  const idNumber = withCheck(`33041119800101${String(n).padStart(3, '0')}`)
  const userId = await app.newUser(`参保人${n}`)
  const branchId = await app.branchId(branchName)
  const [member] = await app.db.query<{ id: number }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES ($1, $2, $3, '13800000000', $4, $5, $6) RETURNING id`,
    [userId, `TS${String(n).padStart(8, '0')}`, `参保人${n}`, hashIdNumber(testEnv.idHashKey, idNumber), idNumber.slice(-4), branchId],
  )
  const status = options.status === undefined ? 'active' : options.status
  let enrolmentId: number | null = null
  if (status) {
    const [created] = await createEnrolments(app.db, { id: planId, coverage_year: 2026, rules }, [
      { memberId: member.id, branchId, source: 'individual', status, startsOn: options.startsOn ?? '2026-01-01' },
    ])
    enrolmentId = created.enrolmentId
  }
  return { idNumber, memberId: member.id, userId, enrolmentId }
}

/** A CSV row; amounts as the file writes them (元). */
function line(id: string, aid: string, fields: { hospital?: string; admit?: string; discharge?: string; total?: string; insurance?: string; self?: string } = {}): string {
  const self = fields.self ?? '12000.00'
  const insurance = fields.insurance ?? '8000.00'
  const total = fields.total ?? ((yuanToFenOrZero(self) + yuanToFenOrZero(insurance)) / 100).toFixed(2)
  return [id, fields.hospital ?? '嘉兴市第一医院', fields.admit ?? '2026-05-01', fields.discharge ?? '2026-05-03', total, insurance, self, aid].join(',')
}

function yuanToFenOrZero(text: string): number {
  const parsed = yuanToFen(text)
  return 'fen' in parsed ? parsed.fen : 0
}

const csv = (lines: string[], bom = false) => Buffer.from(`${bom ? '\uFEFF' : ''}${[header, ...lines].join('\r\n')}\r\n`, 'utf8')

async function call<A extends ActionName<'aid'>>(as: number, action: A, input: ActionInput<'aid', A>): Promise<ApiResult<unknown>> {
  return dispatch({ db: app.db, env }, registry, 'aid', { action, input }, { kind: 'token', token: tokenFor(as) })
}

async function ok<T>(as: number, action: ActionName<'aid'>, input: unknown): Promise<T> {
  const result = await dispatch({ db: app.db, env }, registry, 'aid', { action, input }, { kind: 'token', token: tokenFor(as) })
  if (!result.ok) throw new Error(`aid.${action} 失败：${result.error.code} ${result.error.message}`)
  return result.data as T
}

async function fail(as: number, action: ActionName<'aid'>, input: unknown) {
  const result = await dispatch({ db: app.db, env }, registry, 'aid', { action, input }, { kind: 'token', token: tokenFor(as) })
  if (result.ok) throw new Error(`aid.${action} 本应失败`)
  return result.error
}

async function upload(as: number, bytes: Buffer, name = 'settlement.csv'): Promise<number> {
  const caller = await loadCaller(app.db, as)
  if (!caller) throw new Error('no caller')
  const type = name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv'
  const ticket = await issueTicket({ db: app.db, env }, caller, { purpose: 'aid_settlement', name, size: bytes.length, type })
  const claimed = await claimTicket({ db: app.db, env }, ticket.ticket)
  const stored = await completeUpload({ db: app.db, env }, claimed, bytes)
  return stored.id
}

/** Uploads and imports a file for a branch, then continues until it is done. */
async function importFile(as: number, bytes: Buffer, branchName = '秀洲区总工会', name?: string): Promise<SettlementImport> {
  const fileId = await upload(as, bytes, name)
  let imp = await ok<SettlementImport>(as, 'settlementStart', { branchId: await app.branchId(branchName), fileId })
  while (imp.status === 'running') imp = await ok<SettlementImport>(as, 'settlementContinue', { id: imp.id })
  return imp
}

async function rowsOf(as: number, importId: number, outcome: SettlementOutcome): Promise<SettlementRowView[]> {
  const all: SettlementRowView[] = []
  let cursor: string | null = null
  do {
    const page: { items: SettlementRowView[]; nextCursor: string | null } = await ok(as, 'settlementRows', { importId, outcome, cursor, limit: 50 })
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return all
}

async function usageOf(enrolmentId: number | null) {
  const [row] = await app.db.query<{ paid_fen: number; deductible_used_fen: number; hospital_days_paid: number }>(
    'SELECT paid_fen, deductible_used_fen, hospital_days_paid FROM aid_year_usage WHERE enrolment_id = $1',
    [enrolmentId],
  )
  return row
}

async function payoutsOf(enrolmentId: number | null) {
  return app.db.query<{ source: string; amount_fen: number; deductible_fen: number; explanation: string[] }>(
    'SELECT source, amount_fen, deductible_fen, explanation FROM aid_payout WHERE enrolment_id = $1 ORDER BY id',
    [enrolmentId],
  )
}

describe('a settlement file', () => {
  it('pays rows whose 互助金 matches the engine, flags the others, lists unmatched and bad rows, and tells the member', async () => {
    const paid = await insured()
    const flagged = await insured()
    const observation = await insured('嘉兴恒创电子有限公司工会', { startsOn: '2026-04-20' })
    const pending = await insured('嘉兴恒创电子有限公司工会', { status: 'pending_payment' })
    const otherCounty = await insured('南湖区总工会')
    const notEnrolled = await insured('嘉兴恒创电子有限公司工会', { status: null })
    const valid = withCheck('33041119800101998')
    const badChecksum = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1')
    const file = csv(
      [
        // 12,000.00 − 800.00 = 11,200.00 × 60% = 6,720.00; two days in hospital, no allowance.
        line(paid.idNumber, '6720.00'),
        line(flagged.idNumber, '7000.00'),
        line(observation.idNumber, '500.00'),
        line(pending.idNumber, '6720.00'),
        line(otherCounty.idNumber, '6720.00'),
        line(notEnrolled.idNumber, '6720.00'),
        line(withCheck('33041119800101999'), '6720.00'),
        line(badChecksum, '6720.00'),
        line(paid.idNumber, '-1.00', { hospital: '负数医院' }),
        line(paid.idNumber, '1.005', { hospital: '三位小数医院' }),
        line(paid.idNumber, '0.00', { hospital: '天价医院', self: '10000000.01', insurance: '0.00' }),
        line(paid.idNumber, '0.00', { hospital: '倒序医院', admit: '2026-06-05', discharge: '2026-06-01' }),
        line(paid.idNumber, '0.00', { hospital: '不平医院', total: '100.00' }),
        line(paid.idNumber, '0.00', { hospital: '无效日期医院', admit: '2026-02-30' }),
      ],
      true,
    )
    const before = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM message WHERE kind = 'aid_settled'")
    const imp = await importFile(admins.county, file)
    expect(imp).toMatchObject({ status: 'done', totalRows: 14, processedRows: 14, paidRows: 1, paidFen: 672_000, flaggedRows: 2, unmatchedRows: 4, badRows: 7, duplicateRows: 0 })

    const [paidRow] = await rowsOf(admins.county, imp.id, 'paid')
    expect(paidRow).toMatchObject({ line: 2, memberName: expect.stringContaining('参保人'), fileAidFen: 672_000, engineFen: 672_000, payoutFen: 672_000 })
    expect(paidRow.explanation.join('')).toContain('11,200.00 × 60% = 6,720.00')
    expect(await usageOf(paid.enrolmentId)).toMatchObject({ paid_fen: 672_000, deductible_used_fen: 80_000 })
    const [message] = await app.db.query<{ body: string; link: string }>("SELECT body, link FROM message WHERE user_id = $1 AND kind = 'aid_settled'", [paid.userId])
    expect(message.body).toContain('6,720.00 元')
    expect(message.link).toBe('/pages/aid/coverage/index')
    const after = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM message WHERE kind = 'aid_settled'")
    expect(after[0].n - before[0].n).toBe(1)

    const flags = await rowsOf(admins.county, imp.id, 'flagged')
    expect(flags.map((r) => [r.line, r.fileAidFen, r.engineFen])).toEqual([
      [3, 700_000, 672_000],
      [4, 50_000, 0],
    ])
    expect(flags[0].message).toContain('核算应为 6,720.00')
    expect(flags[1].message).toContain('观察期内')
    // A flagged row records nothing until it is resolved.
    expect(await payoutsOf(flagged.enrolmentId)).toEqual([])
    expect(await usageOf(flagged.enrolmentId)).toMatchObject({ paid_fen: 0, deductible_used_fen: 0 })

    const unmatched = await rowsOf(admins.county, imp.id, 'unmatched')
    expect(unmatched.map((r) => [r.line, r.message])).toEqual([
      [5, '该会员的参保尚未确认缴费'],
      [6, '在本次导入范围内未找到该会员的有效参保记录'],
      [7, '在本次导入范围内未找到该会员的有效参保记录'],
      [8, '在本次导入范围内未找到该会员的有效参保记录'],
    ])
    expect(unmatched.every((r) => r.memberName === null)).toBe(true)
    expect(await payoutsOf(otherCounty.enrolmentId)).toEqual([])

    const bad = await rowsOf(admins.county, imp.id, 'bad')
    expect(bad.map((r) => [r.line, r.message])).toEqual([
      [9, '身份证号码无效，请核对后重新填写'],
      [10, '互助金支付不能为负数'],
      [11, '互助金支付最多两位小数'],
      [12, '自付金额过大（上限 10,000,000.00 元）'],
      [13, '出院日期 2026-06-01 早于入院日期 2026-06-05'],
      [14, '医保支付与自付之和不等于总费用'],
      [15, '入院日期“2026-02-30”不是有效日期（应为 YYYY-MM-DD）'],
    ])
  })

  it('reads xlsx: typed dates and amounts, and refuses formulas and ID numbers stored as numbers on their row', async () => {
    const member = await insured()
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('结算')
    sheet.addRow(header.split(','))
    sheet.addRow([member.idNumber, '嘉兴市第二医院', new Date(Date.UTC(2026, 4, 10)), new Date(Date.UTC(2026, 4, 12)), 3000, 2000, 1000, 120])
    sheet.addRow([member.idNumber, '公式医院', '2026-05-20', '2026-05-21', 300, 200, 100, { formula: 'G3*0.1', result: 10 }])
    sheet.addRow([Number(member.idNumber.slice(0, 17)), '科学计数医院', '2026-05-20', '2026-05-21', 300, 200, 100, 0])
    sheet.addRow([member.idNumber, '浮点医院', '2026-05-22', '2026-05-23', 300, 200, 100, 0.1 + 0.2])
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    const imp = await importFile(admins.county, bytes, '秀洲区总工会', 'settlement.xlsx')
    // 1,000.00 is within this year's 800.00 deductible: 200.00 × 60% = 120.00.
    expect(imp).toMatchObject({ status: 'done', totalRows: 4, paidRows: 1, paidFen: 12_000, badRows: 3 })
    const bad = await rowsOf(admins.county, imp.id, 'bad')
    expect(bad.map((r) => r.message)).toEqual([
      '互助金支付是公式，请粘贴为数值后重新导出',
      expect.stringContaining('身份证号是数字格式'),
      '互助金支付最多两位小数',
    ])
  })

  it('refuses a file with missing columns, or that is no spreadsheet, whole, writing nothing', async () => {
    const fileId = await upload(admins.county, Buffer.from('身份证号,医院,入院日期\r\n1,2,3\r\n', 'utf8'))
    const before = await app.snapshot()
    const error = await fail(admins.county, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId })
    expect(error.code).toBe('SETTLEMENT_FILE_INVALID')
    expect(error.message).toContain('出院日期、总费用、医保支付、自付、互助金支付')
    expect(await app.snapshot()).toEqual(before)

    const gbk = await upload(admins.county, Buffer.concat([Buffer.from(header, 'utf8'), Buffer.from([0x0d, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd])]))
    // A zip cut short is refused by the upload itself; a whole zip that is no workbook, by the import.
    await expect(upload(admins.county, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), 'cut.xlsx')).rejects.toMatchObject({ code: 'FILE_CORRUPT' })
    const endOfZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)])
    const zip = await upload(admins.county, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), endOfZip]), 'broken.xlsx')
    const uploaded = await app.snapshot()
    expect((await fail(admins.county, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId: gbk })).message).toContain('UTF-8')
    expect((await fail(admins.county, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId: zip })).code).toBe('SETTLEMENT_FILE_INVALID')
    expect(await app.snapshot()).toEqual(uploaded)
  })

  it('counts nothing twice: the same file again is 已导入, an overlapping file adds only its new rows', async () => {
    const a = await insured()
    const b = await insured()
    const first = csv([line(a.idNumber, '6720.00'), line(b.idNumber, '9999.00')])
    const one = await importFile(admins.county, first)
    expect(one).toMatchObject({ paidRows: 1, flaggedRows: 1 })
    const again = await importFile(admins.county, first)
    expect(again).toMatchObject({ paidRows: 0, flaggedRows: 0, duplicateRows: 2 })
    expect((await rowsOf(admins.county, again.id, 'duplicate')).map((r) => r.message)).toEqual([`已在第 ${one.id} 号导入第 2 行导入`, `已在第 ${one.id} 号导入第 3 行导入`])
    // Overlapping: a's row again, a's second stay (a new discharge), and the same row twice in one file.
    const second = line(a.idNumber, '4200.00', { hospital: '嘉兴市第二医院', admit: '2026-07-01', discharge: '2026-07-02', self: '7000.00' })
    const overlap = await importFile(admins.city, csv([line(a.idNumber, '6720.00'), second, second]), '嘉兴市总工会')
    expect(overlap).toMatchObject({ paidRows: 1, paidFen: 420_000, duplicateRows: 2 })
    expect((await payoutsOf(a.enrolmentId)).map((p) => p.amount_fen)).toEqual([672_000, 420_000])
    expect(await usageOf(a.enrolmentId)).toMatchObject({ paid_fen: 1_092_000 })
  })

  it('processes a long file in batches, with its progress on the import, resuming where it stopped', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => insured()))
    const rows = Array.from({ length: settlementBatchRows + 300 }, (_, i) =>
      line(members[i % 5].idNumber, '0.00', { hospital: `医院${i}`, self: '1.00', insurance: '1.00' }),
    )
    const fileId = await upload(admins.county, csv(rows))
    const started = await ok<SettlementImport>(admins.county, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId })
    expect(started).toMatchObject({ status: 'running', totalRows: settlementBatchRows + 300, processedRows: settlementBatchRows })
    // The first page of problems is there before the file is done.
    expect((await ok<{ items: unknown[] }>(admins.county, 'settlementRows', { importId: started.id, outcome: 'paid', limit: 5 })).items).toHaveLength(5)
    const done = await ok<SettlementImport>(admins.county, 'settlementContinue', { id: started.id })
    expect(done).toMatchObject({ status: 'done', processedRows: settlementBatchRows + 300, paidRows: settlementBatchRows + 300 })
    // A second worker finds nothing left to do.
    expect(await processSettlementImport({ db: app.db, env }, started.id)).toBe(false)
    // 460 rows of 1.00 each per member, all within the deductible: counted once each, nothing paid.
    for (const m of members) expect(await usageOf(m.enrolmentId)).toMatchObject({ deductible_used_fen: 46_000, paid_fen: 0 })
  })

  it('is finished by the background job when its page was closed', async () => {
    const member = await insured()
    const rows = Array.from({ length: settlementBatchRows + 1 }, (_, i) => line(member.idNumber, '0.00', { hospital: `作业医院${i}`, self: '0.01', insurance: '0.00' }))
    const fileId = await upload(admins.county, csv(rows))
    const started = await ok<SettlementImport>(admins.county, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId })
    expect(started).toMatchObject({ status: 'running', processedRows: settlementBatchRows })
    expect(await continueSettlementImports({ db: app.db, env }, Date.now() + 10_000)).toBe(1)
    expect(await ok<SettlementImport>(admins.county, 'settlementImport', { id: started.id })).toMatchObject({ status: 'done', paidRows: settlementBatchRows + 1 })
  })

  it('settles exactly as applyPayout does row by row, and shares the yearly cap with manual claims', async () => {
    const batch = await insured()
    const single = await insured()
    const stays: Omit<SettlementRow, 'idNumber' | 'aidFen'>[] = [
      { hospital: '甲医院', admittedOn: '2026-05-01', dischargedOn: '2026-05-11', totalFen: 3_000_000, insuranceFen: 1_000_000, selfFen: 2_000_000 },
      { hospital: '乙医院', admittedOn: '2026-06-01', dischargedOn: '2026-06-02', totalFen: 90_000, insuranceFen: 30_000, selfFen: 60_000 },
      { hospital: '丙医院', admittedOn: '2026-07-01', dischargedOn: '2026-08-20', totalFen: 9_000_000, insuranceFen: 1_000_000, selfFen: 8_000_000 },
      { hospital: '丁医院', admittedOn: '2026-09-01', dischargedOn: '2026-09-05', totalFen: 4_000_000, insuranceFen: 1_000_000, selfFen: 3_000_000 },
    ]
    // The reference: applyPayout, one row at a time, on its own enrolment.
    const expected: number[] = []
    await app.db.transaction(async (tx) => {
      for (const [i, stay] of stays.entries()) {
        const outcome = await applyPayout(tx, { enrolmentId: single.enrolmentId as number, source: 'claim', sourceRef: `ref-${single.enrolmentId}-${i}`, bill: settlementBill({ ...stay, idNumber: '', aidFen: 0 }) })
        expected.push(outcome.payoutFen)
      }
    })
    expect(expected.reduce((a, b) => a + b, 0)).toBe(rules.yearlyCapFen)
    const fen = (f: number) => (f / 100).toFixed(2)
    const imp = await importFile(
      admins.county,
      csv(stays.map((s, i) => line(batch.idNumber, fen(expected[i]), { hospital: s.hospital, admit: s.admittedOn, discharge: s.dischargedOn, insurance: fen(s.insuranceFen), self: fen(s.selfFen) }))),
    )
    expect(imp).toMatchObject({ paidRows: 4, flaggedRows: 0 })
    const viaBatch = await payoutsOf(batch.enrolmentId)
    const viaApply = await payoutsOf(single.enrolmentId)
    expect(viaBatch.map((p) => [p.amount_fen, p.deductible_fen, p.explanation])).toEqual(viaApply.map((p) => [p.amount_fen, p.deductible_fen, p.explanation]))
    const [batchUsage, singleUsage] = [await usageOf(batch.enrolmentId), await usageOf(single.enrolmentId)]
    expect(batchUsage).toEqual(singleUsage)

    // The cap is spent: a manual claim after the settlement gets nothing, and a settled row claiming more is flagged.
    const manual = await app.db.transaction((tx) =>
      applyPayout(tx, { enrolmentId: batch.enrolmentId as number, source: 'claim', sourceRef: `manual-${batch.enrolmentId}`, bill: { eligibleFen: 500_000 } }),
    )
    expect(manual.payoutFen).toBe(0)
    const late = await importFile(admins.county, csv([line(batch.idNumber, '100.00', { hospital: '戊医院', admit: '2026-10-01', discharge: '2026-10-02' })]))
    expect(late).toMatchObject({ flaggedRows: 1, paidRows: 0 })
    const [flag] = await rowsOf(admins.county, late.id, 'flagged')
    expect(flag.engineFen).toBe(0)
    expect(flag.explanation.join('')).toContain('本年度剩余额度 0.00')
  })
})

describe('resolving a flagged row', () => {
  it('takes the engine figure, or the file figure with a reason, through applyPayout; never one own', async () => {
    const member = await insured()
    const imp = await importFile(admins.county, csv([line(member.idNumber, '7000.00'), line(member.idNumber, '3000.00', { hospital: '嘉兴市第二医院', admit: '2026-07-01', discharge: '2026-07-02', self: '6000.00' })]))
    const [first, second] = await rowsOf(admins.county, imp.id, 'flagged')
    expect((await fail(admins.county, 'settlementResolve', { rowId: first.id, use: 'file' })).code).toBe('VALIDATION_FAILED')
    expect((await fail(admins.otherCounty, 'settlementResolve', { rowId: first.id, use: 'engine' })).code).toBe('NOT_FOUND')

    const byEngine = await ok<SettlementRowView>(admins.county, 'settlementResolve', { rowId: first.id, use: 'engine' })
    expect(byEngine).toMatchObject({ resolution: 'engine', payoutFen: 672_000 })
    // A resend answers the same; another decision on it is refused.
    expect(await ok<SettlementRowView>(admins.county, 'settlementResolve', { rowId: first.id, use: 'engine' })).toMatchObject({ payoutFen: 672_000 })
    expect((await fail(admins.city, 'settlementResolve', { rowId: first.id, use: 'file', reason: '医院已扣' })).code).toBe('SETTLEMENT_NOT_FLAGGED')

    // The engine says 6,000.00 × 60% = 3,600.00 now the deductible is used; the hospital deducted 3,000.00, which the admin accepts.
    const byFile = await ok<SettlementRowView>(admins.city, 'settlementResolve', { rowId: second.id, use: 'file', reason: '医院按旧版规则扣减，已与医保核对' })
    expect(byFile).toMatchObject({ resolution: 'file', payoutFen: 300_000, resolveReason: '医院按旧版规则扣减，已与医保核对' })
    expect(await usageOf(member.enrolmentId)).toMatchObject({ paid_fen: 972_000 })
    const messages = await app.db.query("SELECT 1 FROM message WHERE user_id = $1 AND kind = 'aid_settled'", [member.userId])
    expect(messages).toHaveLength(2)

    // An aid_admin who is also a member never settles their own row.
    const self = await insured('秀洲区总工会')
    await app.db.query("INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'aid_admin', $2)", [self.userId, await app.branchId('秀洲区总工会')])
    const own = await importFile(admins.county, csv([line(self.idNumber, '1.00')]))
    const [ownRow] = await rowsOf(admins.county, own.id, 'flagged')
    expect((await fail(self.userId, 'settlementResolve', { rowId: ownRow.id, use: 'engine' })).code).toBe('SELF_REVIEW')
  })
})

describe('scope', () => {
  it('refuses an admin importing for a branch outside their scope, or below a county, and hides other counties’ imports', async () => {
    const fileId = await upload(admins.otherCounty, csv([]))
    expect((await fail(admins.otherCounty, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId })).code).toBe('OUT_OF_SCOPE')
    const townFile = await upload(admins.town, csv([]))
    expect((await fail(admins.town, 'settlementStart', { branchId: await app.branchId('油车港镇总工会'), fileId: townFile })).code).toBe('FORBIDDEN')
    // Someone else's upload is not the caller's to import.
    expect((await fail(admins.city, 'settlementStart', { branchId: await app.branchId('秀洲区总工会'), fileId })).code).toBe('FILE_NOT_YOURS')

    const mine = await importFile(admins.county, csv([line(withCheck('33041119800101997'), '1.00')]))
    expect((await fail(admins.otherCounty, 'settlementImport', { id: mine.id })).code).toBe('NOT_FOUND')
    expect((await fail(admins.otherCounty, 'settlementRows', { importId: mine.id, outcome: 'unmatched' })).code).toBe('NOT_FOUND')
    expect((await fail(admins.otherCounty, 'settlementContinue', { id: mine.id })).code).toBe('NOT_FOUND')
    const seen = await ok<{ items: SettlementImport[] }>(admins.otherCounty, 'settlementImports', { limit: 50 })
    expect(seen.items.map((i) => i.id)).not.toContain(mine.id)
    const cityList = await ok<{ items: SettlementImport[] }>(admins.city, 'settlementImports', { limit: 50 })
    expect(cityList.items.map((i) => i.id)).toContain(mine.id)
    // Members and other staff cannot call it at all.
    expect((await call(app.users.member, 'settlementImports', { limit: 5 })).ok).toBe(false)
  })
})

describe.runIf(process.env.TEST_DB === 'pg')('two imports of the same file at once (PostgreSQL)', () => {
  it('count each row once', async () => {
    const members = await Promise.all(Array.from({ length: 20 }, () => insured()))
    const rows = members.flatMap((m, i) => [
      line(m.idNumber, '6720.00', { hospital: `并发医院${i}` }),
      line(m.idNumber, '3360.00', { hospital: `并发医院${i}`, admit: '2026-06-01', discharge: '2026-06-02', self: '5600.00' }),
    ])
    const file = csv(rows)
    const [a, b] = await Promise.all([importFile(admins.county, file), importFile(admins.city, file, '嘉兴市总工会')])
    expect(a.paidRows + b.paidRows).toBe(40)
    expect(a.duplicateRows + b.duplicateRows).toBe(40)
    for (const m of members) {
      expect((await payoutsOf(m.enrolmentId)).map((p) => p.amount_fen)).toEqual([672_000, 336_000])
      expect(await usageOf(m.enrolmentId)).toMatchObject({ paid_fen: 1_008_000 })
    }
  })
})
