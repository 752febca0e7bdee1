import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { datingLimits } from '../../src/shared/dating/names'
import { createMatch, endMatch } from '../../server/dating/matches'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater, insertDatingMember } from '../support/dating-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app.close())

const requestId = () => `chat-${randomBytes(8).toString('hex')}`

interface Side {
  userId: number
  memberId: number
}

/** Two members from different units, matched by mutual like. */
async function matchedPair(nicknames: [string, string] = ['小雨', '阿明']): Promise<{ she: Side; he: Side; matchId: number }> {
  const she = await insertDater(app.db, { gender: 'female', birthYear: 1995, nickname: nicknames[0], contact: { kind: 'wechat', value: 'xiaoyu_1995' } })
  const he = await insertDater(app.db, {
    gender: 'male',
    birthYear: 1993,
    nickname: nicknames[1],
    branchName: '嘉兴王江泾织造有限公司工会',
    contact: { kind: 'phone', value: '13812345678' },
  })
  const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))
  return { she, he, matchId }
}

async function insertImage(owner: number, purpose = 'dating_chat_image'): Promise<number> {
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, width, height, blob_ref, thumb_ref, ticket_expires_at, ready_at)
     VALUES ($1, $2, 'photo.jpg', 'ready', 100, 'image/jpeg', 'image/jpeg', 100, 10, 10, $3, $4, now(), now()) RETURNING id`,
    [owner, purpose, `private/${randomBytes(32).toString('hex')}.jpg`, `private/${randomBytes(32).toString('hex')}.jpg`],
  )
  return row.id
}

async function chatMessages(userId: number, matchId: number): Promise<number> {
  const [row] = await app.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM message WHERE user_id = $1 AND kind = 'dating_chat' AND link = $2`,
    [userId, `/pages/dating/chat/index?matchId=${matchId}`],
  )
  return row.n
}

