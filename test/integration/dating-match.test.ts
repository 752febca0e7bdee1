import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../server/cursor'
import { shanghaiDay } from '../../server/points/calendar'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater } from '../support/dating-fixtures'
import type { DaterFixture } from '../support/dating-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

/**
 * Each test builds its own cohort, isolated from the others' by a birth year nobody else uses
 * and preferences (both ways) for that year only, so discovery shows exactly the cohort.
 */
let nextYear = 1960
async function cohort() {
  const year = nextYear
  // Three years apart, so one cohort's age range (±1 year) never reaches the next.
  nextYear += 3
  const age = new Date().getUTCFullYear() - year
  const range: [number, number] = [age - 1, age + 1]
  const dater = (fields: Omit<DaterFixture, 'birthYear'>) => insertDater(app.db, { birthYear: year, prefAge: range, ...fields })
  return { dater }
}

const sibling = '嘉兴王江泾织造有限公司工会'

async function discoverIds(userId: number, input: Parameters<typeof app.ok<'dating', 'discover'>>[3] = { limit: 50 }) {
  const page = await app.ok(userId, 'dating', 'discover', input)
  return page.items.map((card) => card.id)
}

describe('discover', () => {
  it('shows shown members of the other gender whose preferences and mine both hold, newest activity first', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female', heightCm: 160, education: 'bachelor', prefHeight: [170, null] })
    const fits = await dater({ gender: 'male', heightCm: 178, branchName: sibling, nickname: '合适' })
    const older = await dater({ gender: 'male', heightCm: 180, branchName: sibling })
    const short = await dater({ gender: 'male', heightCm: 168, branchName: sibling })
    const wantsTall = await dater({ gender: 'male', heightCm: 180, branchName: sibling, prefHeight: [165, null] })
    const wantsMaster = await dater({ gender: 'male', heightCm: 180, branchName: sibling, prefEducation: 'master' })
    const wantsNanhu = await dater({ gender: 'male', heightCm: 180, branchName: sibling, prefCountyNames: ['南湖区总工会'] })
    const woman = await dater({ gender: 'female', heightCm: 170, branchName: sibling })
    const paused = await dater({ gender: 'male', heightCm: 180, branchName: sibling, state: 'paused' })
    const waiting = await dater({ gender: 'male', heightCm: 180, branchName: sibling, approved: false })
    await app.db.query(`UPDATE dating_profile SET last_active_at = now() - interval '1 day' WHERE member_id = $1`, [older.memberId])

    expect(await discoverIds(me.userId)).toEqual([fits.memberId, older.memberId])
    for (const hidden of [short, wantsTall, wantsMaster, wantsNanhu, woman, paused, waiting]) {
      expect(await discoverIds(me.userId)).not.toContain(hidden.memberId)
    }
    const page = await app.ok(me.userId, 'dating', 'discover', { limit: 50 })
    expect(page.items[0]).toMatchObject({ id: fits.memberId, nickname: '合适', gender: 'male', heightCm: 178, education: 'bachelor', county: { name: '秀洲区总工会' } })
    expect(page.items[0].age).toBeGreaterThanOrEqual(new Date().getUTCFullYear() - (nextYear - 3) - 1)
    expect(page.likesLeft).toBe(20)
    // Nothing about the member beyond the card: no contact, no unit, no birth month.
    expect(JSON.stringify(page)).not.toMatch(/wx_member_|王江泾|birth|contact/)
  })

  it('narrows by the filters on top of the preferences', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'male', heightCm: 175 })
    const tall = await dater({ gender: 'female', heightCm: 168, education: 'master', branchName: sibling })
    const short = await dater({ gender: 'female', heightCm: 155, education: 'college', branchName: sibling })
    expect(await discoverIds(me.userId, { heightMin: 160, limit: 50 })).toEqual([tall.memberId])
    expect(await discoverIds(me.userId, { educationMin: 'bachelor', limit: 50 })).toEqual([tall.memberId])
    const xiuzhou = await app.branchId('秀洲区总工会')
    expect((await discoverIds(me.userId, { countyIds: [xiuzhou], limit: 50 })).sort()).toEqual([tall.memberId, short.memberId].sort())
    expect(await discoverIds(me.userId, { countyIds: [await app.branchId('南湖区总工会')], limit: 50 })).toEqual([])
    // Filters outside my own preference leave nothing rather than widening it.
    expect(await discoverIds(me.userId, { ageMin: 70, limit: 50 })).toEqual([])
    expect((await app.fail(me.userId, 'dating', 'discover', { ageMin: 30, ageMax: 25, limit: 20 })).code).toBe('VALIDATION_FAILED')
  })

  it('leaves out whom I liked or passed, blocks either way, and colleagues when either hides', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const liked = await dater({ gender: 'male', branchName: sibling })
    const passed = await dater({ gender: 'male', branchName: sibling })
    const blockedByMe = await dater({ gender: 'male', branchName: sibling })
    const blockingMe = await dater({ gender: 'male', branchName: sibling })
    const colleague = await dater({ gender: 'male' })
    const hidingColleague = await dater({ gender: 'male', hideFromUnit: true })
    const other = await dater({ gender: 'male', branchName: sibling })
    await app.ok(me.userId, 'dating', 'like', { targetId: liked.memberId })
    await app.ok(me.userId, 'dating', 'pass', { targetId: passed.memberId })
    await app.ok(me.userId, 'dating', 'block', { targetId: blockedByMe.memberId })
    await app.ok(blockingMe.userId, 'dating', 'block', { targetId: me.memberId })
    const mine = await discoverIds(me.userId)
    expect(mine.sort()).toEqual([colleague.memberId, other.memberId].sort())
    // Hidden both ways: the hiding colleague does not see me either, nor the blocker me.
    expect(await discoverIds(hidingColleague.userId)).not.toContain(me.memberId)
    expect(await discoverIds(blockingMe.userId)).not.toContain(me.memberId)
    expect(await discoverIds(blockedByMe.userId)).not.toContain(me.memberId)
    await app.db.query('UPDATE dating_profile SET hide_from_unit = true WHERE member_id = $1', [me.memberId])
    expect(await discoverIds(me.userId)).toEqual([other.memberId])
    expect(await discoverIds(colleague.userId)).not.toContain(me.memberId)
  })

  it('pages by keyset without repeats or gaps, even with microsecond activity times', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'male' })
    const women = []
    for (let i = 0; i < 7; i++) women.push(await dater({ gender: 'female', branchName: sibling }))
    // Same millisecond, different microseconds: a cursor that kept only milliseconds would repeat rows.
    await app.db.query(
      `UPDATE dating_profile SET last_active_at = timestamptz '2026-01-01 10:00:00.123' + (member_id % 3) * interval '1 microsecond'
        WHERE member_id = ANY($1::int[])`,
      [women.map((w) => w.memberId)],
    )
    const seen: number[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < 10; pages++) {
      const page: { items: { id: number }[]; nextCursor: string | null } = await app.ok(me.userId, 'dating', 'discover', { cursor, limit: 2 })
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
      if (!cursor) break
    }
    expect(seen).toHaveLength(7)
    expect(new Set(seen).size).toBe(7)
    expect(seen.sort()).toEqual(women.map((w) => w.memberId).sort())
    const forged = encodeCursor({ t: 'x', id: 1 })
    expect((await app.fail(me.userId, 'dating', 'discover', { cursor: forged, limit: 2 })).code).toBe('VALIDATION_FAILED')
  })

  it('walks on past a long run of newer profiles I passed to find one I have not', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const fits = await dater({ gender: 'male', branchName: sibling })
    await app.db.query(`UPDATE dating_profile SET last_active_at = now() - interval '1 hour' WHERE member_id = $1`, [fits.memberId])
    // Several steps of the walk (12, 24, 48 for a page of 5), every profile in them passed.
    const passed = []
    for (let i = 0; i < 60; i++) passed.push((await dater({ gender: 'male', branchName: sibling })).memberId)
    await app.db.query('INSERT INTO dating_pass (member_id, target_id) SELECT $1, unnest($2::int[])', [me.memberId, passed])
    const page = await app.ok(me.userId, 'dating', 'discover', { limit: 5 })
    expect(page.items.map((c) => c.id)).toEqual([fits.memberId])
    expect(page.nextCursor).toBeNull()
  })

  it('is for joined, approved, shown members only', async () => {
    const { dater } = await cohort()
    const waiting = await dater({ gender: 'female', approved: false })
    const paused = await dater({ gender: 'female', state: 'paused' })
    expect((await app.fail(waiting.userId, 'dating', 'discover', { limit: 20 })).code).toBe('DATING_NOT_APPROVED')
    expect((await app.fail(paused.userId, 'dating', 'discover', { limit: 20 })).code).toBe('DATING_PAUSED')
    expect((await app.fail(await app.newUser(), 'dating', 'discover', { limit: 20 })).code).toBe('NOT_MEMBER')
  })
})

