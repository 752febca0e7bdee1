/**
 * 在线律师, the conversation (issue 10 §3, §4 closing, §7): who sees a question, replies from both
 * sides and nobody else, polling, resolving and rating once, the auto-close job, the identity
 * reveal and the file gates of a thread. Questions are written straight into the table (asking
 * has its own tests); everything after that goes through the actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeIdleQuestions } from '../../server/legal/closing'
import { openTestApp } from '../support/app'
import { demoUser, insertLegalQuestion } from '../support/legal-fixtures'
import type { TestApp } from '../support/app'

let app: TestApp
// Races need a real server: PGlite runs one statement at a time.
const pg = process.env.TEST_DB === 'pg'

/** 张晓梅 (秀洲区 › 油车港镇 › 嘉兴恒创电子) asks; 陈建国 is another member of the same county. */
let asker: number
let otherMember: number
/** 吴律师, lawyer of 秀洲区 (demo); a second 秀洲区 lawyer; a lawyer of 南湖区. */
let lawyer: number
let lawyer2: number
let otherCountyLawyer: number
/** 钱进, legal_admin of 秀洲区 (demo); a legal_admin of 南湖区. */
let countyAdmin: number
let otherCountyAdmin: number

let sequence = 0
const requestId = () => `thread-${Date.now().toString(36)}-${++sequence}`

/** A question of `askerUserId`'s in their county's queue, anonymous unless said otherwise. */
function insertQuestion(askerUserId: number, fields: { anonymous?: boolean; lawyer?: number | null } = {}): Promise<number> {
  return insertLegalQuestion(app.db, { askerUserId, anonymous: fields.anonymous ?? true, lawyerUserId: fields.lawyer ?? null })
}