describe('dating chat', () => {
  it('lets the two sides write to each other, marks what each has read and pages back through the history', async () => {
    const { she, he, matchId } = await matchedPair()
    const first = await app.ok(she.userId, 'dating', 'send', { matchId, text: '你好，很高兴认识你', requestId: requestId() })
    expect(first.message).toMatchObject({ mine: true, kind: 'text', text: '你好，很高兴认识你', image: null })
    expect(first.replayed).toBe(false)

    const hisList = await app.ok(he.userId, 'dating', 'chats', {})
    expect(hisList.items).toHaveLength(1)
    expect(hisList.items[0]).toMatchObject({ matchId, live: true, unread: 1, preview: '你好，很高兴认识你', previewMine: false, endedReason: null })
    expect(hisList.items[0].peer).toMatchObject({ id: she.memberId, nickname: '小雨' })

    const opened = await app.ok(he.userId, 'dating', 'chat', { matchId })
    expect(opened.match).toMatchObject({ id: matchId, via: 'like', ended: null, couple: { status: 'none' }, peer: { id: she.memberId, nickname: '小雨' } })
    expect(opened.messages.map((m) => [m.text, m.mine])).toEqual([['你好，很高兴认识你', false]])
    expect((await app.ok(he.userId, 'dating', 'chats', {})).items[0].unread).toBe(0)

    const reply = await app.ok(he.userId, 'dating', 'send', { matchId, text: '你好呀', requestId: requestId() })
    // Her open chat polls with the last id it shows and gets only the reply.
    const polled = await app.ok(she.userId, 'dating', 'chat', { matchId, afterId: first.message.id })
    expect(polled.messages.map((m) => [m.id, m.text, m.mine])).toEqual([[reply.message.id, '你好呀', false]])
    expect((await app.ok(she.userId, 'dating', 'chat', { matchId, afterId: reply.message.id })).messages).toEqual([])

    // 40 more (written directly: the rate limit is its own test): the first read shows the latest 30.
    await app.db.query(
      `INSERT INTO dating_message (match_id, sender_id, kind, body, request_id)
       SELECT $1, $2, 'text', '第' || n || '条', 'bulk-' || n FROM generate_series(1, 40) n`,
      [matchId, she.memberId],
    )
    const latest = await app.ok(he.userId, 'dating', 'chat', { matchId })
    expect(latest.messages).toHaveLength(30)
    expect(latest.messages[29].text).toBe('第40条')
    expect(latest.hasOlder).toBe(true)
    const older = await app.ok(he.userId, 'dating', 'chat', { matchId, beforeId: latest.messages[0].id })
    expect(older.messages.map((m) => m.text)).toEqual(['你好，很高兴认识你', '你好呀', ...Array.from({ length: 10 }, (_, i) => `第${i + 1}条`)])
    expect(older.hasOlder).toBe(false)
  })

  it('answers a retried send with the first message and writes it once', async () => {
    const { she, matchId } = await matchedPair()
    const id = requestId()
    const first = await app.ok(she.userId, 'dating', 'send', { matchId, text: '周末有空吗', requestId: id })
    const again = await app.ok(she.userId, 'dating', 'send', { matchId, text: '周末有空吗', requestId: id })
    expect(again).toMatchObject({ replayed: true, message: { id: first.message.id, text: '周末有空吗' } })
    const [row] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dating_message WHERE match_id = $1', [matchId])
    expect(row.n).toBe(1)
  })

  it('refuses everyone but the two sides, and writes nothing', async () => {
    const { she, matchId } = await matchedPair()
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '在吗', requestId: requestId() })
    const outsider = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
    const notJoined = await insertDatingMember(app.db, { gender: 'male', birthYear: 1990 })
    const nonMember = await app.newUser('路人')
    const before = await app.snapshot()
    for (const [action, input] of [
      ['chat', { matchId }],
      ['send', { matchId, text: '打扰了', requestId: requestId() }],
      ['revealContact', { matchId }],
      ['unmatch', { matchId }],
      ['reportCouple', { matchId }],
      ['confirmCouple', { matchId }],
    ] as const) {
      expect((await app.fail(outsider.userId, 'dating', action, input)).code, action).toBe('DATING_NOT_MATCHED')
      expect((await app.fail(notJoined.userId, 'dating', action, input)).code, action).toBe('DATING_NOT_JOINED')
      expect((await app.fail(nonMember, 'dating', action, input)).code, action).toBe('NOT_MEMBER')
    }
    expect((await app.fail(she.userId, 'dating', 'chat', { matchId: 2_000_000_000 })).code).toBe('DATING_NOT_MATCHED')
    expect((await app.ok(outsider.userId, 'dating', 'chats', {})).items).toEqual([])
    expect(await app.snapshot()).toEqual(before)
  })

  it('refuses a send without text or image, with both, or with control characters', async () => {
    const { she, matchId } = await matchedPair()
    for (const input of [
      { matchId, requestId: requestId() },
      { matchId, text: '你好', imageFileId: await insertImage(she.userId), requestId: requestId() },
      { matchId, text: '   ', requestId: requestId() },
      { matchId, text: 'a'.repeat(datingLimits.messageMaxLength + 1), requestId: requestId() },
      { matchId, text: '你好\u0007', requestId: requestId() },
    ]) {
      const code = (await app.fail(she.userId, 'dating', 'send', input)).code
      expect(['VALIDATION_FAILED', 'BAD_REQUEST']).toContain(code)
    }
  })

  it('sends the sender’s own chat image only, signed for the two sides', async () => {
    const { she, he, matchId } = await matchedPair()
    const image = await insertImage(she.userId)
    const sent = await app.ok(she.userId, 'dating', 'send', { matchId, imageFileId: image, requestId: requestId() })
    expect(sent.message).toMatchObject({ kind: 'image', text: null, image: { fileId: image } })
    expect(sent.message.image?.thumbUrl).toBeTruthy()
    const [file] = await app.db.query<{ record: string }>('SELECT record FROM file WHERE id = $1', [image])
    expect(file.record).toBe(`dating_match:${matchId}`)
    const his = await app.ok(he.userId, 'dating', 'chat', { matchId })
    expect(his.messages[0].image?.fileId).toBe(image)
    expect((await app.ok(he.userId, 'dating', 'chats', {})).items[0].preview).toBe('[图片]')

    const before = await app.snapshot()
    // Her image, already in this chat, is still hers: he cannot send it as his.
    expect((await app.fail(he.userId, 'dating', 'send', { matchId, imageFileId: image, requestId: requestId() })).code).toBe('FILE_NOT_YOURS')
    expect((await app.fail(he.userId, 'dating', 'send', { matchId, imageFileId: await insertImage(she.userId), requestId: requestId() })).code).toBe('FILE_NOT_YOURS')
    const profilePhoto = await insertImage(he.userId, 'dating_photo')
    const wrong = await app.snapshot()
    expect((await app.fail(he.userId, 'dating', 'send', { matchId, imageFileId: profilePhoto, requestId: requestId() })).code).toBe('FILE_WRONG_PURPOSE')
    expect(await app.snapshot()).toEqual(wrong)
    expect(before.dating_message).toBe(wrong.dating_message)
  })

  it('limits messages per minute, saying when to try again, and writes nothing past it', async () => {
    const { she, matchId } = await matchedPair()
    for (let i = 0; i < datingLimits.messagesPerMinute; i++) await app.ok(she.userId, 'dating', 'send', { matchId, text: `第${i + 1}条`, requestId: requestId() })
    const before = await app.snapshot()
    const error = await app.fail(she.userId, 'dating', 'send', { matchId, text: '再来一条', requestId: requestId() })
    expect(error.code).toBe('DATING_RATE_LIMITED')
    expect(error.message).toMatch(/每分钟最多 20 条，请 \d+ 秒后再发/)
    expect(await app.snapshot()).toEqual(before)
    // A minute later the window has moved on.
    await app.db.query(`UPDATE dating_message SET created_at = created_at - interval '61 seconds' WHERE match_id = $1`, [matchId])
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '再来一条', requestId: requestId() })
  })

  // On PostgreSQL these are real races over the pool; PGlite runs them one at a time with the same outcome.
  it('counts sends at once under the limit exactly, and writes a retried send once even when the retries race', async () => {
    const { she, matchId } = await matchedPair()
    const id = requestId()
    const same = await Promise.all(Array.from({ length: 5 }, () => app.call(she.userId, 'dating', 'send', { matchId, text: '同一条', requestId: id })))
    const ids = same.map((r) => (r.ok ? r.data.message.id : r.error.code))
    expect(new Set(ids).size).toBe(1)
    expect(typeof ids[0]).toBe('number')
    const burst = await Promise.all(
      Array.from({ length: datingLimits.messagesPerMinute + 4 }, (_, i) => app.call(she.userId, 'dating', 'send', { matchId, text: `第${i}条`, requestId: requestId() })),
    )
    expect(burst.filter((r) => r.ok)).toHaveLength(datingLimits.messagesPerMinute - 1)
    expect(burst.filter((r) => !r.ok && r.error.code === 'DATING_RATE_LIMITED')).toHaveLength(5)
    const [row] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dating_message WHERE match_id = $1', [matchId])
    expect(row.n).toBe(datingLimits.messagesPerMinute)
  })

  it('tells the other side through the message centre once per unread burst, and not while they are in the chat', async () => {
    const { she, he, matchId } = await matchedPair()
    for (const text of ['在吗', '看到回我', '晚安']) await app.ok(she.userId, 'dating', 'send', { matchId, text, requestId: requestId() })
    expect(await chatMessages(he.userId, matchId)).toBe(1)
    const [note] = await app.db.query<{ body: string; title: string }>(`SELECT title, body FROM message WHERE user_id = $1 AND kind = 'dating_chat'`, [he.userId])
    expect(note.body).toBe('「小雨」给你发来了新消息。')

    // He opens the chat (and keeps polling): messages now arrive on screen, not as notes, and the note is read.
    await app.ok(he.userId, 'dating', 'chat', { matchId })
    const [read] = await app.db.query<{ read: boolean }>(`SELECT read_at IS NOT NULL AS read FROM message WHERE user_id = $1 AND kind = 'dating_chat'`, [he.userId])
    expect(read.read).toBe(true)
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '早上好', requestId: requestId() })
    expect(await chatMessages(he.userId, matchId)).toBe(1)

    // He left 20 s ago: the next message is a new burst, told once.
    await app.db.query(`UPDATE dating_match SET seen_lo_at = now() - interval '20 seconds', seen_hi_at = now() - interval '20 seconds' WHERE id = $1`, [matchId])
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '中午一起吃饭？', requestId: requestId() })
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '？', requestId: requestId() })
    expect(await chatMessages(he.userId, matchId)).toBe(2)
    expect(await chatMessages(she.userId, matchId)).toBe(0)
  })

  it('reveals the contact to a side of a live match only, and logs every reveal', async () => {
    const { she, he, matchId } = await matchedPair()
    expect(await app.ok(she.userId, 'dating', 'revealContact', { matchId })).toEqual({ contact: { kind: 'phone', value: '13812345678' } })
    expect(await app.ok(he.userId, 'dating', 'revealContact', { matchId })).toEqual({ contact: { kind: 'wechat', value: 'xiaoyu_1995' } })
    await app.ok(he.userId, 'dating', 'revealContact', { matchId })
    const reveals = await app.db.query<{ viewer_member_id: number; owner_member_id: number }>(
      'SELECT viewer_member_id, owner_member_id FROM dating_contact_reveal WHERE match_id = $1 ORDER BY id',
      [matchId],
    )
    expect(reveals).toEqual([
      { viewer_member_id: she.memberId, owner_member_id: he.memberId },
      { viewer_member_id: he.memberId, owner_member_id: she.memberId },
      { viewer_member_id: he.memberId, owner_member_id: she.memberId },
    ])
    // The chat itself never carries a contact.
    expect(JSON.stringify(await app.ok(she.userId, 'dating', 'chat', { matchId }))).not.toContain('13812345678')
    expect(JSON.stringify(await app.ok(she.userId, 'dating', 'chats', {}))).not.toContain('13812345678')
  })

  it('ends the chat on unmatch: readable with the reason, no new messages, no contact', async () => {
    const { she, he, matchId } = await matchedPair()
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '你好', requestId: requestId() })
    expect(await app.ok(he.userId, 'dating', 'unmatch', { matchId })).toEqual({ ended: true })
    expect(await app.ok(he.userId, 'dating', 'unmatch', { matchId })).toEqual({ ended: true })
    const before = await app.snapshot()
    expect((await app.fail(she.userId, 'dating', 'send', { matchId, text: '为什么', requestId: requestId() })).code).toBe('DATING_MATCH_ENDED')
    expect((await app.fail(she.userId, 'dating', 'revealContact', { matchId })).code).toBe('DATING_MATCH_ENDED')
    expect((await app.fail(she.userId, 'dating', 'reportCouple', { matchId })).code).toBe('DATING_MATCH_ENDED')
    expect(await app.snapshot()).toEqual(before)
    const hers = await app.ok(she.userId, 'dating', 'chat', { matchId })
    expect(hers.match.ended).toMatchObject({ reason: 'unmatch', byMe: false })
    expect(hers.messages).toHaveLength(1)
    expect((await app.ok(he.userId, 'dating', 'chat', { matchId })).match.ended).toMatchObject({ reason: 'unmatch', byMe: true })
    expect((await app.ok(she.userId, 'dating', 'chats', {})).items[0]).toMatchObject({ live: false, endedReason: 'unmatch' })
  })

  it('hides the match from both after a block, and never tells the blocked side they were blocked', async () => {
    const { she, he, matchId } = await matchedPair()
    await app.ok(she.userId, 'dating', 'send', { matchId, text: '你好', requestId: requestId() })
    await app.db.transaction(async (tx) => {
      await tx.query('INSERT INTO dating_block (member_id, target_id) VALUES ($1, $2)', [she.memberId, he.memberId])
      await endMatch(tx, she.memberId, he.memberId, she.memberId, 'block')
    })
    for (const side of [she, he]) {
      expect((await app.ok(side.userId, 'dating', 'chats', {})).items).toEqual([])
      expect((await app.fail(side.userId, 'dating', 'chat', { matchId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    }
    expect((await app.fail(he.userId, 'dating', 'send', { matchId, text: '？', requestId: requestId() })).code).toBe('DATING_PROFILE_UNAVAILABLE')
    await app.db.query('DELETE FROM dating_block WHERE member_id = $1', [she.memberId])
    expect((await app.ok(he.userId, 'dating', 'chat', { matchId })).match.ended).toMatchObject({ reason: 'unmatch', byMe: false })
    expect((await app.ok(she.userId, 'dating', 'chat', { matchId })).match.ended).toMatchObject({ reason: 'block', byMe: true })
  })

  it('hides colleagues’ matches when either turns on 同单位隐身', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1995 })
    const he = await insertDater(app.db, { gender: 'male', birthYear: 1993 })
    const { matchId } = await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))
    expect((await app.ok(he.userId, 'dating', 'chats', {})).items).toHaveLength(1)
    await app.db.query('UPDATE dating_profile SET hide_from_unit = true WHERE member_id = $1', [she.memberId])
    expect((await app.ok(he.userId, 'dating', 'chats', {})).items).toEqual([])
    expect((await app.fail(she.userId, 'dating', 'revealContact', { matchId })).code).toBe('DATING_PROFILE_UNAVAILABLE')
  })

  it('shows a deleted or closed profile as gone, with no name or photo', async () => {
    const { she, he, matchId } = await matchedPair()
    await app.ok(he.userId, 'dating', 'send', { matchId, text: '你好', requestId: requestId() })
    await app.db.transaction(async (tx) => {
      await endMatch(tx, she.memberId, he.memberId, he.memberId, 'closed')
      await tx.query(`UPDATE dating_profile SET state = 'closed' WHERE member_id = $1`, [he.memberId])
    })
    const closed = await app.ok(she.userId, 'dating', 'chat', { matchId })
    expect(closed.match).toMatchObject({ peer: null, ended: { reason: 'closed' } })
    expect(JSON.stringify(await app.ok(she.userId, 'dating', 'chats', {}))).not.toContain('阿明')

    const other = await matchedPair(['晓晓', '大伟'])
    await app.db.transaction(async (tx) => {
      await endMatch(tx, other.she.memberId, other.he.memberId, other.he.memberId, 'deleted')
      await tx.query('DELETE FROM dating_message WHERE match_id = $1', [other.matchId])
      await tx.query('DELETE FROM dating_profile WHERE member_id = $1', [other.he.memberId])
    })
    const gone = await app.ok(other.she.userId, 'dating', 'chats', {})
    expect(gone.items[0]).toMatchObject({ matchId: other.matchId, peer: null, live: false, endedReason: 'deleted', preview: null })
  })

  it('lists live chats first, newest message first, in pages', async () => {
    const she = await insertDater(app.db, { gender: 'female', birthYear: 1996 })
    const matches: number[] = []
    for (let i = 0; i < 23; i++) {
      const he = await insertDater(app.db, { gender: 'male', birthYear: 1990, nickname: `男${i}`, branchName: '嘉兴王江泾织造有限公司工会' })
      matches.push((await app.db.transaction((tx) => createMatch(tx, she.memberId, he.memberId, 'like'))).matchId)
    }
    await app.ok(she.userId, 'dating', 'send', { matchId: matches[3], text: '先聊这位', requestId: requestId() })
    await app.ok(she.userId, 'dating', 'unmatch', { matchId: matches[0] })
    const first = await app.ok(she.userId, 'dating', 'chats', {})
    expect(first.items).toHaveLength(20)
    expect(first.items[0].matchId).toBe(matches[3])
    const second = await app.ok(she.userId, 'dating', 'chats', { cursor: first.nextCursor })
    expect(second.nextCursor).toBeNull()
    const all = [...first.items, ...second.items]
    expect(all.map((c) => c.matchId).sort((a, b) => a - b)).toEqual([...matches].sort((a, b) => a - b))
    expect(all[all.length - 1]).toMatchObject({ matchId: matches[0], live: false })
    expect((await app.fail(she.userId, 'dating', 'chats', { cursor: 'bm90LWEtY3Vyc29y' })).code).toBe('VALIDATION_FAILED')
  })

  it('records 牵手成功 when one side reports it and the other confirms', async () => {
    const { she, he, matchId } = await matchedPair()
    expect((await app.fail(he.userId, 'dating', 'confirmCouple', { matchId })).code).toBe('DATING_COUPLE_NOT_REPORTED')
    const reported = await app.ok(she.userId, 'dating', 'reportCouple', { matchId })
    expect(reported.couple).toMatchObject({ status: 'reported', byMe: true })
    expect((await app.ok(she.userId, 'dating', 'reportCouple', { matchId })).couple).toMatchObject({ status: 'reported', byMe: true })
    expect((await app.fail(she.userId, 'dating', 'confirmCouple', { matchId })).code).toBe('DATING_COUPLE_NOT_REPORTED')
    const [note] = await app.db.query<{ body: string; link: string }>(`SELECT body, link FROM message WHERE user_id = $1 AND kind = 'dating_couple_confirm'`, [he.userId])
    expect(note).toEqual({ body: '「小雨」说你们已经牵手成功，请在聊天页确认。', link: `/pages/dating/chat/index?matchId=${matchId}` })
    expect((await app.ok(he.userId, 'dating', 'chat', { matchId })).match.couple).toMatchObject({ status: 'reported', byMe: false })
    expect((await app.ok(he.userId, 'dating', 'confirmCouple', { matchId })).couple.status).toBe('confirmed')
    expect((await app.ok(he.userId, 'dating', 'confirmCouple', { matchId })).couple.status).toBe('confirmed')
    const [row] = await app.db.query<{ confirmed: boolean }>('SELECT couple_confirmed_at IS NOT NULL AS confirmed FROM dating_match WHERE id = $1', [matchId])
    expect(row.confirmed).toBe(true)
  })

  it('lets a paused member read their chats but not write', async () => {
    const { she, matchId } = await matchedPair()
    await app.db.query(`UPDATE dating_profile SET state = 'paused' WHERE member_id = $1`, [she.memberId])
    expect((await app.ok(she.userId, 'dating', 'chats', {})).items).toHaveLength(1)
    await app.ok(she.userId, 'dating', 'chat', { matchId })
    expect((await app.fail(she.userId, 'dating', 'send', { matchId, text: '你好', requestId: requestId() })).code).toBe('DATING_PAUSED')
  })
})
