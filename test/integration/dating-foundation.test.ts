import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireDater } from '../../server/dating/dater'
import { createMatch, endMatch, lockPair } from '../../server/dating/matches'
import { canSee } from '../../server/dating/visibility'
import { openTestApp } from '../support/app'
import { callerOf, refusal } from '../support/refusal'
import type { TestApp } from '../support/app'
import { insertDater, insertDatingMember } from '../support/dating-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

describe('dating foundation', () => {
  it('lets only a joined, approved, shown member act, and says why to everyone else', async () => {
    const outsider = await app.newUser('非会员')
    expect(await refusal(requireDater(app.db, await callerOf(app.db, outsider), 'joined'))).toBe('NOT_MEMBER')
    const notJoined = await insertDatingMember(app.db, { gender: 'female', birthYear: 1995 })
    expect(await refusal(requireDater(app.db, await callerOf(app.db, notJoined.userId), 'joined'))).toBe('DATING_NOT_JOINED')
    const waiting = await insertDater(app.db, { gender: 'female', birthYear: 1995, approved: false })
    expect((await requireDater(app.db, await callerOf(app.db, waiting.userId), 'joined')).approved).toBe(false)
    expect(await refusal(requireDater(app.db, await callerOf(app.db, waiting.userId), 'active'))).toBe('DATING_NOT_APPROVED')
    const paused = await insertDater(app.db, { gender: 'male', birthYear: 1990, state: 'paused' })
    expect(await refusal(requireDater(app.db, await callerOf(app.db, paused.userId), 'active'))).toBe('DATING_PAUSED')
    const suspended = await insertDater(app.db, { gender: 'male', birthYear: 1990, state: 'suspended' })
    expect(await refusal(requireDater(app.db, await callerOf(app.db, suspended.userId), 'active'))).toBe('DATING_SUSPENDED')
    const closed = await insertDater(app.db, { gender: 'male', birthYear: 1990, state: 'closed' })
    expect(await refusal(requireDater(app.db, await callerOf(app.db, closed.userId), 'joined'))).toBe('DATING_CLOSED')
    const active = await insertDater(app.db, { gender: 'male', birthYear: 1990, birthMonth: 3 })
    const dater = await requireDater(app.db, await callerOf(app.db, active.userId), 'active')
    expect(dater).toMatchObject({ memberId: active.memberId, gender: 'male', birthYear: 1990, birthMonth: 3, birthYm: 1990 * 12 + 2, state: 'active', approved: true })
    const [county] = await app.db.query<{ name: string }>('SELECT name FROM branch WHERE id = $1', [dater.countyBranchId])
    expect(county.name).toBe('秀洲区总工会')
  })

  it('writes the profile row only when its activity mark is due, not on every call', async () => {
    const member = await insertDater(app.db, { gender: 'female', birthYear: 1993 })
    const version = async () => (await app.db.query<{ v: string }>('SELECT xmin::text AS v FROM dating_profile WHERE member_id = $1', [member.memberId]))[0].v
    const caller = await callerOf(app.db, member.userId)
    const before = await version()
    await requireDater(app.db, caller, 'active')
    await requireDater(app.db, caller, 'active')
    expect(await version()).toBe(before)
    await app.db.query(`UPDATE dating_profile SET last_active_at = now() - interval '11 minutes' WHERE member_id = $1`, [member.memberId])
    const stale = await version()
    await requireDater(app.db, caller, 'active')
    expect(await version()).not.toBe(stale)
    const [row] = await app.db.query<{ fresh: boolean }>(`SELECT last_active_at > now() - interval '1 minute' AS fresh FROM dating_profile WHERE member_id = $1`, [member.memberId])
    expect(row.fresh).toBe(true)
  })

  it('ends a suspension whose time has passed when the member next acts', async () => {
    const member = await insertDater(app.db, { gender: 'female', birthYear: 1993, state: 'suspended' })
    await app.db.query(`UPDATE dating_profile SET suspended_until = now() - interval '1 minute' WHERE member_id = $1`, [member.memberId])
    expect((await requireDater(app.db, await callerOf(app.db, member.userId), 'active')).state).toBe('active')
  })

  it('hides two members from each other after a block either way, and colleagues when either asks', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    const he = await insertDater(app.db, { gender: 'male', birthYear: 1992, branchName: '嘉兴王江泾织造有限公司工会' })
    expect(await canSee(app.db, she.memberId, he.memberId)).toBe(true)
    expect(await canSee(app.db, she.memberId, she.memberId)).toBe(false)
    await app.db.query('INSERT INTO dating_block (member_id, target_id) VALUES ($1, $2)', [he.memberId, she.memberId])
    expect(await canSee(app.db, she.memberId, he.memberId)).toBe(false)
    expect(await canSee(app.db, he.memberId, she.memberId)).toBe(false)

    const colleague = await insertDater(app.db, { gender: 'male', birthYear: 1991 })
    expect(await canSee(app.db, she.memberId, colleague.memberId)).toBe(true)
    await app.db.query('UPDATE dating_profile SET hide_from_unit = true WHERE member_id = $1', [colleague.memberId])
    expect(await canSee(app.db, she.memberId, colleague.memberId)).toBe(false)
    expect(await canSee(app.db, colleague.memberId, she.memberId)).toBe(false)

    const hidden = await insertDater(app.db, { gender: 'male', birthYear: 1991, approved: false })
    expect(await canSee(app.db, she.memberId, hidden.memberId)).toBe(false)
  })

  it('makes a pair a match once, tells both once, and never again after it ends', async () => {
    const a = await insertDater(app.db, { gender: 'female', birthYear: 1996, nickname: '晓晓' })
    const b = await insertDater(app.db, { gender: 'male', birthYear: 1994, nickname: '大伟', branchName: '嘉兴王江泾织造有限公司工会' })
    const first = await app.db.transaction(async (tx) => {
      await lockPair(tx, b.memberId, a.memberId)
      return createMatch(tx, b.memberId, a.memberId, 'like')
    })
    expect(first.created).toBe(true)
    const again = await app.db.transaction((tx) => createMatch(tx, a.memberId, b.memberId, 'event'))
    expect(again).toEqual({ matchId: first.matchId, created: false })
    const messages = await app.db.query<{ user_id: number; body: string; link: string }>(
      `SELECT user_id, body, link FROM message WHERE kind = 'dating_match' AND source = $1 ORDER BY user_id`,
      [`dating_match:${first.matchId}`],
    )
    expect(messages).toHaveLength(2)
    expect(messages.find((m) => m.user_id === a.userId)?.body).toContain('大伟')
    expect(messages.find((m) => m.user_id === b.userId)?.body).toContain('晓晓')
    expect(messages[0].link).toBe(`/pages/dating/chat/index?matchId=${first.matchId}`)

    expect(await app.db.transaction((tx) => endMatch(tx, a.memberId, b.memberId, a.memberId, 'unmatch'))).toBe(true)
    expect(await app.db.transaction((tx) => endMatch(tx, a.memberId, b.memberId, a.memberId, 'unmatch'))).toBe(false)
    expect(await app.db.transaction((tx) => createMatch(tx, a.memberId, b.memberId, 'like'))).toEqual({ matchId: first.matchId, created: false })
  })
})