/** A ready private file of `owner`'s, optionally attached to `record`. */
async function insertFile(owner: number, record: string | null = null, name = '劳动合同.pdf'): Promise<number> {
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
     VALUES ($1, 'lawyer_attachment', $4, 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, $3, now(), now()) RETURNING id`,
    [owner, `private/${'c'.repeat(64)}.pdf`, record, name],
  )
  return row.id
}

async function countRows(sql: string, params: unknown[]): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)
  return row.n
}

beforeAll(async () => {
  app = await openTestApp()
  asker = app.users.member
  otherMember = app.users['sibling-member']
  lawyer = await demoUser(app.db, 'lawyer')
  countyAdmin = await demoUser(app.db, 'legal-admin')
  lawyer2 = await app.newStaff('秀洲区总工会', 'lawyer')
  otherCountyLawyer = await app.newStaff('南湖区总工会', 'lawyer')
  otherCountyAdmin = await app.newStaff('南湖区总工会', 'legal_admin')
})
afterAll(() => app?.close())

describe('who sees a question', () => {
  it('shows it to the asker, the queue lawyers while unclaimed and legal_admins in scope; to everyone else it does not exist', async () => {
    const id = await insertQuestion(asker)
    expect((await app.ok(asker, 'legal', 'question', { id })).viewer).toBe('asker')
    const seen = await app.ok(lawyer, 'legal', 'question', { id })
    expect(seen).toMatchObject({ viewer: 'lawyer', can: { claim: true, reply: false }, asker: { anonymous: true, county: '秀洲区总工会' } })
    expect((await app.ok(countyAdmin, 'legal', 'question', { id })).can).toMatchObject({ assign: true, reveal: true, claim: false })
    expect((await app.ok(app.users['city-admin'], 'legal', 'question', { id })).viewer).toBe('legal_admin')
    for (const outsider of [otherMember, otherCountyLawyer, otherCountyAdmin, app.users['county-admin']]) {
      expect((await app.fail(outsider, 'legal', 'question', { id })).code).toBe('NOT_FOUND')
      expect((await app.fail(outsider, 'legal', 'messages', { questionId: id })).code).toBe('NOT_FOUND')
    }
    // Claimed by the demo lawyer: the queue's other lawyers no longer see it.
    await app.db.query('UPDATE legal_question SET lawyer_user_id = $2, claimed_at = now() WHERE id = $1', [id, lawyer])
    expect((await app.fail(lawyer2, 'legal', 'question', { id })).code).toBe('NOT_FOUND')
    expect((await app.ok(lawyer, 'legal', 'question', { id })).can).toMatchObject({ reply: true, claim: false, markNeedsOffline: true, handOff: true })
  })

  it('logs every staff read of a question and of its thread, and not the asker reading their own', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const reads = () => countRows(`audit_log WHERE target_type = 'legal_question' AND $1 = ANY(target_ids)`, [id])
    await app.ok(asker, 'legal', 'question', { id })
    expect(await reads()).toBe(0)
    await app.ok(lawyer, 'legal', 'question', { id })
    await app.ok(countyAdmin, 'legal', 'question', { id })
    expect(await reads()).toBe(2)
    await app.ok(asker, 'legal', 'sendMessage', { questionId: id, body: '补充一下情况', requestId: requestId() })
    await app.ok(lawyer, 'legal', 'messages', { questionId: id })
    expect(await reads()).toBe(3)
  })

  it('shows an anonymous asker to staff as the county and 「匿名职工」, with nothing that names them', async () => {
    const id = await insertQuestion(asker, { lawyer, anonymous: true })
    const [{ member_no: memberNo }] = await app.db.query<{ member_no: string }>('SELECT member_no FROM member WHERE user_id = $1', [asker])
    // A device's file names can name the asker: staff see them as 附件 n.
    await insertFile(asker, `legal_question:${id}`, '张晓梅的劳动合同.pdf')
    const payslip = await insertFile(asker, null, '张晓梅工资条.pdf')
    await app.ok(asker, 'legal', 'sendMessage', { questionId: id, body: '单位叫我签一份放弃社保的协议', fileIds: [payslip], requestId: requestId() })
    for (const staff of [lawyer, countyAdmin]) {
      const detail = await app.ok(staff, 'legal', 'question', { id })
      const thread = await app.ok(staff, 'legal', 'messages', { questionId: id })
      expect(thread.items[0]).toMatchObject({ side: 'member', author: '匿名职工', mine: false })
      expect(detail.attachments.map((a) => a.file.name)).toEqual(['附件1.pdf'])
      expect(thread.items[0].files.map((f) => f.file.name)).toEqual(['附件1.pdf'])
      const text = JSON.stringify([detail, thread])
      for (const secret of ['张晓梅', '13857300001', '恒创', memberNo, '晓梅']) expect(text).not.toContain(secret)
    }
    const own = await app.ok(asker, 'legal', 'messages', { questionId: id })
    expect(own.items[0].files[0].file.name).toBe('张晓梅工资条.pdf')
    // Not anonymous: the lawyer sees the name, still never the phone or member number.
    const named = await insertQuestion(asker, { lawyer, anonymous: false })
    await app.ok(asker, 'legal', 'sendMessage', { questionId: named, body: '我愿意提供联系方式', requestId: requestId() })
    const thread = await app.ok(lawyer, 'legal', 'messages', { questionId: named })
    expect(thread.items[0].author).toBe('张晓梅')
    expect(JSON.stringify(thread)).not.toContain('13857300001')
  })
})

describe('replies', () => {
  it('lets only the asker and the assigned lawyer reply, and tells the other side', async () => {
    const id = await insertQuestion(asker)
    const send = (as: number, body = '请问需要准备哪些材料？') => app.call(as, 'legal', 'sendMessage', { questionId: id, body, requestId: requestId() })
    const before = await app.snapshot()
    for (const [as, code] of [
      [lawyer, 'LEGAL_NOT_PARTICIPANT'],
      [countyAdmin, 'LEGAL_NOT_PARTICIPANT'],
      [otherMember, 'NOT_FOUND'],
      [otherCountyLawyer, 'NOT_FOUND'],
    ] as const) {
      const result = await send(as)
      expect(result.ok ? 'accepted' : result.error.code).toBe(code)
    }
    expect(await app.snapshot()).toEqual(before)

    await app.db.query('UPDATE legal_question SET lawyer_user_id = $2, claimed_at = now() WHERE id = $1', [id, lawyer])
    const reply = await app.ok(lawyer, 'legal', 'sendMessage', { questionId: id, body: '可以先申请劳动仲裁。', requestId: requestId() })
    expect(reply.message).toMatchObject({ side: 'lawyer', mine: true, author: '吴律师', body: '可以先申请劳动仲裁。' })
    await app.ok(lawyer, 'legal', 'sendMessage', { questionId: id, body: '需要准备劳动合同和工资流水。', requestId: requestId() })
    const [q] = await app.db.query<{ awaiting: string; first_response_at: Date | null; last_lawyer_at: Date | null }>(
      'SELECT awaiting, first_response_at, last_lawyer_at FROM legal_question WHERE id = $1',
      [id],
    )
    expect(q.awaiting).toBe('member')
    expect(q.first_response_at).not.toBeNull()
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'first_response'`, [id])).toBe(1)
    expect(await countRows(`message WHERE user_id = $1 AND kind = 'legal_reply' AND link = $2`, [asker, `/pages/legal/question/index?id=${id}`])).toBe(2)

    await app.ok(asker, 'legal', 'sendMessage', { questionId: id, body: '仲裁要交费吗？', requestId: requestId() })
    const [after] = await app.db.query<{ awaiting: string }>('SELECT awaiting FROM legal_question WHERE id = $1', [id])
    expect(after.awaiting).toBe('lawyer')
    const [followup] = await app.db.query<{ body: string }>(`SELECT body FROM message WHERE user_id = $1 AND kind = 'legal_followup' AND link = $2`, [
      lawyer,
      `/pages/legal/question/index?id=${id}`,
    ])
    expect(followup.body).toContain('仲裁要交费吗')
    expect(followup.body).not.toContain('张晓梅')
  })

  it('answers a retried send with the first message and writes nothing twice', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const input = { questionId: id, body: '公司说下个月一起发', requestId: requestId() }
    const first = await app.ok(asker, 'legal', 'sendMessage', input)
    const again = await app.ok(asker, 'legal', 'sendMessage', input)
    expect(again).toEqual({ message: first.message, replayed: true })
    expect(first.replayed).toBe(false)
    expect(await countRows('legal_message WHERE question_id = $1', [id])).toBe(1)
    expect(await countRows(`message WHERE user_id = $1 AND kind = 'legal_followup' AND source = $2`, [lawyer, `legal_message:${first.message.id}`])).toBe(1)
  })

  it('refuses a reply to a resolved or closed question, an empty one and a huge one, writing nothing', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const before = await app.snapshot()
    expect((await app.fail(asker, 'legal', 'sendMessage', { questionId: id, body: '   ', requestId: requestId() })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(asker, 'legal', 'sendMessage', { questionId: id, body: '长'.repeat(3001), requestId: requestId() })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    await app.db.query(`UPDATE legal_question SET status = 'closed', closed_at = now() WHERE id = $1`, [id])
    const closed = await app.snapshot()
    for (const as of [asker, lawyer]) {
      expect((await app.fail(as, 'legal', 'sendMessage', { questionId: id, body: '还有一个问题', requestId: requestId() })).code).toBe('LEGAL_QUESTION_NOT_OPEN')
    }
    expect(await countRows('legal_message WHERE question_id = $1', [id])).toBe(0)
    expect(await app.snapshot()).toEqual(closed)
  })

  it('marks "needs offline help" once, by the assigned lawyer only', async () => {
    const id = await insertQuestion(asker, { lawyer })
    expect((await app.fail(lawyer2, 'legal', 'markNeedsOffline', { questionId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(asker, 'legal', 'markNeedsOffline', { questionId: id })).code).toBe('FORBIDDEN')
    await app.ok(lawyer, 'legal', 'markNeedsOffline', { questionId: id })
    await app.ok(lawyer, 'legal', 'markNeedsOffline', { questionId: id })
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'needs_offline'`, [id])).toBe(1)
    expect((await app.ok(asker, 'legal', 'question', { id })).needsOffline).toBe(true)
  })
})

describe.runIf(pg)('at the same moment (PostgreSQL)', () => {
  it('writes one message for a send retried concurrently, and one first response for replies sent together', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const input = { questionId: id, body: '同时重试的追问', requestId: requestId() }
    const sends = await Promise.all(Array.from({ length: 5 }, () => app.ok(asker, 'legal', 'sendMessage', input)))
    expect(new Set(sends.map((s) => s.message.id)).size).toBe(1)
    expect(sends.filter((s) => !s.replayed)).toHaveLength(1)
    await Promise.all(Array.from({ length: 4 }, (_, i) => app.ok(lawyer, 'legal', 'sendMessage', { questionId: id, body: `答复 ${i}`, requestId: requestId() })))
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'first_response'`, [id])).toBe(1)
    expect(await countRows('legal_message WHERE question_id = $1', [id])).toBe(5)
  })

  it('takes one rating of several sent at once', async () => {
    const id = await insertQuestion(asker, { lawyer })
    await app.ok(asker, 'legal', 'resolveQuestion', { questionId: id })
    const results = await Promise.all([1, 2, 3, 4, 5].map((stars) => app.call(asker, 'legal', 'rateQuestion', { questionId: id, stars })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array(4).fill('LEGAL_ALREADY_RATED'))
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'rated'`, [id])).toBe(1)
  })
})

describe('polling and paging the thread', () => {
  it('returns only newer messages after afterId, and older ones page by page', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const ids: number[] = []
    for (let i = 1; i <= 7; i++) {
      const as = i % 2 ? asker : lawyer
      ids.push((await app.ok(as, 'legal', 'sendMessage', { questionId: id, body: `第 ${i} 条`, requestId: requestId() })).message.id)
    }
    const latest = await app.ok(asker, 'legal', 'messages', { questionId: id, limit: 3 })
    expect(latest.items.map((m) => m.body)).toEqual(['第 5 条', '第 6 条', '第 7 条'])
    expect(latest).toMatchObject({ status: 'open', claimed: true })
    const older = await app.ok(asker, 'legal', 'messages', { questionId: id, limit: 3, cursor: latest.olderCursor })
    expect(older.items.map((m) => m.body)).toEqual(['第 2 条', '第 3 条', '第 4 条'])
    const oldest = await app.ok(asker, 'legal', 'messages', { questionId: id, limit: 3, cursor: older.olderCursor })
    expect(oldest.items.map((m) => m.body)).toEqual(['第 1 条'])
    expect(oldest.olderCursor).toBeNull()

    const last = ids[ids.length - 1]
    expect((await app.ok(asker, 'legal', 'messages', { questionId: id, afterId: last })).items).toEqual([])
    await app.ok(lawyer, 'legal', 'sendMessage', { questionId: id, body: '第 8 条', requestId: requestId() })
    const polled = await app.ok(asker, 'legal', 'messages', { questionId: id, afterId: last })
    expect(polled.items.map((m) => m.body)).toEqual(['第 8 条'])
    expect(polled).toMatchObject({ awaiting: 'member', olderCursor: null })
    expect((await app.ok(asker, 'legal', 'messages', { questionId: id, afterId: ids[4] })).items.map((m) => m.body)).toEqual(['第 6 条', '第 7 条', '第 8 条'])
    expect((await app.fail(asker, 'legal', 'messages', { questionId: id, afterId: last, cursor: latest.olderCursor })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(asker, 'legal', 'messages', { questionId: id, cursor: 'bm90LWpzb24' })).code).toBe('VALIDATION_FAILED')
  })
})

describe('resolving and rating', () => {
  it('rates once, only after the question ended, only by the asker', async () => {
    const id = await insertQuestion(asker, { lawyer })
    expect((await app.fail(asker, 'legal', 'rateQuestion', { questionId: id, stars: 5 })).code).toBe('LEGAL_NOT_RESOLVED')
    expect((await app.fail(lawyer, 'legal', 'resolveQuestion', { questionId: id })).code).toBe('FORBIDDEN')
    expect((await app.fail(otherMember, 'legal', 'resolveQuestion', { questionId: id })).code).toBe('NOT_FOUND')
    await app.ok(asker, 'legal', 'resolveQuestion', { questionId: id })
    // A retried tap answers the same.
    await app.ok(asker, 'legal', 'resolveQuestion', { questionId: id })
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'resolved'`, [id])).toBe(1)
    expect((await app.fail(asker, 'legal', 'sendMessage', { questionId: id, body: '谢谢', requestId: requestId() })).code).toBe('LEGAL_QUESTION_NOT_OPEN')
    expect((await app.fail(otherMember, 'legal', 'rateQuestion', { questionId: id, stars: 1 })).code).toBe('NOT_FOUND')
    expect((await app.fail(asker, 'legal', 'rateQuestion', { questionId: id, stars: 6 })).code).toBe('VALIDATION_FAILED')
    await app.ok(asker, 'legal', 'rateQuestion', { questionId: id, stars: 5, comment: '回答很及时' })
    const before = await app.snapshot()
    const again = await app.fail(asker, 'legal', 'rateQuestion', { questionId: id, stars: 1 })
    expect(again).toEqual({ code: 'LEGAL_ALREADY_RATED', message: '您已评价过这次咨询' })
    expect(await app.snapshot()).toEqual(before)
    const detail = await app.ok(asker, 'legal', 'question', { id })
    expect(detail).toMatchObject({ status: 'resolved', rating: { stars: 5, comment: '回答很及时' }, can: { rate: false, resolve: false, reply: false } })
    expect((await app.ok(lawyer, 'legal', 'question', { id })).can.publish).toBe(true)
  })

  it('rates a question that closed by itself', async () => {
    const id = await insertQuestion(asker, { lawyer })
    await app.db.query(`UPDATE legal_question SET status = 'closed', closed_at = now() WHERE id = $1`, [id])
    expect((await app.fail(asker, 'legal', 'resolveQuestion', { questionId: id })).code).toBe('LEGAL_QUESTION_NOT_OPEN')
    await app.ok(asker, 'legal', 'rateQuestion', { questionId: id, stars: 3 })
    expect((await app.ok(asker, 'legal', 'question', { id })).rating?.stars).toBe(3)
  })
})

