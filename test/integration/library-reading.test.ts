import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import { closeSession, creditFor, finishBook, heartbeat, openSession, readingTime } from '../../server/library/reading-time'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertLegalMember } from '../support/legal-fixtures'
import { insertBook } from '../support/library-fixtures'

/**
 * Reading time and the shelf (issue 11 §3). The anti-cheat proofs drive the server functions with
 * a clock the test controls (`now`), the way the actions drive them with the real one.
 */

let app: TestApp
let bookId: number
let countyBookId: number
let draftId: number
let phone = 13900000000

beforeAll(async () => {
  app = await openTestApp()
  const createdBy = app.users.librarian
  const paragraphs = ['子曰：学而时习之，不亦说乎？有朋自远方来，不亦乐乎？', '人不知而不愠，不亦君子乎？']
  bookId = await insertBook(app.db, {
    title: '论语',
    author: '孔子弟子',
    createdBy,
    chapters: [
      { title: '学而第一', paragraphs },
      { title: '为政第二', paragraphs: ['子曰：为政以德，譬如北辰，居其所而众星共之。'] },
    ],
  })
  countyBookId = await insertBook(app.db, { title: '王江泾镇志', branchName: '王江泾镇总工会', createdBy, chapters: [{ title: '第一章', paragraphs }] })
  draftId = await insertBook(app.db, { title: '未上架的书', status: 'draft', createdBy, chapters: [{ title: '第一章', paragraphs }] })
})
afterAll(() => app.close())

async function callerOf(userId: number): Promise<Caller> {
  const caller = await loadCaller(app.db, userId)
  if (!caller) throw new Error('no caller')
  return caller
}

/** A member of their own, so each test starts with an empty reading clock. */
async function newReader(branch = '嘉兴恒创电子有限公司工会'): Promise<{ userId: number; memberId: number; caller: Caller }> {
  phone += 1
  const member = await insertLegalMember(app, { branch, name: '读书人', phone: String(phone) })
  return { ...member, caller: await callerOf(member.userId) }
}

async function creditedSeconds(memberId: number): Promise<number> {
  const [row] = await app.db.query<{ s: number }>('SELECT COALESCE(sum(seconds), 0)::int AS s FROM library_reading_log WHERE member_id = $1', [memberId])
  return row.s
}

async function readingPoints(memberId: number): Promise<{ points: number; rows: number }> {
  const [row] = await app.db.query<{ points: number; rows: number }>(
    `SELECT COALESCE(sum(delta), 0)::int AS points, count(*)::int AS rows FROM points_ledger WHERE member_id = $1 AND rule = 'reading'`,
    [memberId],
  )
  return row
}

const base = new Date('2026-03-02T01:00:00Z') // 09:00 on a Monday in Shanghai
const at = (seconds: number) => new Date(base.getTime() + seconds * 1000)

async function beat(caller: Caller, sessionId: number, now: Date, active = true, book = bookId) {
  return heartbeat(app.db, caller, { sessionId, bookId: book, clientTime: now.getTime(), active }, now)
}

