/**
 * 读书活动 (issue 11 §4): scope of the admins who run campaigns and of the members who see and
 * join them, progress counted only from reading of the campaign's books inside its window, the
 * goal's points paid once however often (and on PostgreSQL however concurrently) the job runs,
 * and the two leaderboards. Reading time is put straight into library_reading_log and finished
 * books into library_progress, as the reading part writes them in real use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { libraryCampaignProgress, maskName } from '../../server/library/campaigns'
import { addDays, shanghaiDay } from '../../server/points/calendar'
import type { SaveCampaignInput } from '../../src/shared/api/library-campaign'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertLegalMember } from '../support/legal-fixtures'
import { insertBook } from '../support/library-fixtures'

let app: TestApp
const now = new Date()
const today = shanghaiDay(now)
const chapters = [{ title: '学而第一', paragraphs: ['子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？'] }]
let cityBook: number
let otherBook: number
let siblingTownBook: number
let draftBook: number
let countyAdmin: number
let townAdmin: number
let siblingTownAdmin: number
let county: number
let town: number

const draft = (fields: Partial<SaveCampaignInput> = {}): SaveCampaignInput => ({
  branchId: county,
  title: '秀洲区职工读书月',
  description: '读经典，品书香。',
  startDay: addDays(today, -3),
  endDay: addDays(today, 3),
  goalKind: 'minutes',
  goalValue: 30,
  rewardPoints: 50,
  bookIds: [cityBook],
  ...fields,
})

async function publishedCampaign(as: number, fields: Partial<SaveCampaignInput> = {}): Promise<number> {
  const { id } = await app.ok(as, 'library', 'saveCampaign', draft(fields))
  await app.ok(as, 'library', 'publishCampaign', { campaignId: id })
  return id
}

async function read(memberId: number, bookId: number, day: string, seconds: number): Promise<void> {
  await app.db.query(
    `INSERT INTO library_reading_log (member_id, day, book_id, seconds) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id, day, book_id) DO UPDATE SET seconds = library_reading_log.seconds + EXCLUDED.seconds`,
    [memberId, day, bookId, seconds],
  )
}

async function finish(memberId: number, bookId: number, at: Date): Promise<void> {
  await app.db.query(
    `INSERT INTO library_progress (member_id, book_id, chapter_ord, char_offset, permille, finished_at, updated_at)
     VALUES ($1, $2, 0, 0, 1000, $3, $3)
     ON CONFLICT (member_id, book_id) DO UPDATE SET finished_at = EXCLUDED.finished_at`,
    [memberId, bookId, at],
  )
}

async function campaignPoints(memberId: number, campaignId: number): Promise<{ entries: number; points: number; messages: number }> {
  const [row] = await app.db.query<{ entries: number; points: number; messages: number }>(
    `SELECT count(*)::int AS entries, COALESCE(sum(delta), 0)::int AS points,
            (SELECT count(*)::int FROM message msg JOIN member m ON m.user_id = msg.user_id
              WHERE m.id = $1 AND msg.kind = 'library_campaign_reached' AND msg.source = $3) AS messages
       FROM points_ledger WHERE member_id = $1 AND rule = 'reading_campaign' AND source_ref = $2`,
    [memberId, `campaign:${campaignId}`, `campaign:${campaignId}`],
  )
  return row
}

beforeAll(async () => {
  app = await openTestApp()
  county = await app.branchId('秀洲区总工会')
  town = await app.branchId('油车港镇总工会')
  countyAdmin = app.users['county-admin']
  townAdmin = app.users['town-admin']
  siblingTownAdmin = await app.newStaff('王江泾镇总工会')
  const createdBy = app.users.librarian
  cityBook = await insertBook(app.db, { title: '论语', author: '孔子', createdBy, chapters })
  otherBook = await insertBook(app.db, { title: '孟子', author: '孟轲', createdBy, chapters })
  siblingTownBook = await insertBook(app.db, { title: '王江泾镇志', branchName: '王江泾镇总工会', createdBy, chapters })
  draftBook = await insertBook(app.db, { title: '未上架的书', status: 'draft', createdBy, chapters })
})
afterAll(() => app?.close())

describe('reading campaigns: scope', () => {
  it('lets a branch admin run a campaign for their subtree only, with books its members can open', async () => {
    // A sibling town's admin, and an admin below the county, cannot run the county's campaign.
    expect((await app.fail(siblingTownAdmin, 'library', 'saveCampaign', draft())).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(townAdmin, 'library', 'saveCampaign', draft())).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users.member, 'library', 'saveCampaign', draft())).code).toBe('FORBIDDEN')
    // A book of another town, or a draft, is not for the county's members.
    const before = await app.db.query('SELECT id FROM library_campaign')
    expect((await app.fail(countyAdmin, 'library', 'saveCampaign', draft({ bookIds: [cityBook, siblingTownBook] }))).code).toBe('LIBRARY_CAMPAIGN_BOOK_UNAVAILABLE')
    expect((await app.fail(countyAdmin, 'library', 'saveCampaign', draft({ bookIds: [draftBook] }))).code).toBe('LIBRARY_CAMPAIGN_BOOK_UNAVAILABLE')
    expect((await app.fail(countyAdmin, 'library', 'saveCampaign', draft({ startDay: addDays(today, -9), endDay: addDays(today, -1) }))).code).toBe('LIBRARY_CAMPAIGN_WINDOW')
    expect((await app.fail(countyAdmin, 'library', 'saveCampaign', draft({ goalKind: 'books', goalValue: 2 }))).code).toBe('VALIDATION_FAILED')
    expect(await app.db.query('SELECT id FROM library_campaign')).toEqual(before)

    const { id } = await app.ok(countyAdmin, 'library', 'saveCampaign', draft())
    // A draft is the admin's alone: members see nothing of it.
    expect((await app.fail(app.users.member, 'library', 'campaignDetail', { campaignId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(app.users.member, 'library', 'joinCampaign', { campaignId: id })).code).toBe('NOT_FOUND')
    expect((await app.ok(countyAdmin, 'library', 'campaigns', { limit: 50 })).items.map((c) => c.id)).toContain(id)
    expect((await app.fail(siblingTownAdmin, 'library', 'publishCampaign', { campaignId: id })).code).toBe('NOT_FOUND')
    await app.ok(countyAdmin, 'library', 'saveCampaign', { ...draft({ bookIds: [cityBook, otherBook] }), id })
    expect(await app.ok(countyAdmin, 'library', 'publishCampaign', { campaignId: id })).toEqual({ id, status: 'published' })
    expect((await app.fail(countyAdmin, 'library', 'saveCampaign', { ...draft(), id })).code).toBe('LIBRARY_CAMPAIGN_NOT_DRAFT')
  })

  it('offers the editor the published books that the branch members can open, by title or author', async () => {
    const titles = async (as: number, branchId: number, q: string) => (await app.ok(as, 'library', 'campaignBookOptions', { branchId, q, limit: 50 })).items.map((b) => b.title)
    const forTown = await titles(townAdmin, town, '')
    expect(forTown).toEqual(expect.arrayContaining(['论语', '孟子']))
    expect(forTown).not.toContain('王江泾镇志')
    expect(forTown).not.toContain('未上架的书')
    expect(await titles(townAdmin, town, '孟轲')).toEqual(['孟子'])
    expect(await titles(townAdmin, town, '%')).toEqual([])
    expect(await titles(siblingTownAdmin, await app.branchId('王江泾镇总工会'), '镇志')).toEqual(['王江泾镇志'])
    expect((await app.fail(siblingTownAdmin, 'library', 'campaignBookOptions', { branchId: town, q: '' })).code).toBe('OUT_OF_SCOPE')
    const page = await app.ok(townAdmin, 'library', 'campaignBookOptions', { branchId: town, q: '', limit: 1 })
    const next = await app.ok(townAdmin, 'library', 'campaignBookOptions', { branchId: town, q: '', limit: 1, cursor: page.nextCursor })
    expect(next.items[0].id).not.toBe(page.items[0].id)
  })

  it('shows a published campaign to members of its subtree only, who may join once before its end', async () => {
    const id = await publishedCampaign(townAdmin, { branchId: town, title: '油车港镇读书会' })
    const member = app.users.member
    const sibling = app.users['sibling-member']
    expect((await app.ok(member, 'library', 'campaigns', { limit: 50 })).items.map((c) => c.id)).toContain(id)
    expect((await app.ok(sibling, 'library', 'campaigns', { limit: 50 })).items.map((c) => c.id)).not.toContain(id)
    expect((await app.fail(sibling, 'library', 'campaignDetail', { campaignId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(sibling, 'library', 'joinCampaign', { campaignId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(sibling, 'library', 'campaignLeaderboard', { campaignId: id, board: 'members', limit: 20 })).code).toBe('NOT_FOUND')
    expect((await app.fail(await app.newUser(), 'library', 'joinCampaign', { campaignId: id })).code).toBe('NOT_MEMBER')
    const detail = await app.ok(member, 'library', 'campaignDetail', { campaignId: id })
    expect(detail).toMatchObject({ joined: false, canJoin: true, canManage: false, progress: null, phase: 'running', boardLevels: [4] })
    expect(detail.books.map((b) => b.title)).toEqual(['论语'])
    await app.ok(member, 'library', 'joinCampaign', { campaignId: id })
    await app.ok(member, 'library', 'joinCampaign', { campaignId: id })
    const joined = await app.ok(member, 'library', 'campaignDetail', { campaignId: id })
    expect(joined).toMatchObject({ joined: true, canJoin: false, joinedCount: 1, progress: { minutes: 0, books: 0, permille: 0, reachedAt: null, rank: null } })
    // Cancelled: gone for members.
    await app.ok(townAdmin, 'library', 'cancelCampaign', { campaignId: id })
    expect((await app.fail(member, 'library', 'campaignDetail', { campaignId: id })).code).toBe('NOT_FOUND')
  })

  it('refuses to join a campaign that has ended', async () => {
    const id = await publishedCampaign(countyAdmin, { startDay: addDays(today, -3), endDay: today })
    // The window ends at midnight after endDay; one second past it the door is shut.
    await app.db.query("UPDATE library_campaign SET ends_at = now() - interval '1 second', starts_at = now() - interval '3 days' WHERE id = $1", [id])
    expect((await app.fail(app.users.member, 'library', 'joinCampaign', { campaignId: id })).code).toBe('LIBRARY_CAMPAIGN_ENDED')
  })
})

describe('reading campaigns: progress and points', () => {
  it('counts only the campaign books read inside the window, and pays the goal once however often the job runs', async () => {
    const id = await publishedCampaign(countyAdmin, { title: '读论语', goalValue: 30, rewardPoints: 50 })
    const reader = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '钱书香', phone: '13900001001' })
    await app.ok(reader.userId, 'library', 'joinCampaign', { campaignId: id })
    await read(reader.memberId, cityBook, addDays(today, -4), 3600) // the day before the window
    await read(reader.memberId, otherBook, addDays(today, -1), 3600) // not a campaign book
    await read(reader.memberId, cityBook, addDays(today, -2), 20 * 60)
    await read(reader.memberId, cityBook, today, 5 * 60)
    expect(await libraryCampaignProgress(app.db, now)).toMatchObject({ reached: 0 })
    expect(await app.ok(reader.userId, 'library', 'campaignDetail', { campaignId: id })).toMatchObject({
      progress: { minutes: 25, books: 0, permille: 833, reachedAt: null, rank: 1 },
    })
    await read(reader.memberId, cityBook, today, 5 * 60)
    // The member's own figure is live; the board's moves when the job runs.
    expect((await app.ok(reader.userId, 'library', 'campaignDetail', { campaignId: id })).progress?.minutes).toBe(30)
    const first = await libraryCampaignProgress(app.db, now)
    expect(first.reached).toBe(1)
    const again = await libraryCampaignProgress(app.db, now)
    expect(again.reached).toBe(0)
    expect(await campaignPoints(reader.memberId, id)).toEqual({ entries: 1, points: 50, messages: 1 })
    const [cm] = await app.db.query<{ seconds: number; reached_at: Date | null }>(
      'SELECT seconds, reached_at FROM library_campaign_member WHERE campaign_id = $1 AND member_id = $2',
      [id, reader.memberId],
    )
    expect(cm.seconds).toBe(30 * 60)
    expect(cm.reached_at).not.toBeNull()
  })

  it('counts books finished inside the window towards a books goal', async () => {
    const id = await publishedCampaign(countyAdmin, { title: '读完两本', goalKind: 'books', goalValue: 2, rewardPoints: 20, bookIds: [cityBook, otherBook] })
    const reader = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '孙墨', phone: '13900001002' })
    await app.ok(reader.userId, 'library', 'joinCampaign', { campaignId: id })
    await finish(reader.memberId, cityBook, new Date(now.getTime() - 10 * 86_400_000)) // before the window
    await finish(reader.memberId, otherBook, new Date(now.getTime() - 3_600_000))
    await libraryCampaignProgress(app.db, now)
    expect((await app.ok(reader.userId, 'library', 'campaignDetail', { campaignId: id })).progress).toMatchObject({ books: 1, permille: 500, reachedAt: null })
    await finish(reader.memberId, cityBook, new Date(now.getTime() - 60_000))
    expect((await libraryCampaignProgress(app.db, now)).reached).toBe(1)
    expect(await campaignPoints(reader.memberId, id)).toEqual({ entries: 1, points: 20, messages: 1 })
  })

  it('leaves a campaign that has not begun, or is cancelled, alone', async () => {
    const upcoming = await publishedCampaign(countyAdmin, { title: '下周开始', startDay: addDays(today, 2), endDay: addDays(today, 9), goalValue: 1 })
    const cancelled = await publishedCampaign(countyAdmin, { title: '取消了', goalValue: 1 })
    const reader = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: '周读', phone: '13900001003' })
    for (const id of [upcoming, cancelled]) await app.ok(reader.userId, 'library', 'joinCampaign', { campaignId: id })
    await app.ok(countyAdmin, 'library', 'cancelCampaign', { campaignId: cancelled })
    await read(reader.memberId, cityBook, today, 600)
    await libraryCampaignProgress(app.db, now)
    expect(await campaignPoints(reader.memberId, upcoming)).toEqual({ entries: 0, points: 0, messages: 0 })
    expect(await campaignPoints(reader.memberId, cancelled)).toEqual({ entries: 0, points: 0, messages: 0 })
  })

  it.runIf(process.env.TEST_DB === 'pg')('pays the goal once when many job runs go at once (PostgreSQL: truly concurrent)', async () => {
    const id = await publishedCampaign(countyAdmin, { title: '并发达标', goalValue: 10, rewardPoints: 30 })
    const readers = []
    for (let i = 0; i < 6; i++) {
      const reader = await insertLegalMember(app, { branch: '嘉兴恒创电子有限公司工会', name: `并发读者${i}`, phone: `1390000200${i}` })
      await app.ok(reader.userId, 'library', 'joinCampaign', { campaignId: id })
      await read(reader.memberId, cityBook, today, 15 * 60)
      readers.push(reader)
    }
    const runs = await Promise.all(Array.from({ length: 8 }, () => libraryCampaignProgress(app.db, now)))
    expect(runs.reduce((sum, r) => sum + r.reached, 0)).toBe(6)
    for (const reader of readers) expect(await campaignPoints(reader.memberId, id)).toEqual({ entries: 1, points: 30, messages: 1 })
  })
})

describe('reading campaigns: leaderboards', () => {
  it('ranks members by minutes with masked names, page after page', async () => {
    const id = await publishedCampaign(countyAdmin, { title: '排行榜', goalValue: 600 })
    const minutes = [40, 90, 10, 90, 0]
    const names = ['欧阳明月', '吴桐', '郑小雨', '冯博', '陈默']
    const readers = []
    for (const [i, name] of names.entries()) {
      const reader = await insertLegalMember(app, { branch: i % 2 ? '王江泾镇总工会' : '嘉兴恒创电子有限公司工会', name, phone: `1390000300${i}` })
      await app.ok(reader.userId, 'library', 'joinCampaign', { campaignId: id })
      if (minutes[i]) await read(reader.memberId, cityBook, today, minutes[i] * 60)
      readers.push(reader)
    }
    await libraryCampaignProgress(app.db, now)
    const first = await app.ok(readers[0].userId, 'library', 'campaignLeaderboard', { campaignId: id, board: 'members', limit: 2 })
    if (first.board !== 'members') throw new Error('members board expected')
    expect(first.items.map((l) => [l.rank, l.maskedName, l.minutes])).toEqual([
      [1, '吴*', 90],
      [2, '冯*', 90],
    ])
    expect(first.items[0].branchName).toBe('王江泾镇总工会')
    const second = await app.ok(readers[0].userId, 'library', 'campaignLeaderboard', { campaignId: id, board: 'members', limit: 2, cursor: first.nextCursor })
    if (second.board !== 'members') throw new Error('members board expected')
    expect(second.items.map((l) => [l.rank, l.maskedName, l.minutes, l.me])).toEqual([
      [3, '欧**月', 40, true],
      [4, '郑*雨', 10, false],
    ])
    const third = await app.ok(readers[0].userId, 'library', 'campaignLeaderboard', { campaignId: id, board: 'members', limit: 2, cursor: second.nextCursor })
    expect(third.items.map((l) => ('maskedName' in l ? l.maskedName : null))).toEqual(['陈*'])
    expect(third.nextCursor).toBeNull()
    // Never a phone, member number or full name.
    const text = JSON.stringify([first, second, third])
    for (const r of readers) expect(text).not.toContain(r.memberNo)
    expect(text).not.toContain('13900003')
    expect(text).not.toContain('欧阳明月')
    expect((await app.ok(readers[0].userId, 'library', 'campaignDetail', { campaignId: id })).progress?.rank).toBe(3)
    expect((await app.fail(readers[0].userId, 'library', 'campaignLeaderboard', { campaignId: id, board: 'members', limit: 2, cursor: 'eyJzIjotMX0' })).code).toBe('VALIDATION_FAILED')
  })

  it('ranks branches at each level below the campaign by participation rate', async () => {
    const id = await publishedCampaign(countyAdmin, { title: '参与率' })
    const members = async (path: string) => {
      const [row] = await app.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM member m JOIN branch b ON b.id = m.branch_id WHERE b.path LIKE $1 || '%'`,
        [path],
      )
      return row.n
    }
    const pathOf = async (name: string) => (await app.db.query<{ path: string }>('SELECT path FROM branch WHERE name = $1', [name]))[0].path
    const joiners = await app.db.query<{ user_id: number; name: string }>(
      `SELECT m.user_id, b.name FROM member m JOIN branch b ON b.id = m.branch_id
        WHERE b.name IN ('嘉兴恒创电子有限公司工会', '嘉兴王江泾织造有限公司工会') AND m.user_id IS NOT NULL ORDER BY m.id`,
    )
    // Everyone of 恒创电子 joins; one of 王江泾织造.
    let siblingJoined = 0
    for (const j of joiners) {
      if (j.name === '嘉兴王江泾织造有限公司工会') {
        if (siblingJoined > 0) continue
        siblingJoined++
      }
      await app.ok(j.user_id, 'library', 'joinCampaign', { campaignId: id })
    }
    const joinedIn = async (path: string) => {
      const [row] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM library_campaign_member WHERE campaign_id = $1 AND branch_path LIKE $2 || \'%\'', [id, path])
      return row.n
    }
    const board = await app.ok(countyAdmin, 'library', 'campaignLeaderboard', { campaignId: id, board: 'branches', level: 3, limit: 50 })
    if (board.board !== 'branches') throw new Error('branches board expected')
    expect(board.level).toBe(3)
    const [townPath, siblingPath] = [await pathOf('油车港镇总工会'), await pathOf('王江泾镇总工会')]
    const line = (name: string) => board.items.find((l) => l.branch.name === name)
    expect(line('油车港镇总工会')).toMatchObject({ members: await members(townPath), joined: await joinedIn(townPath) })
    expect(line('王江泾镇总工会')).toMatchObject({ members: await members(siblingPath), joined: await joinedIn(siblingPath) })
    const rates = board.items.map((l) => l.ratePermille)
    expect(rates).toEqual([...rates].sort((a, b) => b - a))
    expect(board.items[0].branch.name).toBe('油车港镇总工会')
    expect(board.items.map((l) => l.rank)).toEqual(board.items.map((_, i) => i + 1))
    const enterprises = await app.ok(countyAdmin, 'library', 'campaignLeaderboard', { campaignId: id, board: 'branches', level: 4, limit: 50 })
    if (enterprises.board !== 'branches') throw new Error('branches board expected')
    expect(enterprises.items[0]).toMatchObject({ branch: { name: '嘉兴恒创电子有限公司工会' }, ratePermille: 1000 })
    // A county has no board of counties.
    expect((await app.fail(countyAdmin, 'library', 'campaignLeaderboard', { campaignId: id, board: 'branches', level: 2, limit: 50 })).code).toBe('LIBRARY_CAMPAIGN_LEVEL')
  })

  it('masks names as 张*梅', () => {
    expect(maskName('张晓梅')).toBe('张*梅')
    expect(maskName('李伟')).toBe('李*')
    expect(maskName('欧阳明月')).toBe('欧**月')
    expect(maskName('王')).toBe('王*')
  })
})