describe('auto-close', () => {
  /** An open question the lawyer answered `daysAgo` days ago, awaiting `awaiting`. */
  async function answered(daysAgo: number, awaiting: 'member' | 'lawyer' = 'member'): Promise<number> {
    const id = await insertQuestion(asker, { lawyer })
    await app.db.query(
      `UPDATE legal_question SET awaiting = $2, last_lawyer_at = now() - make_interval(days => $3), first_response_at = now() - make_interval(days => $3) WHERE id = $1`,
      [id, awaiting, daysAgo],
    )
    return id
  }

  it('closes a question the member left unanswered for 7 days, once however often the job runs', async () => {
    const idle = await answered(8)
    const recent = await answered(6)
    const memberSpokeLast = await answered(9, 'lawyer')
    const first = await closeIdleQuestions(app.db)
    expect(first.closed).toBeGreaterThanOrEqual(1)
    for (let i = 0; i < 3; i++) expect(await closeIdleQuestions(app.db)).toEqual({ closed: 0 })
    const status = async (id: number) => (await app.db.query<{ status: string }>('SELECT status FROM legal_question WHERE id = $1', [id]))[0].status
    expect(await status(idle)).toBe('closed')
    expect(await status(recent)).toBe('open')
    expect(await status(memberSpokeLast)).toBe('open')
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'closed'`, [idle])).toBe(1)
    const told = await app.db.query<{ body: string; link: string }>(`SELECT body, link FROM message WHERE user_id = $1 AND kind = 'legal_closed' AND source = $2`, [
      asker,
      `legal_question:${idle}`,
    ])
    expect(told).toEqual([{ body: expect.stringContaining('7 天内没有收到您的回复'), link: `/pages/legal/question/index?id=${idle}` }])
    // The policy's days count: at 10 days the 8-day-old silence is not yet long enough.
    const later = await answered(8)
    await app.db.query('UPDATE legal_policy SET auto_close_days = 10')
    expect(await closeIdleQuestions(app.db)).toEqual({ closed: 0 })
    await app.db.query('UPDATE legal_policy SET auto_close_days = 7')
    expect(await closeIdleQuestions(app.db)).toEqual({ closed: 1 })
    expect(await status(later)).toBe('closed')
  })

  it.runIf(pg)('closes each question once when several jobs run at the same moment (PostgreSQL)', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => answered(8)))
    const results = await Promise.all(Array.from({ length: 4 }, () => closeIdleQuestions(app.db)))
    expect(results.reduce((sum, r) => sum + r.closed, 0)).toBe(12)
    expect(await countRows(`legal_event WHERE question_id = ANY($1::int[]) AND kind = 'closed'`, [ids])).toBe(12)
    expect(await countRows(`message WHERE kind = 'legal_closed' AND source = ANY($1::text[])`, [ids.map((id) => `legal_question:${id}`)])).toBe(12)
  })
})

describe('revealing who asked', () => {
  it('shows a legal_admin in scope the identity for a reason, and logs it', async () => {
    const id = await insertQuestion(asker, { anonymous: true })
    expect((await app.fail(lawyer, 'legal', 'revealIdentity', { questionId: id, reason: '需要联系当事人核实情况' })).code).toBe('FORBIDDEN')
    expect((await app.fail(otherCountyAdmin, 'legal', 'revealIdentity', { questionId: id, reason: '需要联系当事人核实情况' })).code).toBe('NOT_FOUND')
    expect((await app.fail(countyAdmin, 'legal', 'revealIdentity', { questionId: id, reason: '核实' })).code).toBe('VALIDATION_FAILED')
    expect(await countRows(`legal_event WHERE question_id = $1 AND kind = 'identity_revealed'`, [id])).toBe(0)
    const person = await app.ok(countyAdmin, 'legal', 'revealIdentity', { questionId: id, reason: '需要联系当事人核实情况' })
    expect(person).toMatchObject({ name: '张晓梅', phone: '13857300001', memberNo: expect.stringMatching(/^JX\d{10}$/), county: '秀洲区总工会' })
    expect(person.enterprise).toBe('嘉兴恒创电子有限公司工会')
    const [event] = await app.db.query<{ actor_user_id: number; detail: { reason: string } }>(
      `SELECT actor_user_id, detail FROM legal_event WHERE question_id = $1 AND kind = 'identity_revealed'`,
      [id],
    )
    expect(event).toEqual({ actor_user_id: countyAdmin, detail: { reason: '需要联系当事人核实情况' } })
    expect(await countRows(`audit_log WHERE action = 'legal.identity.reveal' AND actor_user_id = $1 AND $2 = ANY(target_ids)`, [countyAdmin, id])).toBe(1)
    // The reveal is the admin's alone: the question as staff see it still names nobody.
    expect((await app.ok(countyAdmin, 'legal', 'question', { id })).asker).toEqual({ anonymous: true, county: '秀洲区总工会' })
  })

  it('refuses a legal_admin revealing their own question', async () => {
    const admin = app.users['enterprise-admin']
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) SELECT $1, 'legal_admin', id FROM branch WHERE name = '秀洲区总工会'`, [admin])
    const id = await insertQuestion(admin, { anonymous: true })
    expect((await app.fail(admin, 'legal', 'revealIdentity', { questionId: id, reason: '想看看自己的记录' })).code).toBe('LEGAL_SELF_SERVICE')
    expect((await app.ok(admin, 'legal', 'question', { id })).viewer).toBe('asker')
  })
})