describe('reading time: anti-cheat', () => {
  it('credits heartbeats every second for 10 minutes as 10 minutes, and four beats a second no more', async () => {
    const { memberId, caller } = await newReader()
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-one' }, at(0))
    for (let s = 1; s <= 600; s++) await beat(caller, sessionId, at(s))
    expect(await creditedSeconds(memberId)).toBe(600)

    // A script beating four times a second for the next minute earns that minute, once.
    for (let q = 1; q <= 240; q++) await beat(caller, sessionId, new Date(at(600).getTime() + q * 250))
    expect(await creditedSeconds(memberId)).toBe(660)
  })

  it('credits two devices reading at once the wall time once', async () => {
    const { memberId, caller } = await newReader()
    const one = await openSession(app.db, caller, { bookId, deviceId: 'phone-aaaa' }, at(0))
    const two = await openSession(app.db, caller, { bookId, deviceId: 'pad-bbbbbb' }, at(0))
    for (let s = 1; s <= 600; s++) {
      await beat(caller, one.sessionId, at(s))
      await beat(caller, two.sessionId, at(s))
    }
    expect(await creditedSeconds(memberId)).toBe(600)
  })

  it('credits nothing for an idle stretch, and never credits it later', async () => {
    const { memberId, caller } = await newReader()
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-idle' }, at(0))
    await beat(caller, sessionId, at(30), true)
    // No page turn from 30 s on: credited up to 30 + 180 s, then nothing.
    for (let s = 60; s <= 600; s += 30) await beat(caller, sessionId, at(s), false)
    expect(await creditedSeconds(memberId)).toBe(210)
    // A page turn at 630 s credits the 30 s since the last beat, not the idle stretch before it.
    const turned = await beat(caller, sessionId, at(630), true)
    expect(turned.creditedSeconds).toBe(30)
    expect(await creditedSeconds(memberId)).toBe(240)
  })

  it('credits a device being read while another lies idle', async () => {
    const { memberId, caller } = await newReader()
    const idle = await openSession(app.db, caller, { bookId, deviceId: 'left-open' }, at(0))
    const reading = await openSession(app.db, caller, { bookId, deviceId: 'in-hand01' }, at(0))
    // The tablet left open beats without page turns; the phone is being read.
    for (let s = 30; s <= 600; s += 30) {
      await beat(caller, idle.sessionId, at(s), false)
      await beat(caller, reading.sessionId, at(s), true)
    }
    expect(await creditedSeconds(memberId)).toBe(600)
  })

  it('credits at most 90 s after a long gap between beats', async () => {
    const { caller } = await newReader()
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-gap' }, at(0))
    expect((await beat(caller, sessionId, at(600))).creditedSeconds).toBe(90)
    expect((await beat(caller, sessionId, at(630))).creditedSeconds).toBe(30)
  })

  it('refuses a forged client time and writes nothing', async () => {
    const { memberId, userId } = await newReader()
    const opened = await app.ok(userId, 'library', 'openSession', { bookId, deviceId: 'device-forge' })
    const before = await app.db.query('SELECT last_beat_at, last_activity_at, closed_at FROM library_reading_session WHERE id = $1', [opened.sessionId])
    for (const skew of [10 * 60_000, -10 * 60_000]) {
      const error = await app.fail(userId, 'library', 'heartbeat', { sessionId: opened.sessionId, bookId, clientTime: Date.now() + skew, active: true })
      expect(error.code).toBe('LIBRARY_HEARTBEAT_CLOCK')
    }
    expect(await app.db.query('SELECT last_beat_at, last_activity_at, closed_at FROM library_reading_session WHERE id = $1', [opened.sessionId])).toEqual(before)
    expect(await app.db.query('SELECT * FROM library_reading_clock WHERE member_id = $1', [memberId])).toEqual([])
    expect(await creditedSeconds(memberId)).toBe(0)
  })

  it('credits real beats sent as fast as a script can no more than the real time they took', async () => {
    const { memberId, userId } = await newReader()
    const started = Date.now()
    const opened = await app.ok(userId, 'library', 'openSession', { bookId, deviceId: 'device-fast' })
    for (let i = 0; i < 60; i++) await app.ok(userId, 'library', 'heartbeat', { sessionId: opened.sessionId, bookId, clientTime: Date.now(), active: true })
    expect(await creditedSeconds(memberId)).toBeLessThanOrEqual(Math.floor((Date.now() - started) / 1000))
  })

  it('credits concurrent beats of two devices at most the wall time (PostgreSQL)', async () => {
    const { memberId, caller } = await newReader()
    const book = await insertBook(app.db, { title: '南唐二主词', createdBy: app.users.librarian, chapters: [{ title: '李煜', paragraphs: ['春花秋月何时了'] }] })
    // Both devices opened a minute ago; 20 beats from each now, all at once.
    const openedAt = new Date(Date.now() - 60_000)
    const sessions = await Promise.all(['race-phone', 'race-pad01'].map((deviceId) => openSession(app.db, caller, { bookId: book, deviceId }, openedAt)))
    // A first beat makes the member's clock row, so the race below is on reading it, not on creating it.
    await heartbeat(app.db, caller, { sessionId: sessions[0].sessionId, bookId: book, clientTime: openedAt.getTime(), active: true }, openedAt)
    // Interleaved, so the pool's connections carry both devices' beats at the same moment.
    const beats = Array.from({ length: 40 }, (_, i) => sessions[i % 2].sessionId)
    const results = await Promise.all(
      beats.map((sessionId) => {
        const now = new Date()
        return heartbeat(app.db, caller, { sessionId, bookId: book, clientTime: now.getTime(), active: true }, now)
      }),
    )
    const wall = Math.floor((Date.now() - openedAt.getTime()) / 1000)
    const credited = await creditedSeconds(memberId)
    expect(results.reduce((sum, r) => sum + r.creditedSeconds, 0)).toBe(credited)
    expect(credited).toBeGreaterThanOrEqual(60)
    expect(credited).toBeLessThanOrEqual(Math.min(wall, 90))
    const months = await app.db.query<{ readers: number; seconds: string }>('SELECT readers, seconds::text FROM library_book_month WHERE book_id = $1', [book])
    expect(months).toEqual([{ readers: 1, seconds: String(credited) }])
  })

  it('counts a member once among the month\'s readers of a book, however often they read it', async () => {
    const book = await insertBook(app.db, { title: '幽梦影', createdBy: app.users.librarian, chapters: [{ title: '卷上', paragraphs: ['读经宜冬，其神专也。'] }] })
    for (let i = 0; i < 2; i++) {
      const { caller } = await newReader()
      for (const day of [0, 86_400]) {
        const { sessionId } = await openSession(app.db, caller, { bookId: book, deviceId: 'device-month' }, at(day))
        await beat(caller, sessionId, at(day + 30), true, book)
        await beat(caller, sessionId, at(day + 60), true, book)
      }
    }
    const rows = await app.db.query<{ month: string; readers: number; seconds: string }>(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, readers, seconds::text FROM library_book_month WHERE book_id = $1`,
      [book],
    )
    expect(rows).toEqual([{ month: '2026-03-01', readers: 2, seconds: '240' }])
  })
})

describe('reading time: sessions', () => {
  it('refuses beats on a session that is not the caller\'s, is closed, or is of another book', async () => {
    const { userId } = await newReader()
    const other = await newReader()
    const opened = await app.ok(userId, 'library', 'openSession', { bookId, deviceId: 'device-mine' })
    const beatAs = (as: number, input: { sessionId: number; bookId: number }) => app.fail(as, 'library', 'heartbeat', { ...input, clientTime: Date.now(), active: true })
    expect((await beatAs(other.userId, { sessionId: opened.sessionId, bookId })).code).toBe('LIBRARY_SESSION_NOT_OPEN')
    expect((await beatAs(userId, { sessionId: opened.sessionId, bookId: draftId })).code).toBe('LIBRARY_SESSION_NOT_OPEN')
    expect((await beatAs(userId, { sessionId: 2_000_000_000, bookId })).code).toBe('LIBRARY_SESSION_NOT_OPEN')
    await app.ok(userId, 'library', 'closeSession', { sessionId: opened.sessionId, bookId, active: true })
    expect((await beatAs(userId, { sessionId: opened.sessionId, bookId })).code).toBe('LIBRARY_SESSION_NOT_OPEN')
    expect((await app.fail(userId, 'library', 'closeSession', { sessionId: opened.sessionId, bookId, active: false })).code).toBe('LIBRARY_SESSION_NOT_OPEN')
  })

  it('opens sessions only on books the member may read, and only for members', async () => {
    const { userId } = await newReader()
    for (const id of [countyBookId, draftId, 2_000_000_000]) {
      expect((await app.fail(userId, 'library', 'openSession', { bookId: id, deviceId: 'device-scope' })).code).toBe('NOT_FOUND')
    }
    expect((await app.fail(app.users.librarian, 'library', 'openSession', { bookId, deviceId: 'device-scope' })).code).toBe('NOT_MEMBER')
    const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM library_reading_session WHERE device_id = 'device-scope'`)
    expect(row.n).toBe(0)
  })

  it('ends the last session of a device when it opens another', async () => {
    const { caller } = await newReader()
    const first = await openSession(app.db, caller, { bookId, deviceId: 'device-reopen' }, at(0))
    await openSession(app.db, caller, { bookId, deviceId: 'device-reopen' }, at(10))
    await expect(beat(caller, first.sessionId, at(20))).rejects.toMatchObject({ code: 'LIBRARY_SESSION_NOT_OPEN' })
  })

  it('credits what the last beat left when the reader closes', async () => {
    const { memberId, caller } = await newReader()
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-close' }, at(0))
    await beat(caller, sessionId, at(30))
    const closed = await closeSession(app.db, caller, { sessionId, bookId, active: true }, at(45))
    expect(closed.creditedSeconds).toBe(15)
    expect(await creditedSeconds(memberId)).toBe(45)
  })

  it('stops crediting a book taken down while it is open', async () => {
    const { caller } = await newReader()
    const book = await insertBook(app.db, { title: '花间集', createdBy: app.users.librarian, chapters: [{ title: '卷一', paragraphs: ['小山重叠金明灭。'] }] })
    const { sessionId } = await openSession(app.db, caller, { bookId: book, deviceId: 'device-down' }, at(0))
    await app.db.query(`UPDATE library_book SET status = 'unpublished' WHERE id = $1`, [book])
    await expect(beat(caller, sessionId, at(30), true, book)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('reading time: points', () => {
  it('awards 1 point per 10 minutes read in a day, at most 6, once however often a beat is retried', async () => {
    const { memberId, caller } = await newReader()
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-points' }, at(0))
    let earned = 0
    for (let s = 30; s <= 600; s += 30) earned += (await beat(caller, sessionId, at(s))).points
    expect(earned).toBe(1)
    // The beat that crossed 10 minutes, retried: nothing more.
    expect(await beat(caller, sessionId, at(600))).toMatchObject({ creditedSeconds: 0, points: 0 })
    expect(await readingPoints(memberId)).toEqual({ points: 1, rows: 1 })
    for (let s = 630; s <= 80 * 60; s += 30) earned += (await beat(caller, sessionId, at(s))).points
    expect(earned).toBe(6)
    expect(await readingPoints(memberId)).toEqual({ points: 6, rows: 6 })
    expect(await readingTime(app.db, caller, at(80 * 60))).toEqual({ todayMinutes: 80, weekMinutes: 80, totalMinutes: 80, todayPoints: 6 })
    // The next Shanghai day starts a new count; the week goes on (Monday-based).
    const nextDay = 86_400
    const again = await openSession(app.db, caller, { bookId, deviceId: 'device-points' }, at(nextDay))
    for (let s = 30; s <= 600; s += 30) await beat(caller, again.sessionId, at(nextDay + s))
    expect(await readingTime(app.db, caller, at(nextDay + 600))).toEqual({ todayMinutes: 10, weekMinutes: 90, totalMinutes: 90, todayPoints: 1 })
    expect(await readingTime(app.db, caller, at(7 * 86_400))).toMatchObject({ todayMinutes: 0, weekMinutes: 0, totalMinutes: 90 })
  })

  it('marks a book finished once, in its last chapter after enough time, with 10 points', async () => {
    const { memberId, caller, userId } = await newReader()
    const progress = (chapter: number) =>
      app.db.query(
        `INSERT INTO library_progress (member_id, book_id, chapter_ord, char_offset, permille) VALUES ($1, $2, $3, 0, 900)
         ON CONFLICT (member_id, book_id) DO UPDATE SET chapter_ord = excluded.chapter_ord`,
        [memberId, bookId, chapter],
      )
    expect((await app.fail(userId, 'library', 'finishBook', { bookId })).code).toBe('LIBRARY_NOT_FINISHED')
    await progress(0)
    expect((await app.fail(userId, 'library', 'finishBook', { bookId })).code).toBe('LIBRARY_NOT_FINISHED')
    await progress(1)
    // In the last chapter but only 4 minutes read: a short book still needs 5.
    const { sessionId } = await openSession(app.db, caller, { bookId, deviceId: 'device-finish' }, at(0))
    for (let s = 30; s <= 240; s += 30) await beat(caller, sessionId, at(s))
    const short = await app.fail(userId, 'library', 'finishBook', { bookId })
    expect(short).toMatchObject({ code: 'LIBRARY_NOT_FINISHED', message: '这本书至少要读满 5 分钟，已读 4 分钟' })
    for (let s = 270; s <= 300; s += 30) await beat(caller, sessionId, at(s))
    const first = await finishBook(app.db, caller, { bookId }, at(400))
    expect(first).toEqual({ finishedAt: at(400).toISOString(), points: 10 })
    expect(await finishBook(app.db, caller, { bookId }, at(500))).toEqual({ finishedAt: at(400).toISOString(), points: 0 })
    const [ledger] = await app.db.query<{ n: number; points: number }>(
      `SELECT count(*)::int AS n, sum(delta)::int AS points FROM points_ledger WHERE member_id = $1 AND rule = 'book_finished'`,
      [memberId],
    )
    expect(ledger).toEqual({ n: 1, points: 10 })
  })
})

describe('shelf', () => {
  it('adds, lists, pages and removes books the member may read', async () => {
    const { userId } = await newReader()
    const more = []
    for (let i = 0; i < 3; i++) {
      more.push(await insertBook(app.db, { title: `宋词三百首·卷${i + 1}`, createdBy: app.users.librarian, chapters: [{ title: '卷', paragraphs: ['明月几时有'] }] }))
    }
    for (const id of [bookId, ...more]) await app.ok(userId, 'library', 'addToShelf', { bookId: id })
    await app.ok(userId, 'library', 'addToShelf', { bookId }) // twice: still once
    const first = await app.ok(userId, 'library', 'shelf', { limit: 3 })
    expect(first.items.map((b) => b.id)).toEqual([...more].reverse())
    const second = await app.ok(userId, 'library', 'shelf', { cursor: first.nextCursor, limit: 3 })
    expect(second.items.map((b) => b.id)).toEqual([bookId])
    expect(second.nextCursor).toBeNull()
    expect(second.items[0]).toMatchObject({ title: '论语', author: '孔子弟子', chapterCount: 2, coverUrl: null, chapterOrd: null, permille: null })
    await app.ok(userId, 'library', 'removeFromShelf', { bookId: more[0] })
    expect((await app.ok(userId, 'library', 'shelf', {})).items.map((b) => b.id)).toEqual([more[2], more[1], bookId])
    // Taken down: hidden from the shelf, back when published again.
    await app.db.query(`UPDATE library_book SET status = 'unpublished' WHERE id = $1`, [more[2]])
    expect((await app.ok(userId, 'library', 'shelf', {})).items.map((b) => b.id)).toEqual([more[1], bookId])
  })

  it('refuses books outside the member\'s scope, drafts, and callers who are not members', async () => {
    const { userId } = await newReader()
    for (const id of [countyBookId, draftId]) {
      expect((await app.fail(userId, 'library', 'addToShelf', { bookId: id })).code).toBe('NOT_FOUND')
    }
    const sibling = app.users['sibling-member']
    await app.ok(sibling, 'library', 'addToShelf', { bookId: countyBookId })
    expect((await app.ok(sibling, 'library', 'shelf', {})).items.map((b) => b.id)).toContain(countyBookId)
    expect((await app.fail(app.users.librarian, 'library', 'shelf', {})).code).toBe('NOT_MEMBER')
    expect((await app.fail(userId, 'library', 'shelf', { cursor: 'forged' })).code).toBe('VALIDATION_FAILED')
  })

  it('lists recently read books and the book to continue', async () => {
    const { userId, memberId } = await newReader()
    expect(await app.ok(userId, 'library', 'continueReading', {})).toBeNull()
    const other = await insertBook(app.db, { title: '楚辞', createdBy: app.users.librarian, chapters: [{ title: '离骚', paragraphs: ['帝高阳之苗裔兮'] }, { title: '九歌', paragraphs: ['吉日兮辰良'] }] })
    const read = (id: number, chapter: number, minutesAgo: number, finished = false) =>
      app.db.query(
        `INSERT INTO library_progress (member_id, book_id, chapter_ord, char_offset, permille, finished_at, updated_at)
         VALUES ($1, $2, $3, 5, 500, CASE WHEN $4 THEN now() END, now() - make_interval(mins => $5))`,
        [memberId, id, chapter, finished, minutesAgo],
      )
    await read(bookId, 1, 10)
    await read(other, 1, 5, true)
    await read(countyBookId, 0, 1)
    await app.ok(userId, 'library', 'addToShelf', { bookId })
    const recent = await app.ok(userId, 'library', 'recentBooks', {})
    expect(recent.items.map((b) => [b.id, b.finished, b.onShelf])).toEqual([[other, true, false], [bookId, false, true]])
    expect(await app.ok(userId, 'library', 'continueReading', {})).toMatchObject({
      book: { id: bookId, title: '论语' },
      chapterOrd: 1,
      chapterTitle: '为政第二',
      charOffset: 5,
      permille: 500,
    })
  })
})

describe('pure credit arithmetic', () => {
  it('carries fractions of a second to the next beat', () => {
    const first = creditFor({ now: new Date(1_500), active: true, sessionMark: new Date(0), lastActivity: new Date(0), creditedUntil: null })
    expect(first).toEqual({ seconds: 1, sessionMark: new Date(1_000), creditedUntil: new Date(1_000) })
    const second = creditFor({ now: new Date(2_100), active: true, sessionMark: first.sessionMark, lastActivity: new Date(1_500), creditedUntil: first.creditedUntil })
    expect(second.seconds).toBe(1)
  })
})
