/**
 * Hand-offs to 法律援助 / 劳动争议调解 and the cases that follow them (issue 10 §3), the member's
 * contact consent, and the member's export of their own questions (§7). Questions are inserted as
 * ask leaves them (test/support/legal-fixtures.ts); the ask part tests asking and claiming.
 */
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileStoreOf } from '../../server/files/storage'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'
import { demoUser, insertLegalMember, insertLegalQuestion } from '../support/legal-fixtures'

let app: TestApp
const staff = { lawyer: 0, otherLawyer: 0, siblingLawyer: 0, countyAdmin: 0, cityAdmin: 0, siblingAdmin: 0 }
let asker: { userId: number; memberId: number; memberNo: string }
let other: { userId: number; memberId: number; memberNo: string }

const summary = '当事人被拖欠三个月工资共计约两万元，已多次催讨无果，建议申请法律援助代为仲裁。'

beforeAll(async () => {
  app = await openTestApp()
  staff.lawyer = await demoUser(app.db, 'lawyer')
  staff.countyAdmin = await demoUser(app.db, 'legal-admin')
  staff.cityAdmin = app.users['city-admin']
  staff.otherLawyer = await app.newStaff('秀洲区总工会', 'lawyer')
  staff.siblingLawyer = await app.newStaff('南湖区总工会', 'lawyer')
  staff.siblingAdmin = await app.newStaff('南湖区总工会', 'legal_admin')
  asker = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '郑秋萍', phone: '13957311111' })
  other = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '冯志远', phone: '13957322222' })
})
afterAll(() => app?.close())

async function messagesOf(userId: number) {
  return app.db.query<{ kind: string; title: string; body: string; link: string }>(
    `SELECT kind, title, body, link FROM message WHERE user_id = $1 AND kind = 'legal_case_update' ORDER BY id`,
    [userId],
  )
}