describe('attachments of a thread', () => {
  it('are read by the asker, the assigned lawyer and legal_admins in scope, and by no one else', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const askerFile = await insertFile(asker, `legal_question:${id}`)
    const reply = await app.ok(lawyer, 'legal', 'sendMessage', {
      questionId: id,
      body: '请看附件里的仲裁申请书模板。',
      fileIds: [await insertFile(lawyer)],
      requestId: requestId(),
    })
    const lawyerFile = reply.message.files[0].file.id
    expect(reply.message.files[0].read.url).toMatch(/^\/files\/private\//)

    for (const file of [askerFile, lawyerFile]) {
      for (const reader of [asker, lawyer, countyAdmin, app.users['city-admin']]) {
        const result = await app.call(reader, 'file', 'readUrl', { id: file })
        expect(result.ok, `user ${reader} reads file ${file}`).toBe(true)
      }
      for (const outsider of [otherMember, lawyer2, otherCountyLawyer, otherCountyAdmin, app.users['county-admin']]) {
        expect((await app.fail(outsider, 'file', 'readUrl', { id: file })).code).toBe('NOT_FOUND')
      }
    }
    // Staff reads are logged by the file service; the asker reading the lawyer's reply is not a staff read.
    expect(await countRows(`audit_log WHERE action = 'file.read' AND actor_user_id = $1 AND $2 = ANY(target_ids)`, [asker, lawyerFile])).toBe(0)
    expect(await countRows(`audit_log WHERE action = 'file.read' AND actor_user_id = $1 AND $2 = ANY(target_ids)`, [countyAdmin, lawyerFile])).toBe(1)

    const detail = await app.ok(lawyer, 'legal', 'question', { id })
    expect(detail.attachments.map((a) => a.file.id)).toEqual([askerFile])
    const thread = await app.ok(asker, 'legal', 'messages', { questionId: id })
    expect(thread.items[0].files.map((f) => f.file.id)).toEqual([lawyerFile])
  })

  it('refuses attaching a file that is not the sender\'s own, writing nothing', async () => {
    const id = await insertQuestion(asker, { lawyer })
    const before = await app.snapshot()
    const messages = await countRows('legal_message WHERE question_id = $1', [id])
    const error = await app.fail(asker, 'legal', 'sendMessage', { questionId: id, body: '附件', fileIds: [await insertFile(lawyer)], requestId: requestId() })
    expect(error.code).toBe('FILE_NOT_YOURS')
    expect(await countRows('legal_message WHERE question_id = $1', [id])).toBe(messages)
    expect((await app.snapshot()).message).toBe(before.message)
  })

  it('lets a lawyer who is no member upload a reply attachment', async () => {
    const ticket = await app.call(lawyer, 'file', 'uploadTicket', { purpose: 'lawyer_attachment', name: '模板.pdf', size: 1000, type: 'application/pdf' })
    expect(ticket.ok).toBe(true)
    expect((await app.fail(app.users['county-admin'], 'file', 'uploadTicket', { purpose: 'lawyer_attachment', name: '模板.pdf', size: 1000, type: 'application/pdf' })).code).toBe(
      'NOT_MEMBER',
    )
  })
})
