/**
 * 在线律师, asking and routing (issue 10 §1, §2): the question lands in the county's queue or the
 * city's, refused input writes nothing, a retried ask answers the first question, the duty
 * roster decides who may claim, one lawyer holds a question at a time, and staff of another
 * county see nothing. The demo roster (吴律师, 秀洲区, Monday–Friday 08:30–17:30) is seeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import type { Role } from '../../src/shared/roles'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { claimQuestion, lawyerQueue } from '../../server/legal/queue'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
// Races need a real server: PGlite runs one statement at a time.
const pg = process.env.TEST_DB === 'pg'

/** 秀洲区 members (油车港镇, 王江泾镇) and a member of 南湖区, whose county has no roster. */
let member: number
let sibling: number
let nanhuMember: number
/** The demo lawyer, on the roster Monday–Friday 08:30–17:30. */
let demoLawyer: number
/** 秀洲区 lawyers on duty around the clock, every day. */
let lawyerA: number
let lawyerB: number
/** A 秀洲区 lawyer who is also a member there. */
let memberLawyer: number
let countyAdmin: number
let cityAdmin: number
let otherLawyer: number
let otherAdmin: number
let xiuzhou: number
let city: number

async function demoUser(key: string): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [key])
  return row.id
}

let memberSerial = 0
/** A new approved member of the named branch (optionally also holding a role at another). */
async function newMember(branchName: string, name: string, grant?: { role: Role; branch: string }): Promise<number> {
  memberSerial += 1
  const userId = await app.newUser(name)
  await app.db.query(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, $3, $4, '0017', $5)`,
    [userId, name, `1390000${String(memberSerial).padStart(4, '0')}`, `legal-ask-test-${memberSerial}`, await app.branchId(branchName)],
  )
  if (grant) await app.db.query('INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, $2, $3)', [userId, grant.role, await app.branchId(grant.branch)])
  return userId
}

/** Puts a lawyer on a queue's roster every day, all day. */
async function alwaysOnDuty(lawyer: number, branchId: number): Promise<void> {
  await app.db.query(
    `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
     SELECT $1, $2, d, 0, 1440, $3 FROM generate_series(1, 7) AS d`,
    [branchId, lawyer, countyAdmin],
  )
}

let requestSerial = 0
function askInput(fields: Partial<ActionInput<'legal', 'ask'>> = {}): ActionInput<'legal', 'ask'> {
  requestSerial += 1
  return {
    requestId: `legal-ask-${String(requestSerial).padStart(6, '0')}`,
    category: 'wages',
    title: '公司拖欠三个月工资怎么办',
    body: '我在公司工作两年，最近三个月工资一直没有发放，老板说资金紧张，我该怎么维权？',
    anonymous: false,
    fileIds: [],
    ...fields,
  }
}

async function ask(as: number, fields: Partial<ActionInput<'legal', 'ask'>> = {}): Promise<number> {
  return (await app.ok(as, 'legal', 'ask', askInput(fields))).questionId
}

let fileSerial = 0
async function upload(owner: number): Promise<number> {
  fileSerial += 1
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
     VALUES ($1, 'lawyer_attachment', $2, 'ready', 100, 'image/jpeg', 'image/jpeg', 100, $3, now(), now()) RETURNING id`,
    [owner, `劳动合同${fileSerial}.jpg`, `private/${String(fileSerial).padStart(60, '0')}legal.jpg`],
  )
  return row.id
}

