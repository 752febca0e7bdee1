import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RevisionContent } from '../../src/shared/api/dating-review'
import { datingLimits } from '../../src/shared/dating/names'
import { loadCaller } from '../../server/caller'
import { requireDater } from '../../server/dating/dater'
import { createMatch } from '../../server/dating/matches'
import { canSee } from '../../server/dating/visibility'
import { AppError } from '../../server/errors'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater } from '../support/dating-fixtures'

let app: TestApp
let matchmaker: number
/** A 红娘 of 南湖区: another county's members are none of theirs. */
let otherMatchmaker: number
beforeAll(async () => {
  app = await openTestApp()
  matchmaker = app.users.matchmaker
  otherMatchmaker = await app.newStaff('南湖区总工会', 'matchmaker')
})
afterAll(() => app.close())

let fileSerial = 0
async function photo(owner: number, memberId: number): Promise<number> {
  fileSerial += 1
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
     VALUES ($1, 'dating_photo', $2, 'ready', 100, 'image/jpeg', 'image/jpeg', 100, $3, $4, now(), now()) RETURNING id`,
    [owner, `照片${fileSerial}.jpg`, `private/${String(fileSerial).padStart(60, '0')}dating.jpg`, `dating_profile:${memberId}`],
  )
  return row.id
}

const content: RevisionContent = {
  nickname: '小雨',
  heightCm: 162,
  education: 'bachelor',
  occupation: '工程师',
  hometown: '嘉兴',
  marital: 'never',
  intro: '你好，我是测试会员。',
  interests: ['旅行', '读书'],
}

async function submit(memberId: number, photoIds: number[], changes: Partial<RevisionContent> = {}, wordHits: string[] = []): Promise<number> {
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO dating_revision (member_id, content, photo_file_ids, word_hits) VALUES ($1, $2, $3::int[], $4::text[]) RETURNING id`,
    [memberId, JSON.stringify({ ...content, ...changes }), photoIds, wordHits],
  )
  return row.id
}

/** A member waiting for the first review, with one photo submitted. */
async function newcomer(fields: { gender?: 'male' | 'female'; branchName?: string } = {}) {
  const member = await insertDater(app.db, { gender: fields.gender ?? 'female', birthYear: 1995, approved: false, branchName: fields.branchName })
  const photoId = await photo(member.userId, member.memberId)
  return { ...member, photoId, revisionId: await submit(member.memberId, [photoId]) }
}

async function messagesOf(userId: number, kind: string) {
  return app.db.query<{ title: string; body: string; payload: Record<string, string> | null }>(
    'SELECT title, body, payload FROM message WHERE user_id = $1 AND kind = $2 ORDER BY id',
    [userId, kind],
  )
}

async function stateOf(memberId: number) {
  const [row] = await app.db.query<{ state: string; suspended_until: Date | null; nickname: string | null; approved: boolean; photo_file_ids: number[] }>(
    'SELECT state, suspended_until, nickname, approved_at IS NOT NULL AS approved, photo_file_ids FROM dating_profile WHERE member_id = $1',
    [memberId],
  )
  return row
}

let requestSerial = 0
const requestId = () => `review-test-${(requestSerial += 1)}`

