/**
 * 嘉工鹊桥会's privacy promises (issue 13 "Tests → Privacy"), checked on every answer of the flows
 * the issue describes, whoever wrote the action: the contact appears in no answer before a match
 * (and afterwards only in revealContact); no answer carries another member's real name, phone,
 * member number, ID digits or unit; blocked members appear nowhere; 同单位隐身 works both ways; a
 * non-member gets nothing from any dating action.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { datingSchemas } from '../../src/shared/api/dating'
import type { ActionInput, ActionName, ActionOutput } from '../../src/shared/api'
import { datingConsentVersion } from '../../src/shared/dating/names'
import { createMatch } from '../../server/dating/matches'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater, insertDatingMember } from '../support/dating-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

const requestId = () => `privacy-${randomBytes(8).toString('hex')}`

interface Person {
  label: string
  userId: number
  memberId: number
  /** Strings that must never reach anyone else. */
  secrets: string[]
  contact: string
}

interface Answer {
  by: string
  action: string
  text: string
}

/** Every answer of the flows, by whom it was asked. */
const answers: Answer[] = []

async function call<A extends ActionName<'dating'>>(who: { label: string; userId: number }, action: A, input: ActionInput<'dating', A>): Promise<ActionOutput<'dating', A>> {
  const data = await app.ok(who.userId, 'dating', action, input)
  answers.push({ by: who.label, action, text: JSON.stringify(data) })
  return data
}

/** A member's private facts as the database holds them, made distinct so a leak is unmistakable. */
async function secretsOf(memberId: number, idNumber: string, name: string, phone: string): Promise<string[]> {
  await app.db.query('UPDATE member SET name = $2, phone = $3 WHERE id = $1', [memberId, name, phone])
  const [row] = await app.db.query<{ member_no: string; unit: string }>(
    'SELECT m.member_no, b.name AS unit FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $1',
    [memberId],
  )
  // The unit's distinctive part (嘉兴恒创电子有限公司工会 → 恒创电子), the ID number whole and its birth date.
  const unit = row.unit.replace(/^嘉兴/, '').slice(0, 4)
  return [name, phone, row.member_no, idNumber, idNumber.slice(6, 14), unit]
}