describe('person', () => {
  it('opens a visible profile with where I stand, and refuses the hidden with one answer', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const him = await dater({ gender: 'male', branchName: sibling, nickname: '阿杰' })
    const view = await app.ok(me.userId, 'dating', 'person', { id: him.memberId })
    expect(view.profile).toMatchObject({ id: him.memberId, nickname: '阿杰', hometown: '嘉兴', intro: '你好，我是测试会员。' })
    expect(view.relation).toEqual({ liked: false, passed: false, matchId: null, canLike: true, likesLeft: 20 })
    expect(JSON.stringify(view)).not.toContain(`wx_member_${him.memberId}`)

    const paused = await dater({ gender: 'male', branchName: sibling, state: 'paused' })
    const blocker = await dater({ gender: 'male', branchName: sibling })
    await app.ok(blocker.userId, 'dating', 'block', { targetId: me.memberId })
    for (const hidden of [paused, blocker]) {
      expect((await app.fail(me.userId, 'dating', 'person', { id: hidden.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    }
    expect((await app.fail(me.userId, 'dating', 'person', { id: me.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect((await app.fail(me.userId, 'dating', 'person', { id: 2_000_000_000 })).code).toBe('DATING_PROFILE_UNAVAILABLE')
  })

  it('keeps a live match reachable while the other pauses', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const him = await dater({ gender: 'male', branchName: sibling })
    await app.ok(me.userId, 'dating', 'like', { targetId: him.memberId })
    const { matchId } = await app.ok(him.userId, 'dating', 'like', { targetId: me.memberId })
    await app.db.query(`UPDATE dating_profile SET state = 'paused' WHERE member_id = $1`, [him.memberId])
    const view = await app.ok(me.userId, 'dating', 'person', { id: him.memberId })
    expect(view.relation).toMatchObject({ liked: true, matchId, canLike: false })
    expect(JSON.stringify(view)).not.toContain(`wx_member_${him.memberId}`)
  })
})

describe('like and pass', () => {
  it('refuses oneself, the hidden, the paused and the same gender, writing nothing', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const woman = await dater({ gender: 'female', branchName: sibling })
    const paused = await dater({ gender: 'male', branchName: sibling, state: 'paused' })
    const blocked = await dater({ gender: 'male', branchName: sibling })
    await app.ok(me.userId, 'dating', 'block', { targetId: blocked.memberId })
    const before = await app.snapshot()
    expect((await app.fail(me.userId, 'dating', 'like', { targetId: me.memberId })).code).toBe('DATING_SELF_LIKE')
    expect((await app.fail(me.userId, 'dating', 'pass', { targetId: me.memberId })).code).toBe('DATING_SELF_LIKE')
    for (const target of [woman, paused, blocked]) {
      expect((await app.fail(me.userId, 'dating', 'like', { targetId: target.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
      expect((await app.fail(me.userId, 'dating', 'pass', { targetId: target.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    }
    expect((await app.fail(me.userId, 'dating', 'like', { targetId: 2_000_000_000 })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect(await app.snapshot()).toEqual(before)
  })

  it('counts a like once however often it is sent, and stops at the daily quota', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'male' })
    const first = await dater({ gender: 'female', branchName: sibling })
    expect(await app.ok(me.userId, 'dating', 'like', { targetId: first.memberId })).toEqual({ matched: false, matchId: null, likesLeft: 19 })
    expect(await app.ok(me.userId, 'dating', 'like', { targetId: first.memberId })).toEqual({ matched: false, matchId: null, likesLeft: 19 })
    await app.db.query('UPDATE dating_like_day SET likes = 20 WHERE member_id = $1 AND day = $2', [me.memberId, shanghaiDay(new Date())])
    const next = await dater({ gender: 'female', branchName: sibling })
    const before = await app.snapshot()
    const refused = await app.fail(me.userId, 'dating', 'like', { targetId: next.memberId })
    expect(refused).toEqual({ code: 'DATING_LIKE_QUOTA', message: '今天的喜欢次数（每天 20 次）已用完，明天再来吧' })
    expect(await app.snapshot()).toEqual(before)
    // A retry of an earlier like still answers, quota or not.
    expect((await app.ok(me.userId, 'dating', 'like', { targetId: first.memberId })).likesLeft).toBe(0)
    expect((await app.ok(me.userId, 'dating', 'person', { id: next.memberId })).relation).toMatchObject({ canLike: false, likesLeft: 0 })
  })

  it('makes a like back a match, told to both once, and a later like after an unmatch no new one', async () => {
    const { dater } = await cohort()
    const she = await dater({ gender: 'female', nickname: '小雅' })
    const he = await dater({ gender: 'male', branchName: sibling, nickname: '阿强' })
    expect((await app.ok(she.userId, 'dating', 'like', { targetId: he.memberId })).matched).toBe(false)
    const back = await app.ok(he.userId, 'dating', 'like', { targetId: she.memberId })
    expect(back.matched).toBe(true)
    expect(back.matchId).not.toBeNull()
    expect(await app.ok(she.userId, 'dating', 'like', { targetId: he.memberId })).toMatchObject({ matched: true, matchId: back.matchId })
    const told = await app.db.query<{ user_id: number }>(`SELECT user_id FROM message WHERE kind = 'dating_match' AND source = $1`, [`dating_match:${back.matchId}`])
    expect(told.map((m) => m.user_id).sort()).toEqual([she.userId, he.userId].sort())
    const [match] = await app.db.query<{ via: string }>('SELECT via FROM dating_match WHERE id = $1', [back.matchId])
    expect(match.via).toBe('like')
  })

  it('passes idempotently and lets a passed member still be liked from their page', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const him = await dater({ gender: 'male', branchName: sibling })
    expect(await app.ok(me.userId, 'dating', 'pass', { targetId: him.memberId })).toEqual({ passed: true })
    expect(await app.ok(me.userId, 'dating', 'pass', { targetId: him.memberId })).toEqual({ passed: true })
    expect((await app.ok(me.userId, 'dating', 'person', { id: him.memberId })).relation).toMatchObject({ passed: true, canLike: true })
    await app.ok(me.userId, 'dating', 'like', { targetId: him.memberId })
    expect((await app.ok(me.userId, 'dating', 'person', { id: him.memberId })).relation).toMatchObject({ liked: true, passed: false, canLike: false })
  })
})

describe('block', () => {
  it('hides both from each other, ends a live match, and can be undone', async () => {
    const { dater } = await cohort()
    const she = await dater({ gender: 'female' })
    const he = await dater({ gender: 'male', branchName: sibling, nickname: '小刘' })
    await app.ok(she.userId, 'dating', 'like', { targetId: he.memberId })
    const { matchId } = await app.ok(he.userId, 'dating', 'like', { targetId: she.memberId })
    expect(await app.ok(she.userId, 'dating', 'block', { targetId: he.memberId })).toEqual({ blocked: true, matchEnded: true })
    expect(await app.ok(she.userId, 'dating', 'block', { targetId: he.memberId })).toEqual({ blocked: true, matchEnded: false })
    const [match] = await app.db.query<{ end_reason: string; ended_by: number }>('SELECT end_reason, ended_by FROM dating_match WHERE id = $1', [matchId])
    expect(match).toEqual({ end_reason: 'block', ended_by: she.memberId })
    expect((await app.fail(he.userId, 'dating', 'person', { id: she.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect((await app.fail(she.userId, 'dating', 'person', { id: he.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')

    const list = await app.ok(she.userId, 'dating', 'blocks', { limit: 20 })
    expect(list.items).toEqual([{ id: he.memberId, nickname: '小刘', blockedAt: expect.any(String) }])
    expect(await app.ok(she.userId, 'dating', 'unblock', { targetId: he.memberId })).toEqual({ unblocked: true })
    expect(await app.ok(she.userId, 'dating', 'unblock', { targetId: he.memberId })).toEqual({ unblocked: true })
    expect((await app.ok(she.userId, 'dating', 'blocks', { limit: 20 })).items).toEqual([])
    // Seen again, but the ended match stays ended: no like makes the pair a match twice.
    expect((await app.ok(she.userId, 'dating', 'person', { id: he.memberId })).relation).toMatchObject({ matchId: null, canLike: false })
  })

  it('blocks only someone I can see or was matched with, never myself', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const paused = await dater({ gender: 'male', branchName: sibling, state: 'paused' })
    const before = await app.snapshot()
    expect((await app.fail(me.userId, 'dating', 'block', { targetId: paused.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect((await app.fail(me.userId, 'dating', 'block', { targetId: me.memberId })).code).toBe('DATING_SELF_LIKE')
    expect(await app.snapshot()).toEqual(before)
    // A paused member may still block (safety first), e.g. someone they matched with.
    const him = await dater({ gender: 'male', branchName: sibling })
    await app.ok(me.userId, 'dating', 'like', { targetId: him.memberId })
    await app.ok(him.userId, 'dating', 'like', { targetId: me.memberId })
    await app.db.query(`UPDATE dating_profile SET state = 'paused' WHERE member_id = ANY($1::int[])`, [[me.memberId, him.memberId]])
    expect(await app.ok(me.userId, 'dating', 'block', { targetId: him.memberId })).toEqual({ blocked: true, matchEnded: true })
  })

  it('pages my blocks newest first', async () => {
    const { dater } = await cohort()
    const me = await dater({ gender: 'female' })
    const targets = []
    for (let i = 0; i < 5; i++) {
      const t = await dater({ gender: 'male', branchName: sibling, nickname: `男${i}` })
      await app.ok(me.userId, 'dating', 'block', { targetId: t.memberId })
      targets.push(t.memberId)
    }
    const first = await app.ok(me.userId, 'dating', 'blocks', { limit: 3 })
    const second = await app.ok(me.userId, 'dating', 'blocks', { cursor: first.nextCursor, limit: 3 })
    expect([...first.items, ...second.items].map((b) => b.id)).toEqual([...targets].reverse())
    expect(second.nextCursor).toBeNull()
  })
})