describe('鹊桥会 profile review', () => {
  it("lists the pending revisions of the matchmaker's members oldest first; another county's matchmaker finds none of them", async () => {
    const first = await newcomer()
    const second = await newcomer({ gender: 'male', branchName: '嘉兴王江泾织造有限公司工会' })
    const elsewhere = await newcomer({ branchName: '南湖区总工会' })
    const queue = (await app.ok(matchmaker, 'dating', 'reviewQueue', { limit: 50 })).items
    const ids = queue.map((item) => item.revisionId)
    // Before the first approval the member is known by the nickname they submitted (the fixture's profile row says 阿明).
    expect(queue.find((item) => item.revisionId === second.revisionId)?.member.nickname).toBe('小雨')
    expect(ids.indexOf(first.revisionId)).toBeLessThan(ids.indexOf(second.revisionId))
    expect(ids).not.toContain(elsewhere.revisionId)
    const theirs = (await app.ok(otherMatchmaker, 'dating', 'reviewQueue', { limit: 50 })).items.map((item) => item.revisionId)
    expect(theirs).toContain(elsewhere.revisionId)
    expect(theirs).not.toContain(first.revisionId)
    expect((await app.fail(otherMatchmaker, 'dating', 'reviewDetail', { revisionId: first.revisionId })).code).toBe('NOT_FOUND')
    expect((await app.fail(otherMatchmaker, 'dating', 'approveRevision', { revisionId: first.revisionId })).code).toBe('NOT_FOUND')
  })

  it('pages the queue with a cursor and refuses a forged one', async () => {
    for (let i = 0; i < 3; i += 1) await newcomer()
    const seen = new Set<number>()
    let cursor: string | null = null
    do {
      const page: { items: { revisionId: number }[]; nextCursor: string | null } = await app.ok(matchmaker, 'dating', 'reviewQueue', { limit: 2, cursor })
      for (const item of page.items) {
        expect(seen.has(item.revisionId)).toBe(false)
        seen.add(item.revisionId)
      }
      cursor = page.nextCursor
    } while (cursor)
    const [pending] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dating_revision r JOIN member m ON m.id = r.member_id JOIN branch b ON b.id = m.branch_id
        WHERE r.status = 'pending' AND b.path LIKE (SELECT path FROM branch WHERE name = '秀洲区总工会') || '%'`,
    )
    expect(seen.size).toBe(pending.n)
    const forged = Buffer.from(JSON.stringify({ id: 2 ** 31 })).toString('base64url')
    expect((await app.fail(matchmaker, 'dating', 'reviewQueue', { cursor: forged })).code).toBe('VALIDATION_FAILED')
    const forgedTime = Buffer.from(JSON.stringify({ at: '2026-02-31T00:00:00.000Z', id: 1 })).toString('base64url')
    expect((await app.fail(matchmaker, 'dating', 'reportQueue', { status: 'handled', cursor: forgedTime })).code).toBe('VALIDATION_FAILED')
  })

  it('shows a change beside the approved version with its word hits, and audits the read', async () => {
    const member = await insertDater(app.db, { gender: 'female', birthYear: 1993, nickname: '小雨' })
    const kept = await photo(member.userId, member.memberId)
    await app.db.query('UPDATE dating_profile SET photo_file_ids = $2 WHERE member_id = $1', [member.memberId, [kept]])
    const added = await photo(member.userId, member.memberId)
    const revisionId = await submit(member.memberId, [kept, added], { intro: '想认识你，加我微信吧', nickname: '小雨' }, ['加我微信'])
    const detail = await app.ok(matchmaker, 'dating', 'reviewDetail', { revisionId })
    expect(detail.changed).toEqual(['intro', 'photos'])
    expect(detail.wordHits).toEqual(['加我微信'])
    expect(detail.approved?.content.intro).toBe('你好，我是测试会员。')
    expect(detail.photos.map((p) => p.fileId)).toEqual([kept, added])
    expect(detail.approved?.photos.map((p) => p.fileId)).toEqual([kept])
    expect(detail.member).toMatchObject({ memberId: member.memberId, gender: 'female', nickname: '小雨' })
    expect(detail.canDecide).toBe(true)
    // Staff see the profile, not the person's file: no real name, unit or contact.
    expect(JSON.stringify(detail)).not.toMatch(/测试女会员|恒创|wx_member_/)
    const audits = await app.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND $2 = ANY(target_ids)', ['dating.review_read', member.memberId])
    expect(audits.length).toBe(1)
  })

  it('approves: the profile shows the revision, unused photos are released, the member is told once; a retry answers the same', async () => {
    const member = await newcomer()
    const viewer = await insertDater(app.db, { gender: 'male', birthYear: 1990, branchName: '嘉兴王江泾织造有限公司工会' })
    expect(await canSee(app.db, viewer.memberId, member.memberId)).toBe(false)
    const dropped = await photo(member.userId, member.memberId)
    expect(await app.ok(matchmaker, 'dating', 'approveRevision', { revisionId: member.revisionId })).toEqual({ revisionId: member.revisionId, status: 'approved' })
    expect(await app.ok(matchmaker, 'dating', 'approveRevision', { revisionId: member.revisionId })).toEqual({ revisionId: member.revisionId, status: 'approved' })
    expect(await stateOf(member.memberId)).toMatchObject({ approved: true, nickname: '小雨', photo_file_ids: [member.photoId] })
    expect(await canSee(app.db, viewer.memberId, member.memberId)).toBe(true)
    const files = await app.db.query<{ id: number; released: boolean }>('SELECT id, delete_after IS NOT NULL AS released FROM file WHERE id = ANY($1::int[]) ORDER BY id', [[member.photoId, dropped]])
    expect(files).toEqual([{ id: member.photoId, released: false }, { id: dropped, released: true }])
    expect(await messagesOf(member.userId, 'dating_profile_approved')).toHaveLength(1)
    expect((await app.fail(matchmaker, 'dating', 'rejectRevision', { revisionId: member.revisionId, reason: '照片不清晰' })).code).toBe('DATING_REVISION_DECIDED')
  })

  it('rejects with a reason the member is told; the profile stays unseen; a different decision later is refused', async () => {
    const member = await newcomer()
    expect((await app.fail(matchmaker, 'dating', 'rejectRevision', { revisionId: member.revisionId, reason: ' ' })).code).toBe('VALIDATION_FAILED')
    const before = await app.snapshot()
    expect((await app.fail(matchmaker, 'dating', 'rejectRevision', { revisionId: member.revisionId, reason: '照片\u0000不清晰' })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)
    await app.ok(matchmaker, 'dating', 'rejectRevision', { revisionId: member.revisionId, reason: '照片不清晰，请换一张正面照' })
    expect(await app.ok(matchmaker, 'dating', 'rejectRevision', { revisionId: member.revisionId, reason: '别的原因' })).toEqual({ revisionId: member.revisionId, status: 'rejected' })
    const [told] = await messagesOf(member.userId, 'dating_profile_rejected')
    expect(told.body).toContain('照片不清晰，请换一张正面照')
    expect((await stateOf(member.memberId)).approved).toBe(false)
    expect((await app.fail(matchmaker, 'dating', 'approveRevision', { revisionId: member.revisionId })).code).toBe('DATING_REVISION_DECIDED')
    const [row] = await app.db.query<{ reject_reason: string }>('SELECT reject_reason FROM dating_revision WHERE id = $1', [member.revisionId])
    expect(row.reject_reason).toBe('照片不清晰，请换一张正面照')
  })

  it('never lets a matchmaker review their own profile', async () => {
    const own = await newcomer()
    await app.db.query("INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'matchmaker', $2)", [own.userId, await app.branchId('秀洲区总工会')])
    const before = await app.snapshot()
    expect((await app.fail(own.userId, 'dating', 'approveRevision', { revisionId: own.revisionId })).code).toBe('DATING_SELF_REVIEW')
    expect(await app.snapshot()).toEqual(before)
    expect((await app.ok(own.userId, 'dating', 'reviewDetail', { revisionId: own.revisionId })).canDecide).toBe(false)
  })

  it('counts what waits on the workbench', async () => {
    const summary = await app.ok(matchmaker, 'dating', 'matchmakerSummary', {})
    const queue = await app.ok(matchmaker, 'dating', 'reviewQueue', { limit: 50 })
    expect(summary.pendingRevisions).toBe(queue.items.length)
  })
})

describe('鹊桥会 reports', () => {
  async function pair() {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    const he = await insertDater(app.db, { gender: 'male', birthYear: 1991, branchName: '嘉兴王江泾织造有限公司工会' })
    return { she, he }
  }

  it('takes a report on someone the reporter can see; a retry answers the first; oneself and the unseen are refused', async () => {
    const { she, he } = await pair()
    const id = requestId()
    const first = await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'harassment', detail: '多次发骚扰信息', requestId: id })
    expect(await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'harassment', detail: '多次发骚扰信息', requestId: id })).toEqual(first)
    expect((await app.fail(she.userId, 'dating', 'report', { targetId: she.memberId, reason: 'fake', detail: '', requestId: requestId() })).code).toBe('DATING_SELF_REPORT')
    const stranger = await insertDater(app.db, { gender: 'male', birthYear: 1991, approved: false })
    const outsider = await app.newUser('非会员')
    const before = await app.snapshot()
    expect((await app.fail(she.userId, 'dating', 'report', { targetId: stranger.memberId, reason: 'fake', detail: '', requestId: requestId() })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect((await app.fail(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'spam', detail: '', requestId: requestId() })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(outsider, 'dating', 'report', { targetId: he.memberId, reason: 'fake', detail: '', requestId: requestId() })).code).toBe('NOT_MEMBER')
    expect(await app.snapshot()).toEqual(before)
  })

  it('takes a report on someone the reporter blocked, or a past match, with the match named', async () => {
    const { she, he } = await pair()
    await app.db.query('INSERT INTO dating_block (member_id, target_id) VALUES ($1, $2)', [she.memberId, he.memberId])
    expect(await canSee(app.db, she.memberId, he.memberId)).toBe(false)
    await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'harassment', detail: '', requestId: requestId() })
    const other = await pair()
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, other.she.memberId, other.he.memberId, 'like'))
    await app.db.query("UPDATE dating_profile SET state = 'paused' WHERE member_id = $1", [other.he.memberId])
    await app.ok(other.she.userId, 'dating', 'report', { targetId: other.he.memberId, reason: 'money', detail: '向我借钱', matchId, requestId: requestId() })
    expect((await app.fail(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'money', detail: '', matchId, requestId: requestId() })).code).toBe('NOT_FOUND')
  })

  it(`limits reports to ${datingLimits.reportsPerDay} a day`, async () => {
    const { she } = await pair()
    const targets = await Promise.all(Array.from({ length: datingLimits.reportsPerDay + 1 }, () => insertDater(app.db, { gender: 'male', birthYear: 1990, branchName: '嘉兴王江泾织造有限公司工会' })))
    for (const target of targets.slice(0, datingLimits.reportsPerDay)) {
      await app.ok(she.userId, 'dating', 'report', { targetId: target.memberId, reason: 'fake', detail: '', requestId: requestId() })
    }
    const refused = await app.fail(she.userId, 'dating', 'report', { targetId: targets[datingLimits.reportsPerDay].memberId, reason: 'fake', detail: '', requestId: requestId() })
    expect(refused.code).toBe('DATING_RATE_LIMITED')
    expect(refused.message).toContain('明天')
  })

  it('shows a report with the target, earlier reports and the match messages as evidence, audited; another county finds none', async () => {
    const { she, he } = await pair()
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))
    for (let i = 0; i < 3; i += 1) {
      await app.db.query("INSERT INTO dating_message (match_id, sender_id, kind, body, request_id) VALUES ($1, $2, 'text', $3, $4)", [matchId, i % 2 ? she.memberId : he.memberId, `消息${i}`, requestId()])
    }
    const earlier = await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'fake', detail: '', requestId: requestId() })
    const { reportId } = await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'harassment', detail: '说脏话', matchId, requestId: requestId() })
    const queue = await app.ok(matchmaker, 'dating', 'reportQueue', { limit: 50 })
    expect(queue.items.find((item) => item.reportId === reportId)).toMatchObject({ targetId: he.memberId, targetReports: 2, withMatch: true })
    const detail = await app.ok(matchmaker, 'dating', 'reportDetail', { reportId })
    expect(detail.messages?.map((m) => [m.text, m.fromTarget])).toEqual([['消息0', true], ['消息1', false], ['消息2', true]])
    expect(detail.earlier.map((e) => e.reportId)).toEqual([earlier.reportId])
    expect(detail.target?.memberId).toBe(he.memberId)
    expect(JSON.stringify(detail)).not.toMatch(/wx_member_|测试男会员|测试女会员/)
    expect((await app.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND $2 = ANY(target_ids)', ['dating.report_read', he.memberId])).length).toBe(1)
    expect((await app.fail(otherMatchmaker, 'dating', 'reportDetail', { reportId })).code).toBe('NOT_FOUND')
    expect((await app.ok(otherMatchmaker, 'dating', 'reportQueue', { limit: 50 })).items.map((i) => i.reportId)).not.toContain(reportId)
  })

  it('warns, suspends and closes, telling the target; a handled report takes no other action; a retry answers the same', async () => {
    const { she, he } = await pair()
    const file = async (targetId: number) => (await app.ok(she.userId, 'dating', 'report', { targetId, reason: 'harassment', detail: '', requestId: requestId() })).reportId

    const warned = await file(he.memberId)
    expect(await app.ok(matchmaker, 'dating', 'handleReport', { reportId: warned, action: 'warn', note: '请文明交友' })).toEqual({ reportId: warned, status: 'warned' })
    expect(await app.ok(matchmaker, 'dating', 'handleReport', { reportId: warned, action: 'warn', note: '请文明交友' })).toEqual({ reportId: warned, status: 'warned' })
    expect((await app.fail(matchmaker, 'dating', 'handleReport', { reportId: warned, action: 'close', note: '改主意了' })).code).toBe('DATING_REPORT_HANDLED')
    expect(await messagesOf(he.userId, 'dating_safety_action')).toHaveLength(1)

    const suspended = await file(he.memberId)
    expect((await app.fail(matchmaker, 'dating', 'handleReport', { reportId: suspended, action: 'suspend', note: '暂停' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(matchmaker, 'dating', 'handleReport', { reportId: suspended, action: 'suspend', days: 91, note: '暂停' })).code).toBe('VALIDATION_FAILED')
    await app.ok(matchmaker, 'dating', 'handleReport', { reportId: suspended, action: 'suspend', days: 7, note: '多次骚扰' })
    const state = await stateOf(he.memberId)
    expect(state.state).toBe('suspended')
    expect(Math.round(((state.suspended_until as Date).getTime() - Date.now()) / 86_400_000)).toBe(7)
    const heCaller = await loadCaller(app.db, he.userId)
    if (!heCaller) throw new Error('no caller')
    await expect(requireDater(app.db, heCaller, 'active')).rejects.toThrow(new AppError('DATING_SUSPENDED'))
    expect(await canSee(app.db, she.memberId, he.memberId)).toBe(false)

    const other = await pair()
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, other.she.memberId, other.he.memberId, 'like'))
    const closing = (await app.ok(other.she.userId, 'dating', 'report', { targetId: other.he.memberId, reason: 'money', detail: '', matchId, requestId: requestId() })).reportId
    await app.ok(matchmaker, 'dating', 'handleReport', { reportId: closing, action: 'close', note: '诈骗' })
    expect((await stateOf(other.he.memberId)).state).toBe('closed')
    const [match] = await app.db.query<{ end_reason: string | null }>('SELECT end_reason FROM dating_match WHERE id = $1', [matchId])
    expect(match.end_reason).toBe('closed')
    const [told] = await messagesOf(other.he.userId, 'dating_safety_action')
    expect(told.body).toContain('诈骗')
  })

  it('dismisses without telling the target, and never lets a matchmaker handle a report by or about themselves', async () => {
    const { she, he } = await pair()
    const dismissed = (await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'other', detail: '', requestId: requestId() })).reportId
    await app.ok(matchmaker, 'dating', 'handleReport', { reportId: dismissed, action: 'dismiss', note: '未发现问题' })
    expect(await messagesOf(he.userId, 'dating_safety_action')).toHaveLength(0)
    expect((await app.ok(matchmaker, 'dating', 'reportQueue', { status: 'handled', limit: 50 })).items.map((i) => i.reportId)).toContain(dismissed)
    for (const status of ['open', 'handled'] as const) {
      const all = (await app.ok(matchmaker, 'dating', 'reportQueue', { status, limit: 50 })).items.map((i) => i.reportId)
      const paged: number[] = []
      let cursor: string | null = null
      do {
        const page: { items: { reportId: number }[]; nextCursor: string | null } = await app.ok(matchmaker, 'dating', 'reportQueue', { status, limit: 2, cursor })
        paged.push(...page.items.map((i) => i.reportId))
        cursor = page.nextCursor
      } while (cursor)
      expect(paged).toEqual(all)
    }

    const about = (await app.ok(she.userId, 'dating', 'report', { targetId: he.memberId, reason: 'other', detail: '', requestId: requestId() })).reportId
    await app.db.query("INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'matchmaker', $2)", [he.userId, await app.branchId('秀洲区总工会')])
    expect((await app.fail(he.userId, 'dating', 'handleReport', { reportId: about, action: 'dismiss', note: '不是我' })).code).toBe('DATING_SELF_REVIEW')
  })
})

describe('鹊桥会 figures', () => {
  it("counts per county in the caller's scope: members, joined, shown, matches, attendance, couples", async () => {
    const countyAdmin = app.users['county-admin']
    const before = await app.ok(countyAdmin, 'dating', 'figures', {})
    const xiuzhou = await app.branchId('秀洲区总工会')
    const rowOf = (f: typeof before) => f.rows.find((row) => row.county.id === xiuzhou)
    expect(before.rows.every((row) => row.county.level === 2)).toBe(true)
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    const he = await insertDater(app.db, { gender: 'male', birthYear: 1991, state: 'paused' })
    await insertDater(app.db, { gender: 'male', birthYear: 1991, approved: false })
    const elsewhere = await insertDater(app.db, { gender: 'male', birthYear: 1991, branchName: '南湖区总工会' })
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))
    await app.db.query('UPDATE dating_match SET couple_reported_by = $2, couple_reported_at = now(), couple_confirmed_at = now() WHERE id = $1', [matchId, she.memberId])
    await app.db.transaction((tx) => createMatch(tx, she.memberId, elsewhere.memberId, 'like'))
    const after = await app.ok(countyAdmin, 'dating', 'figures', {})
    const delta = (key: 'members' | 'joined' | 'active' | 'matches' | 'couples') => (rowOf(after)?.[key] ?? 0) - (rowOf(before)?.[key] ?? 0)
    expect([delta('members'), delta('joined'), delta('active'), delta('matches'), delta('couples')]).toEqual([3, 3, 1, 3, 2])
    // The match within 秀洲区 counts once in the totals; the one across counties too.
    expect(after.totals.matches - before.totals.matches).toBe(2)
    expect(after.totals.couples - before.totals.couples).toBe(1)
    expect(after.rows.map((row) => row.county.id)).not.toContain(await app.branchId('南湖区总工会'))
    const city = await app.ok(app.users['city-admin'], 'dating', 'figures', {})
    expect(city.rows.map((row) => row.county.id)).toEqual(expect.arrayContaining([xiuzhou, await app.branchId('南湖区总工会')]))
    expect((await app.fail(she.userId, 'dating', 'figures', {})).code).toBe('FORBIDDEN')
  })
})

describe('鹊桥会 review under concurrency', () => {
  const pg = process.env.TEST_DB === 'pg'

  it.runIf(pg)(`${datingLimits.reportsPerDay + 1} reports at once by one member: exactly ${datingLimits.reportsPerDay} are taken (PostgreSQL: PGlite runs one statement at a time)`, async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    const targets = await Promise.all(Array.from({ length: datingLimits.reportsPerDay + 1 }, () => insertDater(app.db, { gender: 'male', birthYear: 1990, branchName: '嘉兴王江泾织造有限公司工会' })))
    const results = await Promise.all(
      targets.map((target) => app.call(she.userId, 'dating', 'report', { targetId: target.memberId, reason: 'fake', detail: '', requestId: requestId() })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(datingLimits.reportsPerDay)
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error.code))).toEqual(['DATING_RATE_LIMITED'])
  })

  it.runIf(pg)('two matchmakers approving one revision at once: both answer approved, the member is told once (PostgreSQL)', async () => {
    const member = await newcomer()
    const second = await app.newStaff('秀洲区总工会', 'matchmaker')
    const results = await Promise.all([matchmaker, second].map((as) => app.call(as, 'dating', 'approveRevision', { revisionId: member.revisionId })))
    expect(results.map((r) => (r.ok ? r.data.status : r.error.code))).toEqual(['approved', 'approved'])
    expect(await messagesOf(member.userId, 'dating_profile_approved')).toHaveLength(1)
  })
})

describe('鹊桥会 word list', () => {
  it('is kept by city matchmakers: a county matchmaker reads it but may not change it', async () => {
    const city = await app.newStaff('嘉兴市总工会', 'matchmaker')
    const county = await app.ok(matchmaker, 'dating', 'datingWords', { limit: 50 })
    expect(county.canEdit).toBe(false)
    expect(county.items.map((w) => w.word)).toContain('加我微信')
    const before = await app.snapshot()
    expect((await app.fail(matchmaker, 'dating', 'addDatingWord', { word: '私下联系' })).code).toBe('FORBIDDEN')
    expect((await app.fail(matchmaker, 'dating', 'removeDatingWord', { word: '借钱' })).code).toBe('FORBIDDEN')
    expect((await app.fail(city, 'dating', 'addDatingWord', { word: '私下 联系' })).code).toBe('VALIDATION_FAILED')
    expect(await app.snapshot()).toEqual(before)

    expect(await app.ok(city, 'dating', 'addDatingWord', { word: '私下联系' })).toEqual({ word: '私下联系', added: true })
    expect(await app.ok(city, 'dating', 'addDatingWord', { word: 'VX' })).toEqual({ word: 'VX', added: false })
    const added = (await app.ok(city, 'dating', 'datingWords', { limit: 50 })).items.find((w) => w.word === '私下联系')
    expect(added?.createdBy).toBe('嘉兴市总工会matchmaker')
    expect(await app.ok(city, 'dating', 'removeDatingWord', { word: '私下联系' })).toEqual({ word: '私下联系', removed: true })
    expect(await app.ok(city, 'dating', 'removeDatingWord', { word: '私下联系' })).toEqual({ word: '私下联系', removed: false })
    const audits = await app.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'dating.word_%' ORDER BY id")
    expect(audits.map((a) => a.action)).toEqual(['dating.word_add', 'dating.word_remove'])
  })

  it('pages the list in text order', async () => {
    const all = (await app.ok(matchmaker, 'dating', 'datingWords', { limit: 50 })).items.map((w) => w.word)
    const paged: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: { word: string }[]; nextCursor: string | null } = await app.ok(matchmaker, 'dating', 'datingWords', { limit: 7, cursor })
      paged.push(...page.items.map((w) => w.word))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(all)
  })
})