async function insertPhoto(userId: number): Promise<number> {
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, width, height, blob_ref, thumb_ref, ticket_expires_at, ready_at)
     VALUES ($1, 'dating_photo', 'me.jpg', 'ready', 100, 'image/jpeg', 'image/jpeg', 100, 10, 10, $2, $3, now(), now()) RETURNING id`,
    [userId, `private/${randomBytes(32).toString('hex')}.jpg`, `private/${randomBytes(32).toString('hex')}.jpg`],
  )
  return row.id
}

/** Joins through the app as the flow does: the ID number once, consent, a profile, a contact. */
async function joinThroughApp(label: string, gender: 'male' | 'female', birthYear: number, branchName: string, name: string, phone: string, contact: { kind: 'wechat' | 'phone'; value: string }, nickname: string): Promise<Person> {
  const member = await insertDatingMember(app.db, { gender, birthYear, branchName, name })
  const secrets = await secretsOf(member.memberId, member.idNumber, name, phone)
  const who = { label, userId: member.userId }
  await call(who, 'join', { idNumber: member.idNumber, consent: true, consentVersion: datingConsentVersion })
  await call(who, 'saveContact', contact)
  await call(who, 'saveProfile', {
    nickname,
    heightCm: gender === 'male' ? 176 : 162,
    education: 'bachelor',
    occupation: '技术员',
    hometown: '嘉兴',
    marital: 'never',
    intro: '喜欢爬山和做饭。',
    interests: ['爬山'],
    photoFileIds: [await insertPhoto(member.userId)],
    requestId: requestId(),
  })
  await call(who, 'status', {})
  await call(who, 'myProfile', {})
  return { label, userId: member.userId, memberId: member.memberId, secrets, contact: contact.value }
}

/** Answers asked by `who` other than the ones allowed to carry `owner`'s contact. */
function leaks(owner: Person, options: { exceptReveal?: boolean } = {}): string[] {
  const found: string[] = []
  for (const answer of answers) {
    if (answer.by === owner.label) continue
    for (const secret of owner.secrets) if (answer.text.includes(secret)) found.push(`${answer.by} ${answer.action}: ${secret}`)
    if (answer.text.includes(owner.contact) && !(options.exceptReveal && answer.action === 'revealContact')) found.push(`${answer.by} ${answer.action}: contact`)
  }
  return found
}

function cardIds(page: { items: { id: number }[] }): number[] {
  return page.items.map((c) => c.id)
}

describe('dating privacy', () => {
  it('shows the contact to no one before a match, only through revealContact after it, and never a real name, phone, member number, ID digits or unit', async () => {
    const she = await joinThroughApp('she', 'female', 1995, '嘉兴恒创电子有限公司工会', '林诗雨', '13700000001', { kind: 'wechat', value: 'wx_shiyu_secret' }, '诗雨')
    const he = await joinThroughApp('he', 'male', 1992, '嘉兴王江泾织造有限公司工会', '周海峰', '13700000002', { kind: 'phone', value: '13698765432' }, '海峰')

    // 许红娟 (红娘, 秀洲区) reviews both.
    const matchmaker = { label: 'matchmaker', userId: app.users.matchmaker }
    const queue = await call(matchmaker, 'reviewQueue', { limit: 50 })
    expect(queue.items.length).toBeGreaterThanOrEqual(2)
    for (const item of queue.items) {
      await call(matchmaker, 'reviewDetail', { revisionId: item.revisionId })
      await call(matchmaker, 'approveRevision', { revisionId: item.revisionId })
    }
    expect(await app.ok(she.userId, 'dating', 'status', {})).toMatchObject({ approved: true })
    expect(await app.ok(he.userId, 'dating', 'status', {})).toMatchObject({ approved: true })

    // They find each other; she likes him; nothing carries a contact yet.
    expect(cardIds(await call(she, 'discover', { limit: 50 }))).toContain(he.memberId)
    expect(cardIds(await call(he, 'discover', { limit: 50 }))).toContain(she.memberId)
    await call(she, 'person', { id: he.memberId })
    await call(he, 'person', { id: she.memberId })
    expect((await call(she, 'like', { targetId: he.memberId })).matched).toBe(false)
    await call(he, 'person', { id: she.memberId })
    await call(he, 'chats', {})
    await call(she, 'events', { scope: 'open' })
    await call(he, 'blocks', { limit: 20 })
    expect((await app.fail(she.userId, 'dating', 'revealContact', { matchId: 1 })).code).toMatch(/DATING_NOT_MATCHED|DATING_PROFILE_UNAVAILABLE/)
    expect(leaks(she)).toEqual([])
    expect(leaks(he)).toEqual([])
    // The scan would see a leak: her own answers do carry her contact.
    expect(answers.some((a) => a.by === 'she' && a.text.includes('wx_shiyu_secret'))).toBe(true)

    // He likes her back: a match; only revealContact carries the contact, to the other side.
    const liked = await call(he, 'like', { targetId: she.memberId })
    expect(liked.matched).toBe(true)
    const matchId = liked.matchId ?? 0
    expect(await call(she, 'revealContact', { matchId })).toEqual({ contact: { kind: 'phone', value: '13698765432' } })
    expect(await call(he, 'revealContact', { matchId })).toEqual({ contact: { kind: 'wechat', value: 'wx_shiyu_secret' } })
    await call(she, 'send', { matchId, text: '你好，我是诗雨', requestId: requestId() })
    await call(he, 'chat', { matchId })
    await call(he, 'chats', {})
    await call(she, 'person', { id: he.memberId })
    await call(she, 'chats', {})
    expect(leaks(she, { exceptReveal: true })).toEqual([])
    expect(leaks(he, { exceptReveal: true })).toEqual([])
    // And the contact went out only in the two reveals, each logged.
    const reveals = await app.db.query('SELECT 1 FROM dating_contact_reveal WHERE match_id = $1', [matchId])
    expect(reveals).toHaveLength(2)
  })

  it('never shows a member to someone they blocked or who blocked them: discovery, person pages, chats, block lists of the other', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994, nickname: '安琪' })
    const blocker = await insertDater(app.db, { gender: 'male', birthYear: 1991, nickname: '隐身阿哲', branchName: '嘉兴王江泾织造有限公司工会' })
    const matched = await insertDater(app.db, { gender: 'male', birthYear: 1990, nickname: '拉黑老周', branchName: '嘉兴王江泾织造有限公司工会' })
    const shePerson = { label: 'she', userId: she.userId }
    expect(cardIds(await app.ok(she.userId, 'dating', 'discover', { limit: 50 }))).toContain(blocker.memberId)
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, matched.memberId, 'like'))
    expect((await app.ok(she.userId, 'dating', 'chats', {})).items.map((c) => c.matchId)).toContain(matchId)

    await app.ok(blocker.userId, 'dating', 'block', { targetId: she.memberId })
    await app.ok(matched.userId, 'dating', 'block', { targetId: she.memberId })
    answers.length = 0
    await call(shePerson, 'discover', { limit: 50 })
    await call(shePerson, 'chats', {})
    await call(shePerson, 'blocks', { limit: 50 })
    await call(shePerson, 'events', { scope: 'open' })
    await call(shePerson, 'events', { scope: 'mine' })
    await call(shePerson, 'myProfile', {})
    for (const other of [blocker, matched]) {
      expect((await app.fail(she.userId, 'dating', 'person', { id: other.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
      expect((await app.fail(she.userId, 'dating', 'like', { targetId: other.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    }
    expect((await app.fail(she.userId, 'dating', 'chat', { matchId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    expect((await app.fail(she.userId, 'dating', 'send', { matchId, text: '在吗', requestId: requestId() })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    const seen = answers.map((a) => a.text).join('\n')
    for (const hidden of ['隐身阿哲', '拉黑老周', `"id":${blocker.memberId},`, `"id":${matched.memberId},`]) expect(seen).not.toContain(hidden)

    // The blockers do not see her either.
    for (const other of [blocker, matched]) {
      expect(cardIds(await app.ok(other.userId, 'dating', 'discover', { limit: 50 }))).not.toContain(she.memberId)
      expect((await app.ok(other.userId, 'dating', 'chats', {})).items.map((c) => c.matchId)).not.toContain(matchId)
      expect((await app.fail(other.userId, 'dating', 'person', { id: she.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    }
  })

  it('hides colleagues of one unit from each other when either turns on 同单位隐身, both ways', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1994, nickname: '同事小吴' })
    const colleague = await insertDater(app.db, { gender: 'male', birthYear: 1992, nickname: '同事小郑' })
    const sees = async (viewer: { userId: number }, target: { memberId: number }) =>
      cardIds(await app.ok(viewer.userId, 'dating', 'discover', { limit: 50 })).includes(target.memberId)
    expect(await sees(she, colleague)).toBe(true)
    expect(await sees(colleague, she)).toBe(true)
    for (const [hider, other] of [
      [colleague, she],
      [she, colleague],
    ] as const) {
      await app.ok(hider.userId, 'dating', 'setHideFromUnit', { hide: true })
      expect(await sees(she, colleague)).toBe(false)
      expect(await sees(colleague, she)).toBe(false)
      expect((await app.fail(other.userId, 'dating', 'person', { id: hider.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
      expect((await app.fail(hider.userId, 'dating', 'person', { id: other.memberId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
      await app.ok(hider.userId, 'dating', 'setHideFromUnit', { hide: false })
    }
    expect(await sees(she, colleague)).toBe(true)
  })

  it('gives a non-member nothing from any dating action', async () => {
    const outsider = await app.newUser('非会员')
    const before = await app.snapshot()
    for (const action of Object.keys(datingSchemas)) {
      const result = await app.callRaw(outsider, 'dating', { action, input: {} })
      expect(result.ok, action).toBe(false)
      if (!result.ok) expect(['NOT_MEMBER', 'FORBIDDEN'], action).toContain(result.error.code)
    }
    expect(await app.snapshot()).toEqual(before)
  })
})
