/**
 * 互助统计 and the exports: the figures of a small dataset add up by month and by child branch,
 * only staff in scope read them, exports are audited and readable by the caller alone, and a
 * member's export holds their own rows only. Figures are compared with those read before the
 * dataset was made, so the demo data of the seed does not matter.
 */
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AidFigureLine, AidFigures } from '../../src/shared/api'
import { applyPayout } from '../../server/aid/payout'
import { fileStoreOf } from '../../server/files/storage'
import { shanghaiDay, shanghaiYear } from '../../server/points/calendar'
import { enrolInPlan, insertAidPlan } from '../support/aid-fixtures'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
const year = shanghaiYear(new Date())
const thisMonth = Number(shanghaiDay(new Date()).slice(5, 7))
const staff: Record<'county' | 'otherCounty' | 'town' | 'city', number> = { county: 0, otherCounty: 0, town: 0, city: 0 }
let county: number
let before: AidFigures
let after: AidFigures
/** Members in 油车港镇 (two) and in 王江泾镇 (one). */
const people: { userId: number; memberId: number; enrolmentId: number }[] = []
const paid = { settlement: 0, claim: 0, townSettlement: 0 }

async function person(branch: string, planId: number, name: string) {
  const userId = await app.newUser(name)
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT $1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, '13800000000', md5(random()::text || $1::int::text), '1234', b.id
       FROM branch b WHERE b.name = $3 RETURNING id`,
    [userId, name, branch],
  )
  const enrolmentId = await enrolInPlan(app.db, planId, row.id)
  return { userId, memberId: row.id, enrolmentId }
}

async function pay(enrolmentId: number, source: 'settlement' | 'claim', sourceRef: string, eligibleFen: number): Promise<number> {
  const outcome = await app.db.transaction((tx) => applyPayout(tx, { enrolmentId, source, sourceRef, bill: { eligibleFen } }))
  return outcome.payoutFen
}

/** A claim as the reviewer side leaves it, submitted and paid at the given Asia/Shanghai times. */
async function claim(who: (typeof people)[number], submittedAt: string, paidAt: string | null) {
  await app.db.query(
    `INSERT INTO aid_claim (enrolment_id, member_id, user_id, branch_id, branch_path, claim_type, status, request_id, hospital, admission_on, discharge_on,
                            total_fen, insurance_paid_fen, self_paid_fen, eligible_fen, hospital_days, computed_fen, approved_fen, decided_at, paid_at, payout_ref, submitted_at)
     SELECT $1, m.id, m.user_id, m.branch_id, b.path, 'hospital', $2, md5(random()::text), '嘉兴市第一医院', $3::date, $3::date, 300000, 200000, 100000, 100000, 3,
            50000, CASE WHEN $2 = 'paid' THEN 50000 END, $5::timestamptz, $5::timestamptz, CASE WHEN $2 = 'paid' THEN 'T-1' END, $4::timestamptz
       FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $6`,
    [who.enrolmentId, paidAt ? 'paid' : 'submitted', `${year}-01-02`, `${submittedAt}+08`, paidAt ? `${paidAt}+08` : null, who.memberId],
  )
}

const delta = (a: AidFigureLine, b: AidFigureLine) => ({
  enrolments: a.enrolments - b.enrolments,
  claimsSubmitted: a.claimsSubmitted - b.claimsSubmitted,
  settlementPayouts: a.settlementPayouts - b.settlementPayouts,
  settlementFen: a.settlementFen - b.settlementFen,
  claimPayouts: a.claimPayouts - b.claimPayouts,
  claimFen: a.claimFen - b.claimFen,
})
const childNamed = (figures: AidFigures, name: string) => {
  const child = figures.children.find((c) => c.branch.name === name)
  if (!child) throw new Error(`no child ${name}`)
  return child
}

beforeAll(async () => {
  app = await openTestApp()
  county = await app.branchId('秀洲区总工会')
  staff.county = await app.newStaff('秀洲区总工会', 'aid_admin')
  staff.otherCounty = await app.newStaff('南湖区总工会', 'aid_admin')
  staff.town = await app.newStaff('油车港镇总工会', 'aid_admin')
  staff.city = await app.newStaff('嘉兴市总工会', 'aid_admin')
  before = await app.ok(staff.county, 'aid', 'figures', { branchId: county, year })

  const plan = await insertAidPlan(app.db, { name: '统计测试计划' })
  people.push(await person('油车港镇总工会', plan, '统计甲'), await person('油车港镇总工会', plan, '统计乙'), await person('王江泾镇总工会', plan, '统计丙'))
  paid.townSettlement = (await pay(people[0].enrolmentId, 'settlement', 'fig-s1', 500_000)) + (await pay(people[1].enrolmentId, 'settlement', 'fig-s2', 300_000))
  paid.settlement = paid.townSettlement + (await pay(people[2].enrolmentId, 'settlement', 'fig-s3', 200_000))
  paid.claim = await pay(people[0].enrolmentId, 'claim', 'fig-c1', 100_000)
  // March: two claims paid after 3.5 and 2.0 days (median 2.75 → 2.8); May: one submitted, unpaid.
  await claim(people[0], `${year}-03-10 10:00`, `${year}-03-13 22:00`)
  await claim(people[2], `${year}-03-20 09:00`, `${year}-03-22 09:00`)
  await claim(people[1], `${year}-05-05 09:00`, null)
  after = await app.ok(staff.county, 'aid', 'figures', { branchId: county, year })
})

afterAll(async () => {
  await app?.close()
})

describe('aid figures', () => {
  it('add up by month, in the year and by child branch', () => {
    expect(after.months).toHaveLength(12)
    expect(paid.settlement).toBeGreaterThan(0)
    expect(paid.claim).toBeGreaterThan(0)
    expect(delta(after.months[0], before.months[0]).enrolments).toBe(3)
    expect(delta(after.months[2], before.months[2]).claimsSubmitted).toBe(2)
    expect(delta(after.months[4], before.months[4]).claimsSubmitted).toBe(1)
    const now = delta(after.months[thisMonth - 1], before.months[thisMonth - 1])
    expect(now).toMatchObject({ settlementPayouts: 3, settlementFen: paid.settlement, claimPayouts: 1, claimFen: paid.claim })
    expect(after.months[2].medianDaysToPay).toBe(2.8)
    expect(delta(after.total, before.total)).toEqual({
      enrolments: 3,
      claimsSubmitted: 3,
      settlementPayouts: 3,
      settlementFen: paid.settlement,
      claimPayouts: 1,
      claimFen: paid.claim,
    })
    // The months and the children each add up to the year.
    const sum = (lines: AidFigureLine[], key: keyof ReturnType<typeof delta>) => lines.reduce((s, l) => s + l[key], 0)
    for (const key of ['enrolments', 'claimsSubmitted', 'settlementPayouts', 'settlementFen', 'claimPayouts', 'claimFen'] as const) {
      expect(sum(after.months, key)).toBe(after.total[key])
      expect(sum(after.children, key)).toBe(after.total[key])
    }
    const town = delta(childNamed(after, '油车港镇总工会'), childNamed(before, '油车港镇总工会'))
    expect(town).toEqual({ enrolments: 2, claimsSubmitted: 2, settlementPayouts: 2, settlementFen: paid.townSettlement, claimPayouts: 1, claimFen: paid.claim })
    const sibling = delta(childNamed(after, '王江泾镇总工会'), childNamed(before, '王江泾镇总工会'))
    expect(sibling).toMatchObject({ enrolments: 1, claimsSubmitted: 1, settlementPayouts: 1, claimPayouts: 0 })
  })

  it('are read only in scope', async () => {
    expect((await app.fail(staff.otherCounty, 'aid', 'figures', { branchId: county, year })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(staff.town, 'aid', 'figures', { branchId: county, year })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(people[0].userId, 'aid', 'figures', { branchId: county, year })).code).toBe('FORBIDDEN')
    expect((await app.fail(staff.otherCounty, 'aid', 'figuresExport', { branchId: county, year })).code).toBe('OUT_OF_SCOPE')
    const city = await app.ok(staff.city, 'aid', 'figures', { branchId: await app.branchId('嘉兴市总工会'), year })
    expect(city.total.settlementFen).toBeGreaterThanOrEqual(paid.settlement)
    // A union admin reads the figures of their branch too.
    await app.ok(app.users['county-admin'], 'aid', 'figures', { branchId: county, year })
  })
})

async function workbookOf(fileId: number): Promise<ExcelJS.Workbook> {
  const [row] = await app.db.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [fileId])
  const book = new ExcelJS.Workbook()
  await book.xlsx.read(Readable.from(await fileStoreOf(testEnv).get(row.blob_ref)))
  return book
}

describe('exports', () => {
  it('write the figures to a workbook only the caller reads, and to audit_log', async () => {
    const exported = await app.ok(staff.county, 'aid', 'figuresExport', { branchId: county, year })
    expect(exported.readUrl.url).toContain('/files/private/')
    const [logged] = await app.db.query<{ actor_user_id: number; target_ids: number[]; detail: { year: number; file: number } }>(
      `SELECT actor_user_id, target_ids, detail FROM audit_log WHERE action = 'aid.figures.export' ORDER BY id DESC LIMIT 1`,
    )
    expect(logged).toMatchObject({ actor_user_id: staff.county, target_ids: [county], detail: { year, file: exported.fileId } })
    await app.ok(staff.county, 'file', 'readUrl', { id: exported.fileId })
    for (const other of [staff.city, staff.town, people[0].userId]) {
      expect((await app.fail(other, 'file', 'readUrl', { id: exported.fileId })).code).toBe('NOT_FOUND')
    }
    const book = await workbookOf(exported.fileId)
    expect(book.worksheets.map((ws) => ws.name)).toEqual(['按月', '按下级组织'])
    const total = book.getWorksheet('按月')?.getRow(14)
    expect(total?.getCell(1).value).toBe('合计')
    expect(total?.getCell(2).value).toBe(after.total.enrolments)
  })

  it('give a member their own records only, audited', async () => {
    const [owner, other] = people
    const exported = await app.ok(owner.userId, 'aid', 'myRecordsExport', {})
    expect((await app.fail(other.userId, 'file', 'readUrl', { id: exported.fileId })).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.county, 'file', 'readUrl', { id: exported.fileId })).code).toBe('NOT_FOUND')
    await app.ok(owner.userId, 'file', 'readUrl', { id: exported.fileId })
    const book = await workbookOf(exported.fileId)
    const rows = (name: string) => (book.getWorksheet(name)?.getSheetValues().length ?? 0) - 2
    expect(rows('参保记录')).toBe(1)
    expect(rows('互助金')).toBe(2)
    expect(rows('互助申请')).toBe(1)
    const payouts = book.getWorksheet('互助金')
    expect(String(payouts?.getRow(2).getCell(6).value)).toContain('可报销金额')
    const [logged] = await app.db.query<{ actor_user_id: number; target_ids: number[] }>(
      `SELECT actor_user_id, target_ids FROM audit_log WHERE action = 'aid.myRecords.export' ORDER BY id DESC LIMIT 1`,
    )
    expect(logged).toMatchObject({ actor_user_id: owner.userId, target_ids: [owner.memberId] })
    expect((await app.fail(staff.city, 'aid', 'myRecordsExport', {})).code).toBe('NOT_MEMBER')
  })

  it('cannot be uploaded by anyone', async () => {
    const refused = await app.fail(staff.city, 'file', 'uploadTicket', { purpose: 'aid_export', name: 'x.xlsx', size: 100, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
    expect(refused.code).toBe('FORBIDDEN')
  })
})