async function legalCounts(): Promise<Record<string, number>> {
  const [row] = await app.db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM legal_question) AS questions, (SELECT count(*)::int FROM legal_event) AS events,
            (SELECT count(*)::int FROM file WHERE record IS NOT NULL) AS attached, (SELECT count(*)::int FROM legal_roster) AS roster`,
  )
  return { ...row, ...(await app.snapshot()) }
}

async function caller(userId: number): Promise<Caller> {
  const loaded = await loadCaller(app.db, userId)
  if (!loaded) throw new Error(`no user ${userId}`)
  return loaded
}

const deps = () => ({ db: app.db, env: testEnv })

beforeAll(async () => {
  app = await openTestApp()
  member = app.users.member
  sibling = app.users['sibling-member']
  demoLawyer = await demoUser('lawyer')
  countyAdmin = await demoUser('legal-admin')
  cityAdmin = app.users['city-admin']
  xiuzhou = await app.branchId('秀洲区总工会')
  city = await app.branchId('嘉兴市总工会')
  lawyerA = await app.newStaff('秀洲区总工会', 'lawyer')
  lawyerB = await app.newStaff('秀洲区总工会', 'lawyer')
  otherLawyer = await app.newStaff('南湖区总工会', 'lawyer')
  otherAdmin = await app.newStaff('南湖区总工会', 'legal_admin')
  memberLawyer = await newMember('油车港镇总工会', '周律师', { role: 'lawyer', branch: '秀洲区总工会' })
  nanhuMember = await newMember('凤桥镇总工会', '沈一鸣')
  await alwaysOnDuty(lawyerA, xiuzhou)
  await alwaysOnDuty(lawyerB, xiuzhou)
  await alwaysOnDuty(memberLawyer, xiuzhou)
  await alwaysOnDuty(otherLawyer, city)
})

afterAll(async () => {
  await app?.close()
})

describe('asking', () => {
  it('puts a 秀洲区 question in the county queue with its attachments, deadlines and the asked event', async () => {
    const files = [await upload(member), await upload(member)]
    const id = await ask(member, { fileIds: files, anonymous: true })
    const [q] = await app.db.query<{ queue_branch_id: number; county_branch_id: number; anonymous: boolean; status: string; awaiting: string; due_ok: boolean }>(
      `SELECT queue_branch_id, county_branch_id, anonymous, status, awaiting, due_at > asked_at AND escalate_county_at >= due_at AS due_ok
         FROM legal_question WHERE id = $1`,
      [id],
    )
    expect(q).toEqual({ queue_branch_id: xiuzhou, county_branch_id: xiuzhou, anonymous: true, status: 'open', awaiting: 'lawyer', due_ok: true })
    const attached = await app.db.query<{ id: number }>('SELECT id FROM file WHERE record = $1 ORDER BY id', [`legal_question:${id}`])
    expect(attached.map((f) => f.id)).toEqual(files)
    const events = await app.db.query<{ kind: string }>('SELECT kind FROM legal_event WHERE question_id = $1', [id])
    expect(events.map((e) => e.kind)).toEqual(['asked'])
  })

  it('routes to the city when the county has no roster', async () => {
    const id = await ask(nanhuMember)
    const [q] = await app.db.query<{ queue_branch_id: number; county: string }>(
      'SELECT q.queue_branch_id, b.name AS county FROM legal_question q JOIN branch b ON b.id = q.county_branch_id WHERE q.id = $1',
      [id],
    )
    expect(q).toEqual({ queue_branch_id: city, county: '南湖区总工会' })
    // …and once the county has a roster, to the county.
    const nanhu = await app.branchId('南湖区总工会')
    await app.db.query(`INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by) VALUES ($1, $2, 1, 0, 60, $3)`, [
      nanhu,
      otherLawyer,
      otherAdmin,
    ])
    const later = await ask(nanhuMember)
    const [routed] = await app.db.query<{ queue_branch_id: number }>('SELECT queue_branch_id FROM legal_question WHERE id = $1', [later])
    expect(routed.queue_branch_id).toBe(nanhu)
    await app.db.query('DELETE FROM legal_roster WHERE branch_id = $1', [nanhu])
  })

  it('answers a retried ask with the question the first call made', async () => {
    const input = askInput({ fileIds: [await upload(member)] })
    const first = await app.ok(member, 'legal', 'ask', input)
    const before = await legalCounts()
    const again = await app.ok(member, 'legal', 'ask', input)
    expect(again.questionId).toBe(first.questionId)
    expect(await legalCounts()).toEqual(before)
  })

  it('refuses an empty or huge question, and a bad attachment, writing nothing', async () => {
    const before = await legalCounts()
    const refusals: [Partial<ActionInput<'legal', 'ask'>>, string][] = [
      [{ body: '' }, '至少 10 个字'],
      [{ body: ' \u200b\u3000'.repeat(20) }, '至少 10 个字'],
      [{ body: '工资'.repeat(1501) }, '不超过 3000 字'],
      [{ title: '' }, '请填写标题'],
      [{ title: '拖欠工资'.repeat(16) }, '不超过 60 字'],
    ]
    for (const [fields, message] of refusals) {
      const error = await app.fail(member, 'legal', 'ask', askInput(fields))
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(error.message).toContain(message)
    }
    const tooMany = await Promise.all(Array.from({ length: 10 }, () => upload(member)))
    expect((await app.fail(member, 'legal', 'ask', askInput({ fileIds: tooMany }))).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(member, 'legal', 'ask', { ...askInput(), category: 'tax' })).code).toBe('VALIDATION_FAILED')
    // Someone else's upload: the question it would have attached to is rolled back.
    const theirs = await upload(sibling)
    expect((await app.fail(member, 'legal', 'ask', askInput({ fileIds: [theirs] }))).code).toBe('FILE_NOT_YOURS')
    const after = await legalCounts()
    // The uploads made for the test are files, not attached to anything.
    expect({ ...after, file: before.file }).toEqual(before)
    expect((await app.fail(await app.newUser(), 'legal', 'ask', askInput())).code).toBe('NOT_MEMBER')
  })

  it('lists the caller’s own questions, newest first, page by page', async () => {
    const asker = await newMember('王江泾镇总工会', '徐丽')
    const ids = [await ask(asker), await ask(asker), await ask(asker)]
    const first = await app.ok(asker, 'legal', 'myQuestions', { limit: 2 })
    expect(first.items.map((q) => q.id)).toEqual([ids[2], ids[1]])
    const second = await app.ok(asker, 'legal', 'myQuestions', { limit: 2, cursor: first.nextCursor })
    expect(second.items.map((q) => q.id)).toEqual([ids[0]])
    expect(second.nextCursor).toBeNull()
    const others = await app.ok(sibling, 'legal', 'myQuestions', {})
    expect(others.items.some((q) => ids.includes(q.id))).toBe(false)
  })
})

describe('claiming', () => {
  it('lets only a lawyer on duty now claim, per the roster in Shanghai time', async () => {
    const id = await ask(member)
    const lawyer = await caller(demoLawyer)
    // Sunday 2026-11-22 10:00 and Monday 2026-11-23 08:00 (Shanghai): off duty.
    for (const at of ['2026-11-22T10:00:00+08:00', '2026-11-23T08:00:00+08:00', '2026-11-23T17:30:00+08:00']) {
      await expect(claimQuestion(deps(), lawyer, id, new Date(at))).rejects.toMatchObject({ code: 'LEGAL_NOT_ON_DUTY' })
    }
    const [unclaimed] = await app.db.query<{ lawyer_user_id: number | null }>('SELECT lawyer_user_id FROM legal_question WHERE id = $1', [id])
    expect(unclaimed.lawyer_user_id).toBeNull()
    // Monday 08:30: on duty.
    const claimed = await claimQuestion(deps(), lawyer, id, new Date('2026-11-23T08:30:00+08:00'))
    expect(claimed.questionId).toBe(id)
    // A second tap answers the same claim.
    expect(await claimQuestion(deps(), lawyer, id, new Date('2026-11-23T08:31:00+08:00'))).toEqual(claimed)
    const events = await app.db.query<{ kind: string }>(`SELECT kind FROM legal_event WHERE question_id = $1 AND kind = 'claimed'`, [id])
    expect(events).toHaveLength(1)
  })

  it('refuses a question already claimed, and other counties’ lawyers and admins as if it did not exist', async () => {
    const id = await ask(member, { anonymous: true })
    await app.ok(lawyerA, 'legal', 'claimQuestion', { questionId: id })
    expect((await app.fail(lawyerB, 'legal', 'claimQuestion', { questionId: id })).code).toBe('LEGAL_ALREADY_CLAIMED')
    expect((await app.fail(otherLawyer, 'legal', 'claimQuestion', { questionId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(otherAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: otherLawyer })).code).toBe('NOT_FOUND')
    expect((await app.fail(otherAdmin, 'legal', 'assignOptions', { questionId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(member, 'legal', 'claimQuestion', { questionId: id })).code).toBe('FORBIDDEN')
    expect((await app.fail(lawyerB, 'legal', 'releaseQuestion', { questionId: id })).code).toBe('NOT_FOUND')
    for (const staff of [otherLawyer, otherAdmin]) {
      for (const filter of ['unclaimed', 'all', 'overdue'] as const) {
        const page = await app.ok(staff, 'legal', 'lawyerQueue', { filter, limit: 50 })
        expect(page.items.some((q) => q.id === id)).toBe(false)
      }
    }
  })

  it('does not let a lawyer claim or be assigned their own question', async () => {
    const id = await ask(memberLawyer)
    expect((await app.fail(memberLawyer, 'legal', 'claimQuestion', { questionId: id })).code).toBe('LEGAL_SELF_SERVICE')
    expect((await app.fail(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: memberLawyer })).code).toBe('LEGAL_SELF_SERVICE')
    const options = await app.ok(countyAdmin, 'legal', 'assignOptions', { questionId: id })
    expect(options.lawyers.some((l) => l.userId === memberLawyer)).toBe(false)
    const own = await app.ok(memberLawyer, 'legal', 'lawyerQueue', { filter: 'all', limit: 50 })
    expect(own.items.some((q) => q.id === id)).toBe(false)
  })

  it('lets the holder release the question back to the queue', async () => {
    const id = await ask(member)
    await app.ok(lawyerA, 'legal', 'claimQuestion', { questionId: id })
    expect((await app.fail(lawyerB, 'legal', 'releaseQuestion', { questionId: id })).code).toBe('NOT_FOUND')
    await app.ok(lawyerA, 'legal', 'releaseQuestion', { questionId: id })
    expect((await app.fail(lawyerA, 'legal', 'releaseQuestion', { questionId: id })).code).toBe('LEGAL_NOT_ASSIGNED')
    await app.ok(lawyerB, 'legal', 'claimQuestion', { questionId: id })
    const events = await app.db.query<{ kind: string }>('SELECT kind FROM legal_event WHERE question_id = $1 ORDER BY id', [id])
    expect(events.map((e) => e.kind)).toEqual(['asked', 'claimed', 'released', 'claimed'])
  })

  it('refuses to claim a resolved question', async () => {
    const id = await ask(member)
    await app.db.query(`UPDATE legal_question SET status = 'resolved', closed_at = now() WHERE id = $1`, [id])
    expect((await app.fail(lawyerA, 'legal', 'claimQuestion', { questionId: id })).code).toBe('LEGAL_QUESTION_NOT_OPEN')
    expect((await app.fail(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: lawyerA })).code).toBe('LEGAL_QUESTION_NOT_OPEN')
  })

  it.runIf(pg)('lawyers claiming the same question at once: exactly one gets it (PostgreSQL)', async () => {
    const racers = [lawyerA, lawyerB, memberLawyer]
    for (let round = 0; round < 5; round += 1) {
      const id = await ask(sibling)
      const results = await Promise.all(racers.map((l) => app.call(l, 'legal', 'claimQuestion', { questionId: id })))
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code))).toEqual(['LEGAL_ALREADY_CLAIMED', 'LEGAL_ALREADY_CLAIMED'])
      const [q] = await app.db.query<{ lawyer_user_id: number; claims: number }>(
        `SELECT lawyer_user_id, (SELECT count(*)::int FROM legal_event e WHERE e.question_id = q.id AND e.kind = 'claimed') AS claims
           FROM legal_question q WHERE id = $1`,
        [id],
      )
      expect(q.lawyer_user_id).toBe(racers[results.findIndex((r) => r.ok)])
      expect(q.claims).toBe(1)
    }
  })
})

describe('assigning', () => {
  it('lets a county legal_admin assign and reassign to the queue’s lawyers, telling each', async () => {
    const id = await ask(sibling)
    const options = await app.ok(countyAdmin, 'legal', 'assignOptions', { questionId: id })
    expect(options.lawyers.map((l) => l.userId)).toEqual(expect.arrayContaining([demoLawyer, lawyerA, lawyerB]))
    expect(options.lawyers.find((l) => l.userId === lawyerA)?.onDuty).toBe(true)
    expect((await app.fail(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: otherLawyer })).code).toBe('LEGAL_LAWYER_OUT_OF_SCOPE')
    const assigned = await app.ok(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: lawyerA })
    expect(assigned.lawyer.userId).toBe(lawyerA)
    // The same again changes nothing; a reassignment moves it and tells the new lawyer.
    await app.ok(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: lawyerA })
    await app.ok(cityAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: lawyerB })
    const [q] = await app.db.query<{ lawyer_user_id: number }>('SELECT lawyer_user_id FROM legal_question WHERE id = $1', [id])
    expect(q.lawyer_user_id).toBe(lawyerB)
    const events = await app.db.query<{ kind: string }>('SELECT kind FROM legal_event WHERE question_id = $1 ORDER BY id', [id])
    expect(events.map((e) => e.kind)).toEqual(['asked', 'assigned', 'assigned'])
    const messages = await app.db.query<{ user_id: number; link: string }>(`SELECT user_id, link FROM message WHERE kind = 'legal_assigned' AND link LIKE $1 ORDER BY id`, [`%id=${id}`])
    expect(messages.map((m) => m.user_id)).toEqual([lawyerA, lawyerB])
    // The holder now appears under 我的 for lawyerB only.
    const mine = await app.ok(lawyerB, 'legal', 'lawyerQueue', { filter: 'mine', limit: 50 })
    expect(mine.items.find((i) => i.id === id)?.mine).toBe(true)
    const notMine = await app.ok(lawyerA, 'legal', 'lawyerQueue', { filter: 'all', limit: 50 })
    expect(notMine.items.some((i) => i.id === id)).toBe(false)
  })

  it('lets a county legal_admin see and assign its members’ questions routed to the city, not other counties’', async () => {
    const id = await ask(nanhuMember)
    const cityLawyer = await app.newStaff('嘉兴市总工会', 'lawyer')
    expect((await app.fail(countyAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: cityLawyer })).code).toBe('NOT_FOUND')
    await app.ok(otherAdmin, 'legal', 'assignQuestion', { questionId: id, lawyerUserId: cityLawyer })
    const seen = await app.ok(otherAdmin, 'legal', 'lawyerQueue', { filter: 'all', limit: 50 })
    expect(seen.items.find((i) => i.id === id)?.lawyer?.userId).toBe(cityLawyer)
    const county = await app.ok(countyAdmin, 'legal', 'lawyerQueue', { filter: 'all', limit: 50 })
    expect(county.items.some((i) => i.id === id)).toBe(false)
  })
})

describe('the queue', () => {
  it('shows the asker of an anonymous question by county only, and marks overdue questions', async () => {
    const lawyer = await app.newStaff('秀洲区总工会', 'lawyer')
    const id = await ask(member, { anonymous: true })
    const named = await ask(sibling, { anonymous: false })
    const input = { filter: 'all' as const, limit: 50 }
    const now = await lawyerQueue(deps(), await caller(lawyer), { ...input, cursor: null })
    const item = now.items.find((i) => i.id === id)
    expect(item?.asker).toEqual({ anonymous: true, county: '秀洲区总工会' })
    expect(item?.overdue).toBe(false)
    expect(JSON.stringify(item)).not.toMatch(/张晓梅|13857300001|恒创/)
    expect(now.items.find((i) => i.id === named)?.asker).toMatchObject({ anonymous: false, name: '陈建国' })
    // A week of working time later, unanswered: overdue, in the overdue filter too.
    const later = new Date(Date.now() + 14 * 86_400_000)
    const overdue = await lawyerQueue(deps(), await caller(lawyer), { filter: 'overdue', limit: 50, cursor: null }, later)
    expect(overdue.items.find((i) => i.id === id)?.overdue).toBe(true)
    const fresh = await lawyerQueue(deps(), await caller(lawyer), { filter: 'overdue', limit: 50, cursor: null })
    expect(fresh.items.some((i) => i.id === id)).toBe(false)
  })

  it('pages oldest first across the county and city queues for the city legal_admin', async () => {
    const ids = [await ask(member), await ask(nanhuMember), await ask(sibling), await ask(nanhuMember)]
    const seen: number[] = []
    let cursor: string | null = null
    for (let pageNo = 0; pageNo < 200; pageNo += 1) {
      const page: Awaited<ReturnType<typeof lawyerQueue>> = await app.ok(cityAdmin, 'legal', 'lawyerQueue', { filter: 'unclaimed', limit: 3, cursor })
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
      if (!cursor) break
    }
    const [expected] = await app.db.query<{ ids: number[] }>(
      `SELECT array_agg(id ORDER BY asked_at, id) AS ids FROM legal_question WHERE status = 'open' AND lawyer_user_id IS NULL AND asker_user_id <> $1`,
      [cityAdmin],
    )
    expect(seen).toEqual(expected.ids)
    expect(seen).toEqual(expect.arrayContaining(ids))
    expect((await app.fail(cityAdmin, 'legal', 'lawyerQueue', { filter: 'all', cursor: 'bm90LWEtY3Vyc29y' })).code).toBe('VALIDATION_FAILED')
  })

  it('counts unclaimed questions on the lawyer’s home badge', async () => {
    const lawyer = await app.newStaff('秀洲区总工会', 'lawyer')
    const before = await app.ok(lawyer, 'auth', 'workQueues', {})
    await ask(member)
    const after = await app.ok(lawyer, 'auth', 'workQueues', {})
    expect(after.legalUnclaimed).toBe((before.legalUnclaimed ?? 0) + 1)
    expect((await app.ok(member, 'auth', 'workQueues', {})).legalUnclaimed).toBeNull()
  })
})

describe('the duty roster', () => {
  it('adds slots for a lawyer of the branch, refuses overlaps, other branches and other lawyers', async () => {
    const lawyer = await app.newStaff('秀洲区总工会', 'lawyer')
    const saved = await app.ok(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: lawyer, weekdays: [6, 7], startMinute: 540, endMinute: 720 })
    expect(saved.slots.filter((s) => s.lawyer.userId === lawyer).map((s) => [s.weekday, s.startMinute, s.endMinute])).toEqual([
      [6, 540, 720],
      [7, 540, 720],
    ])
    expect(saved.lawyers.map((l) => l.userId)).toContain(lawyer)
    const before = await legalCounts()
    const overlap = await app.fail(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: lawyer, weekdays: [1, 7], startMinute: 700, endMinute: 800 })
    expect(overlap.code).toBe('LEGAL_ROSTER_OVERLAP')
    expect(overlap.message).toContain('周日 09:00–12:00')
    // Back to back is not an overlap; the refused call above wrote nothing.
    expect(await legalCounts()).toEqual(before)
    await app.ok(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: lawyer, weekdays: [7], startMinute: 720, endMinute: 780 })
    expect((await app.fail(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: otherLawyer, weekdays: [1], startMinute: 0, endMinute: 60 })).code).toBe(
      'LEGAL_LAWYER_OUT_OF_SCOPE',
    )
    expect((await app.fail(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: member, weekdays: [1], startMinute: 0, endMinute: 60 })).code).toBe(
      'LEGAL_LAWYER_OUT_OF_SCOPE',
    )
    const town = await app.branchId('油车港镇总工会')
    expect((await app.fail(countyAdmin, 'legal', 'rosterSave', { branchId: town, lawyerUserId: lawyer, weekdays: [1], startMinute: 0, endMinute: 60 })).code).toBe('LEGAL_ROSTER_BRANCH')
    expect((await app.fail(otherAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: lawyer, weekdays: [1], startMinute: 0, endMinute: 60 })).code).toBe('NOT_FOUND')
    expect((await app.fail(countyAdmin, 'legal', 'rosterSave', { branchId: xiuzhou, lawyerUserId: lawyer, weekdays: [1], startMinute: 600, endMinute: 600 })).code).toBe(
      'VALIDATION_FAILED',
    )
    const slot = saved.slots.find((s) => s.lawyer.userId === lawyer)
    if (!slot) throw new Error('slot missing')
    expect((await app.fail(otherAdmin, 'legal', 'rosterRemove', { id: slot.id })).code).toBe('NOT_FOUND')
    const removed = await app.ok(countyAdmin, 'legal', 'rosterRemove', { id: slot.id })
    expect(removed.slots.some((s) => s.id === slot.id)).toBe(false)
  })

  it('lists the roster of the caller’s county by default, and the counties for the city', async () => {
    const county = await app.ok(countyAdmin, 'legal', 'rosterList', {})
    expect(county.branch.id).toBe(xiuzhou)
    expect(county.branches.map((b) => b.id)).toEqual([xiuzhou])
    const demo = county.slots.filter((s) => s.lawyer.userId === demoLawyer)
    expect(demo.map((s) => [s.weekday, s.startMinute, s.endMinute])).toEqual([1, 2, 3, 4, 5].map((d) => [d, 510, 1050]))
    const cityView = await app.ok(cityAdmin, 'legal', 'rosterList', {})
    expect(cityView.branch.id).toBe(city)
    expect(cityView.branches).toHaveLength(8)
    expect((await app.fail(otherAdmin, 'legal', 'rosterList', { branchId: xiuzhou })).code).toBe('NOT_FOUND')
  })

  it('says who is on duty now for the member’s queue', async () => {
    const duty = await app.ok(member, 'legal', 'onDuty', {})
    expect(duty.queue.id).toBe(xiuzhou)
    expect(duty.lawyers.map((l) => l.userId)).toEqual(expect.arrayContaining([lawyerA, lawyerB]))
    expect((await app.fail(member, 'legal', 'onDuty', { branchId: xiuzhou })).code).toBe('NOT_FOUND')
    expect((await app.ok(countyAdmin, 'legal', 'onDuty', { branchId: xiuzhou })).queue.id).toBe(xiuzhou)
  })
})