describe('handOff', () => {
  it('creates the county case once, marks the question, writes the timeline and tells the member and the county legal_admin', async () => {
    const questionId = await insertLegalQuestion(app.db, { askerUserId: asker.userId, anonymous: true, lawyerUserId: staff.lawyer })
    const cityBefore = (await messagesOf(staff.cityAdmin)).length
    const made = await app.ok(staff.lawyer, 'legal', 'handOff', { questionId, kind: 'legal_aid', summary })
    expect(made.status).toBe('submitted')
    const [row] = await app.db.query<{ kind: string; county: string; needs_offline: boolean }>(
      `SELECT c.kind, b.name AS county, q.needs_offline FROM legal_case c JOIN branch b ON b.id = c.county_branch_id
         JOIN legal_question q ON q.id = c.question_id WHERE c.id = $1`,
      [made.caseId],
    )
    expect(row).toEqual({ kind: 'legal_aid', county: '秀洲区总工会', needs_offline: true })
    const events = await app.db.query<{ kind: string }>('SELECT kind FROM legal_event WHERE question_id = $1 ORDER BY id', [questionId])
    expect(events.map((e) => e.kind)).toEqual(['needs_offline', 'handed_off'])
    const [toMember] = await messagesOf(asker.userId)
    expect(toMember.link).toBe(`/pages/legal/question/index?id=${questionId}`)
    expect(toMember.body).toContain('法律援助')
    const toAdmin = (await messagesOf(staff.countyAdmin)).at(-1)
    expect(toAdmin?.link).toBe(`/pages/legal/case/index?id=${made.caseId}`)
    // The staff message names no one, whatever the question says.
    expect(toAdmin?.body).not.toContain(asker.memberNo)
    // The county has its own legal_admin: the city's is not disturbed.
    expect((await messagesOf(staff.cityAdmin)).length).toBe(cityBefore)

    // A retry answers the same case; another hand-off is refused and writes nothing.
    expect(await app.ok(staff.lawyer, 'legal', 'handOff', { questionId, kind: 'legal_aid', summary })).toEqual(made)
    const before = await app.db.query('SELECT count(*)::int AS n FROM legal_event')
    expect((await app.fail(staff.lawyer, 'legal', 'handOff', { questionId, kind: 'mediation', summary })).code).toBe('LEGAL_CASE_EXISTS')
    expect(await app.db.query('SELECT count(*)::int AS n FROM legal_event')).toEqual(before)
  })

  it("tells the city's legal_admins when the asker's county has none", async () => {
    const farAsker = await insertLegalMember(app, { branch: '魏塘街道总工会', name: '蒋一帆', phone: '13957355555' })
    const farLawyer = await app.newStaff('嘉善县总工会', 'lawyer')
    const questionId = await insertLegalQuestion(app.db, { askerUserId: farAsker.userId, lawyerUserId: farLawyer })
    const cityBefore = (await messagesOf(staff.cityAdmin)).length
    const countyBefore = (await messagesOf(staff.countyAdmin)).length
    const { caseId } = await app.ok(farLawyer, 'legal', 'handOff', { questionId, kind: 'legal_aid', summary })
    expect((await messagesOf(staff.cityAdmin)).slice(cityBefore).map((m) => m.link)).toEqual([`/pages/legal/case/index?id=${caseId}`])
    expect((await messagesOf(staff.countyAdmin)).length).toBe(countyBefore)
  })

  it('is refused to anyone but the lawyer holding an open question', async () => {
    const held = await insertLegalQuestion(app.db, { askerUserId: asker.userId, lawyerUserId: staff.lawyer })
    const unclaimed = await insertLegalQuestion(app.db, { askerUserId: asker.userId })
    const closed = await insertLegalQuestion(app.db, { askerUserId: asker.userId, lawyerUserId: staff.lawyer, status: 'closed' })
    const input = (questionId: number) => ({ questionId, kind: 'mediation', summary })
    expect((await app.fail(staff.siblingLawyer, 'legal', 'handOff', input(held))).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.siblingLawyer, 'legal', 'handOff', input(unclaimed))).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.otherLawyer, 'legal', 'handOff', input(held))).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.otherLawyer, 'legal', 'handOff', input(unclaimed))).code).toBe('LEGAL_NOT_ASSIGNED')
    expect((await app.fail(staff.lawyer, 'legal', 'handOff', input(closed))).code).toBe('LEGAL_QUESTION_NOT_OPEN')
    expect((await app.fail(staff.countyAdmin, 'legal', 'handOff', input(held))).code).toBe('FORBIDDEN')
    expect((await app.fail(asker.userId, 'legal', 'handOff', input(held))).code).toBe('FORBIDDEN')
    expect((await app.fail(staff.lawyer, 'legal', 'handOff', { ...input(held), summary: '太短了' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(staff.lawyer, 'legal', 'handOff', { ...input(held), summary: '字'.repeat(1001) })).code).toBe('VALIDATION_FAILED')

    // A lawyer who is also a member never hands off their own question.
    const lawyerMember = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '褚律师', phone: '13957333333' })
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) SELECT $1, 'lawyer', id FROM branch WHERE name = '秀洲区总工会'`, [lawyerMember.userId])
    const own = await insertLegalQuestion(app.db, { askerUserId: lawyerMember.userId, lawyerUserId: lawyerMember.userId })
    expect((await app.fail(lawyerMember.userId, 'legal', 'handOff', input(own))).code).toBe('LEGAL_SELF_SERVICE')
    const [{ n }] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM legal_case WHERE question_id = ANY($1::int[])', [[held, unclaimed, closed, own]])
    expect(n).toBe(0)
  })
})

describe('following a case', () => {
  let caseId: number
  let questionId: number
  beforeAll(async () => {
    questionId = await insertLegalQuestion(app.db, { askerUserId: asker.userId, anonymous: true, lawyerUserId: staff.lawyer, title: '工伤认定被公司拒绝' })
    caseId = (await app.ok(staff.lawyer, 'legal', 'handOff', { questionId, kind: 'mediation', summary })).caseId
  })

  it('lists the case to legal_admins of its county and above, the asker as the county only', async () => {
    const listed = await app.ok(staff.countyAdmin, 'legal', 'cases', { status: 'submitted', limit: 50 })
    const item = listed.items.find((c) => c.id === caseId)
    expect(item).toMatchObject({ questionId, kind: 'mediation', status: 'submitted', county: '秀洲区总工会', contactConsented: false })
    expect(item?.asker).toEqual({ anonymous: true, county: '秀洲区总工会' })
    expect(JSON.stringify(listed)).not.toContain(asker.memberNo)
    expect((await app.ok(staff.cityAdmin, 'legal', 'cases', { limit: 50 })).items.some((c) => c.id === caseId)).toBe(true)
    expect((await app.ok(staff.siblingAdmin, 'legal', 'cases', { limit: 50 })).items.some((c) => c.id === caseId)).toBe(false)
    expect((await app.ok(staff.countyAdmin, 'legal', 'cases', { status: 'closed', limit: 50 })).items.some((c) => c.id === caseId)).toBe(false)
    expect((await app.fail(staff.lawyer, 'legal', 'cases', { limit: 50 })).code).toBe('FORBIDDEN')
  })

  it('counts the cases waiting to be accepted on the 工作台 of legal_admins in scope', async () => {
    const queues = async (userId: number) => (await app.ok(userId, 'auth', 'workQueues', {})).casesToAccept
    const [{ county, all }] = await app.db.query<{ county: number; all: number }>(
      `SELECT count(*) FILTER (WHERE b.name = '秀洲区总工会')::int AS county, count(*)::int AS all
         FROM legal_case c JOIN branch b ON b.id = c.county_branch_id WHERE c.status = 'submitted'`,
    )
    expect(county).toBeGreaterThan(0)
    expect(all).toBeGreaterThan(county)
    expect(await queues(staff.countyAdmin)).toBe(county)
    expect(await queues(staff.cityAdmin)).toBe(all)
    expect(await queues(staff.siblingAdmin)).toBe(0)
    expect(await queues(staff.lawyer)).toBeNull()
    expect(await queues(asker.userId)).toBeNull()
  })

  it('pages through the list, newest first', async () => {
    const first = await app.ok(staff.countyAdmin, 'legal', 'cases', { limit: 1 })
    expect(first.nextCursor).not.toBeNull()
    const second = await app.ok(staff.countyAdmin, 'legal', 'cases', { limit: 1, cursor: first.nextCursor })
    expect(second.items[0].id).toBeLessThan(first.items[0].id)
    expect((await app.fail(staff.countyAdmin, 'legal', 'cases', { limit: 1, cursor: 'bm9wZQ' })).code).toBe('VALIDATION_FAILED')
  })

  it('shows name and phone only after the member consented, and logs every read', async () => {
    const before = await app.ok(staff.countyAdmin, 'legal', 'caseDetail', { id: caseId })
    expect(before.contact).toBeNull()
    expect(before.summary).toBe(summary)
    expect(before.handedOffBy).toBe('吴律师')
    expect(JSON.stringify(before)).not.toContain('郑秋萍')
    expect(JSON.stringify(before)).not.toContain('13957311111')
    expect(before.can.advanceTo).toEqual(['accepted', 'in_progress', 'closed'])

    expect((await app.fail(other.userId, 'legal', 'consentContact', { caseId })).code).toBe('NOT_FOUND')
    const consent = await app.ok(asker.userId, 'legal', 'consentContact', { caseId })
    expect(await app.ok(asker.userId, 'legal', 'consentContact', { caseId })).toEqual(consent)

    const after = await app.ok(staff.countyAdmin, 'legal', 'caseDetail', { id: caseId })
    expect(after.contact).toEqual({ name: '郑秋萍', phone: '13957311111' })
    expect(after.asker).toEqual({ anonymous: true, county: '秀洲区总工会' })
    expect(after.notes.map((n) => n.body)).toEqual(['当事人已同意向服务中心提供姓名和联系电话'])
    const logged = await app.db.query<{ detail: { contact: boolean } }>(
      `SELECT detail FROM audit_log WHERE action = 'legal.caseDetail' AND actor_user_id = $1 AND target_ids = ARRAY[$2::int] ORDER BY id`,
      [staff.countyAdmin, caseId],
    )
    expect(logged.map((l) => l.detail.contact)).toEqual([false, true])

    expect((await app.fail(staff.siblingAdmin, 'legal', 'caseDetail', { id: caseId })).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.lawyer, 'legal', 'caseDetail', { id: caseId })).code).toBe('FORBIDDEN')
    expect((await app.fail(other.userId, 'legal', 'caseDetail', { id: caseId })).code).toBe('FORBIDDEN')
  })

  it('moves forward only, with a note, closing with an outcome, and tells the member each step', async () => {
    const told = (await messagesOf(asker.userId)).length
    expect((await app.fail(staff.siblingAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', note: '已受理' })).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', note: '' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', outcome: 'succeeded', note: '已受理' })).code).toBe('VALIDATION_FAILED')

    const accepted = await app.ok(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', note: '调解中心已受理，将于三个工作日内联系您' })
    expect(accepted).toEqual({ caseId, status: 'accepted', outcome: null })
    // A retry of the same step answers the same; the member is told once.
    expect(await app.ok(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', note: '调解中心已受理，将于三个工作日内联系您' })).toEqual(accepted)
    expect((await app.fail(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'accepted', note: '再次受理' })).code).toBe('LEGAL_CASE_STATE_CONFLICT')

    await app.ok(staff.countyAdmin, 'legal', 'addCaseNote', { caseId, body: '已电话联系当事人，约定周三面谈' })
    await app.ok(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'in_progress', note: '已组织双方调解' })
    expect((await app.fail(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'closed', note: '调解成功' })).code).toBe('LEGAL_CASE_OUTCOME_REQUIRED')
    const closed = await app.ok(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'closed', outcome: 'succeeded', note: '双方达成调解协议，公司补发工资' })
    expect(closed).toEqual({ caseId, status: 'closed', outcome: 'succeeded' })
    expect((await app.fail(staff.countyAdmin, 'legal', 'advanceCase', { caseId, to: 'in_progress', note: '重新处理' })).code).toBe('LEGAL_CASE_STATE_CONFLICT')

    const detail = await app.ok(staff.countyAdmin, 'legal', 'caseDetail', { id: caseId })
    expect(detail.status).toBe('closed')
    expect(detail.outcome).toBe('succeeded')
    expect(detail.closedAt).not.toBeNull()
    expect(detail.acceptedAt).not.toBeNull()
    expect(detail.can.advanceTo).toEqual([])
    expect(detail.notes.map((n) => n.status)).toEqual(['submitted', 'accepted', 'accepted', 'in_progress', 'closed'])
    const messages = (await messagesOf(asker.userId)).slice(told)
    expect(messages.map((m) => m.title)).toEqual(['劳动争议调解已受理', '劳动争议调解处理中', '劳动争议调解已结案'])
    expect(messages[2].body).toContain('处理结果：已解决')
    expect((await app.fail(asker.userId, 'legal', 'consentContact', { caseId: caseId + 1000 })).code).toBe('NOT_FOUND')
  })

  it('never lets a legal_admin follow the case of their own question', async () => {
    const adminMember = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '卫管理', phone: '13957344444' })
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) SELECT $1, 'legal_admin', id FROM branch WHERE name = '秀洲区总工会'`, [adminMember.userId])
    const own = await insertLegalQuestion(app.db, { askerUserId: adminMember.userId, lawyerUserId: staff.lawyer })
    const ownCase = (await app.ok(staff.lawyer, 'legal', 'handOff', { questionId: own, kind: 'legal_aid', summary })).caseId
    expect((await app.fail(adminMember.userId, 'legal', 'caseDetail', { id: ownCase })).code).toBe('LEGAL_SELF_SERVICE')
    expect((await app.fail(adminMember.userId, 'legal', 'advanceCase', { caseId: ownCase, to: 'accepted', note: '自己受理' })).code).toBe('LEGAL_SELF_SERVICE')
    expect((await app.ok(adminMember.userId, 'legal', 'cases', { limit: 50 })).items.some((c) => c.id === ownCase)).toBe(false)
  })
})

describe('myQuestionsExport', () => {
  it("writes the caller's own questions, threads and case status to a workbook only they read, and to audit_log", async () => {
    const mine = await insertLegalQuestion(app.db, { askerUserId: other.userId, lawyerUserId: staff.lawyer, title: '加班费如何计算' })
    await insertLegalQuestion(app.db, { askerUserId: asker.userId, title: '别人的咨询不应导出' })
    await app.db.query(
      `INSERT INTO legal_message (question_id, author_user_id, author_side, body, request_id)
       VALUES ($1, $2, 'member', '周末加班公司只给调休', 'r1'), ($1, $3, 'lawyer', '休息日加班不能安排补休的，应支付不低于 200% 的工资', 'r2')`,
      [mine, other.userId, staff.lawyer],
    )
    await app.ok(staff.lawyer, 'legal', 'handOff', { questionId: mine, kind: 'legal_aid', summary })
    const exported = await app.ok(other.userId, 'legal', 'myQuestionsExport', {})
    expect((await app.fail(asker.userId, 'file', 'readUrl', { id: exported.fileId })).code).toBe('NOT_FOUND')
    expect((await app.fail(staff.countyAdmin, 'file', 'readUrl', { id: exported.fileId })).code).toBe('NOT_FOUND')
    await app.ok(other.userId, 'file', 'readUrl', { id: exported.fileId })

    const [file] = await app.db.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [exported.fileId])
    const book = new ExcelJS.Workbook()
    await book.xlsx.read(Readable.from(await fileStoreOf(testEnv).get(file.blob_ref)))
    const values = (name: string) => (book.getWorksheet(name)?.getSheetValues() ?? []).slice(2).map((row) => (Array.isArray(row) ? row.slice(1) : []))
    const questions = values('我的咨询')
    expect(questions).toHaveLength(1)
    expect(questions[0].slice(0, 3)).toEqual([mine, '工资报酬', '加班费如何计算'])
    expect(questions[0].slice(12, 14)).toEqual(['法律援助', '已转交'])
    expect(values('对话记录').map((row) => row[2])).toEqual(['我', '律师'])
    const [logged] = await app.db.query<{ actor_user_id: number; detail: { questions: number; messages: number } }>(
      `SELECT actor_user_id, detail FROM audit_log WHERE action = 'legal.myQuestions.export' ORDER BY id DESC LIMIT 1`,
    )
    expect(logged).toMatchObject({ actor_user_id: other.userId, detail: { questions: 1, messages: 2 } })
    expect((await app.fail(staff.countyAdmin, 'legal', 'myQuestionsExport', {})).code).toBe('NOT_MEMBER')
  })
})
