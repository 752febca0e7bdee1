/**
 * 嘉工鹊桥会 chat (issue 13 §5): the two sides of a match talk in text and images. Only a side of
 * the match reads it (anyone else gets DATING_NOT_MATCHED, whether or not the match exists); two
 * members hidden from each other (a block, 同单位隐身) do not see their match at all. An ended
 * match stays readable to its sides, with the reason, but takes no new messages.
 */
import { z } from 'zod'
import type { ParsedInput } from '../../src/shared/api'
import type { ChatMatch, ChatMessage, ChatPeer, ChatSummary, ChatView } from '../../src/shared/api/dating-chat'
import type { PhotoView } from '../../src/shared/api/dating-common'
import type { MatchEndReason, MatchVia } from '../../src/shared/dating/names'
import { datingLimits } from '../../src/shared/dating/names'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, encodeCursor } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles } from '../files/attach'
import { notify } from '../notify'
import { iso } from '../sql'
import { requireDater } from './dater'
import { endMatch } from './matches'
import { photosExpireAt, signPhotos } from './photos'
import { separatedSql } from './visibility'

/** The file service's record of a match's chat images. */
export const matchRecord = (matchId: number) => `dating_match:${matchId}`

const chatLink = (matchId: number) => withQuery(routes.datingChat, { matchId })

/** A side that has not read the chat for this long is not looking at it: a new message is pushed to them. */
const awayAfterSeconds = 15
/** Messages in the first read of a chat, and in each page of older ones. */
const chatPageSize = 30
/** At most this many new messages per poll; the next poll brings the rest. */
const pollMax = 100
const chatsPageSize = 20
const previewLength = 30

interface MatchRow {
  id: number
  member_lo: number
  member_hi: number
  via: MatchVia
  created_at: Date
  ended_at: Date | null
  ended_by: number | null
  end_reason: MatchEndReason | null
  couple_reported_by: number | null
  couple_reported_at: Date | null
  couple_confirmed_at: Date | null
  other_id: number
  /** The other side's profile, when it still exists. */
  peer_user_id: number | null
  peer_nickname: string | null
  peer_avatar_id: number | null
  peer_state: string | null
  peer_contact_kind: 'wechat' | 'phone' | null
  peer_contact: string | null
  my_nickname: string | null
  separated: boolean
  /** The other side has not read the chat lately, and has not yet been told of what they have not read. */
  peer_away: boolean
  peer_told: boolean
  /** The caller has been told of messages they have not read yet. */
  me_told: boolean
}

/**
 * A match of the caller's with the other side's profile (LEFT: a deleted profile leaves the match
 * behind). `lock` takes the match row for a change. Not a side, or no such match: DATING_NOT_MATCHED;
 * hidden from each other: DATING_PROFILE_UNAVAILABLE, the one refusal that never says why.
 */
async function loadMatch(db: Queryable, matchId: number, memberId: number, options: { lock?: boolean; allowSeparated?: boolean } = {}): Promise<MatchRow> {
  const [row] = await db.query<MatchRow>(
    `SELECT m.id, m.member_lo, m.member_hi, m.via, m.created_at, m.ended_at, m.ended_by, m.end_reason,
            m.couple_reported_by, m.couple_reported_at, m.couple_confirmed_at,
            CASE WHEN m.member_lo = $2 THEN m.member_hi ELSE m.member_lo END AS other_id,
            o.user_id AS peer_user_id, o.nickname AS peer_nickname, o.photo_file_ids[1] AS peer_avatar_id, o.state AS peer_state,
            o.contact_kind AS peer_contact_kind, o.contact AS peer_contact, me.nickname AS my_nickname,
            COALESCE(o.member_id IS NOT NULL AND ${separatedSql('me', 'o')}, false) AS separated,
            COALESCE(CASE WHEN m.member_lo = $2 THEN m.seen_hi_at ELSE m.seen_lo_at END < now() - make_interval(secs => $3), true) AS peer_away,
            CASE WHEN m.member_lo = $2 THEN m.told_hi ELSE m.told_lo END AS peer_told,
            CASE WHEN m.member_lo = $2 THEN m.told_lo ELSE m.told_hi END AS me_told
       FROM dating_match m
       JOIN dating_profile me ON me.member_id = $2
       LEFT JOIN dating_profile o ON o.member_id = CASE WHEN m.member_lo = $2 THEN m.member_hi ELSE m.member_lo END
      WHERE m.id = $1 AND $2 IN (m.member_lo, m.member_hi)
      ${options.lock ? 'FOR UPDATE OF m' : ''}`,
    [matchId, memberId, awayAfterSeconds],
  )
  if (!row) throw new AppError('DATING_NOT_MATCHED')
  if (row.separated && !options.allowSeparated) throw new AppError('DATING_PROFILE_UNAVAILABLE')
  return row
}

function requireLive(row: MatchRow): void {
  if (row.ended_at !== null) throw new AppError('DATING_MATCH_ENDED')
}

/** The other side's name and avatar while they exist and are not closed by a matchmaker. */
function peerOf(id: number, nickname: string | null, state: string | null, avatarId: number | null, photos: Map<number, PhotoView>): ChatPeer | null {
  if (nickname === null || state === null || state === 'closed') return null
  return { id, nickname, avatar: avatarId === null ? null : (photos.get(avatarId) ?? null) }
}

/**
 * Why a match ended, as the viewer is told: a block by the other side reads as an unmatch, so
 * nobody learns they were blocked.
 */
function endedView(reason: MatchEndReason | null, endedBy: number | null, memberId: number): { reason: MatchEndReason; byMe: boolean } | null {
  if (reason === null) return null
  const byMe = endedBy === memberId
  return { reason: reason === 'block' && !byMe ? 'unmatch' : reason, byMe }
}

function coupleOf(row: Pick<MatchRow, 'couple_reported_by' | 'couple_reported_at' | 'couple_confirmed_at'>, memberId: number): ChatMatch['couple'] {
  if (row.couple_confirmed_at !== null) return { status: 'confirmed', confirmedAt: iso(row.couple_confirmed_at) }
  if (row.couple_reported_by !== null && row.couple_reported_at !== null) {
    return { status: 'reported', byMe: row.couple_reported_by === memberId, reportedAt: iso(row.couple_reported_at) }
  }
  return { status: 'none' }
}

interface MessageRow {
  id: string | number
  sender_id: number
  kind: 'text' | 'image'
  body: string | null
  file_id: number | null
  created_at: Date
}

const messageColumns = 'id, sender_id, kind, body, file_id, created_at'

function toMessage(row: MessageRow, memberId: number, photos: Map<number, PhotoView>): ChatMessage {
  return {
    id: Number(row.id),
    mine: row.sender_id === memberId,
    kind: row.kind,
    text: row.kind === 'text' ? row.body : null,
    image: row.file_id === null ? null : (photos.get(row.file_id) ?? null),
    createdAt: iso(row.created_at),
  }
}

/**
 * One match and its messages, oldest first. A read of the latest page or a poll marks what it
 * brought read and records that the caller is looking (no push while they are); a page of older
 * messages changes nothing.
 */
export async function readChat(deps: Deps, caller: Caller, input: ParsedInput<'dating', 'chat'>): Promise<ChatView> {
  const { db } = deps
  const dater = await requireDater(db, caller, 'joined')
  const match = await loadMatch(db, input.matchId, dater.memberId)
  let rows: MessageRow[]
  let hasOlder = false
  if (input.afterId != null) {
    rows = await db.query<MessageRow>(`SELECT ${messageColumns} FROM dating_message WHERE match_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [
      match.id,
      input.afterId,
      pollMax,
    ])
  } else {
    const found = await db.query<MessageRow>(
      `SELECT ${messageColumns} FROM dating_message WHERE match_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [match.id, input.beforeId ?? null, chatPageSize + 1],
    )
    hasOlder = found.length > chatPageSize
    rows = found.slice(0, chatPageSize).reverse()
  }
  if (input.beforeId == null) {
    const newest = rows.length > 0 ? Number(rows[rows.length - 1].id) : 0
    await db.query(
      `UPDATE dating_match
          SET read_lo = CASE WHEN member_lo = $2 THEN GREATEST(read_lo, $3) ELSE read_lo END,
              read_hi = CASE WHEN member_hi = $2 THEN GREATEST(read_hi, $3) ELSE read_hi END,
              seen_lo_at = CASE WHEN member_lo = $2 THEN now() ELSE seen_lo_at END,
              seen_hi_at = CASE WHEN member_hi = $2 THEN now() ELSE seen_hi_at END,
              told_lo = CASE WHEN member_lo = $2 THEN false ELSE told_lo END,
              told_hi = CASE WHEN member_hi = $2 THEN false ELSE told_hi END
        WHERE id = $1`,
      [match.id, dater.memberId, newest],
    )
    // The note that told them of these messages has done its work: 消息 stops counting it.
    if (match.me_told) {
      await db.query(`UPDATE message SET read_at = now() WHERE user_id = $1 AND kind = 'dating_chat' AND link = $2 AND read_at IS NULL`, [
        caller.userId,
        chatLink(match.id),
      ])
    }
  }
  const peerShown = match.peer_nickname !== null && match.peer_state !== 'closed'
  const photos = await signPhotos(deps, [
    ...rows.flatMap((r) => (r.file_id === null ? [] : [r.file_id])),
    ...(peerShown && match.peer_avatar_id !== null ? [match.peer_avatar_id] : []),
  ])
  const ended = endedView(match.end_reason, match.ended_by, dater.memberId)
  return {
    match: {
      id: match.id,
      via: match.via,
      createdAt: iso(match.created_at),
      ended: ended && match.ended_at ? { ...ended, at: iso(match.ended_at) } : null,
      couple: coupleOf(match, dater.memberId),
      peer: peerOf(match.other_id, match.peer_nickname, match.peer_state, match.peer_avatar_id, photos),
    },
    messages: rows.map((r) => toMessage(r, dater.memberId, photos)),
    hasOlder,
    photosExpireAt: photosExpireAt(),
  }
}

function shorten(text: string, length = previewLength): string {
  const flat = Array.from(text.replace(/\s+/g, ' ').trim())
  return flat.length > length ? `${flat.slice(0, length).join('')}…` : flat.join('')
}

/**
 * A message to the other side of a live match. The sender's own profile row is locked first, so
 * their sends are counted one at a time for the rate limit and a retry (same requestId) finds what
 * the first attempt wrote and answers it. The other side is pushed a message-centre note only when
 * they are not looking at the chat, once until they read it.
 */
export async function sendMessage(deps: Deps, caller: Caller, input: ParsedInput<'dating', 'send'>) {
  const { db } = deps
  const dater = await requireDater(db, caller, 'active')
  const { row, replayed } = await db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM dating_profile WHERE member_id = $1 FOR UPDATE', [dater.memberId])
    const [earlier] = await tx.query<MessageRow & { match_id: number }>(
      `SELECT ${messageColumns}, match_id FROM dating_message WHERE sender_id = $1 AND request_id = $2`,
      [dater.memberId, input.requestId],
    )
    if (earlier) {
      if (earlier.match_id !== input.matchId) throw new AppError('VALIDATION_FAILED', '请求编号已用于另一条消息，请刷新后重试')
      return { row: earlier, replayed: true }
    }
    const match = await loadMatch(tx, input.matchId, dater.memberId, { lock: true })
    requireLive(match)
    const [recent] = await tx.query<{ n: number; wait: number }>(
      `SELECT count(*)::int AS n, COALESCE(ceil(extract(epoch FROM min(created_at) + interval '1 minute' - now())), 0)::int AS wait
         FROM dating_message WHERE sender_id = $1 AND created_at > now() - interval '1 minute'`,
      [dater.memberId],
    )
    if (recent.n >= datingLimits.messagesPerMinute) {
      throw new AppError(
        'DATING_RATE_LIMITED',
        `发消息太频繁了：每分钟最多 ${datingLimits.messagesPerMinute} 条，请 ${Math.max(recent.wait, 1)} 秒后再发`,
      )
    }
    if (input.imageFileId !== undefined) {
      // attachFiles keeps a file already in this chat whoever sent it; a message carries only the sender's own.
      const [file] = await tx.query<{ owner_user_id: number }>('SELECT owner_user_id FROM file WHERE id = $1', [input.imageFileId])
      if (!file || file.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
      await attachFiles(tx, caller, [input.imageFileId], { purpose: 'dating_chat_image', record: matchRecord(match.id) })
    }
    const [inserted] = await tx.query<MessageRow>(
      `INSERT INTO dating_message (match_id, sender_id, kind, body, file_id, request_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${messageColumns}`,
      [match.id, dater.memberId, input.imageFileId === undefined ? 'text' : 'image', input.text ?? null, input.imageFileId ?? null, input.requestId],
    )
    const tell = match.peer_away && !match.peer_told && match.peer_user_id !== null
    await tx.query(
      `UPDATE dating_match
          SET last_message_at = now(),
              told_lo = CASE WHEN member_lo = $2 AND $3::boolean THEN true ELSE told_lo END,
              told_hi = CASE WHEN member_hi = $2 AND $3::boolean THEN true ELSE told_hi END
        WHERE id = $1`,
      [match.id, match.other_id, tell],
    )
    if (tell && match.peer_user_id !== null) {
      const nickname = match.my_nickname ?? '对方'
      await notify(tx, {
        userId: match.peer_user_id,
        kind: 'dating_chat',
        source: `dating_message:${inserted.id}`,
        title: '鹊桥会：新消息',
        body: `「${nickname}」给你发来了新消息。`,
        link: chatLink(match.id),
        payload: { nickname },
      })
    }
    return { row: inserted, replayed: false }
  })
  const photos = await signPhotos(deps, row.file_id === null ? [] : [row.file_id])
  return { message: toMessage(row, dater.memberId, photos), replayed, photosExpireAt: photosExpireAt() }
}

const chatsCursor = z.object({ live: z.union([z.literal(0), z.literal(1)]), at: cursorTime, id: cursorId }).strict()

interface SummaryRow {
  id: number
  live: 0 | 1
  sort_at: Date
  ended_by: number | null
  end_reason: MatchEndReason | null
  peer_id: number
  peer_nickname: string | null
  peer_state: string | null
  peer_avatar_id: number | null
  last_kind: 'text' | 'image' | null
  last_body: string | null
  last_sender: number | null
  unread: number
}

/**
 * The caller's matches: live ones first, each group by its latest message (or its start), newest
 * first. Matches with someone the caller is hidden from are left out.
 */
export async function listChats(deps: Deps, caller: Caller, input: ParsedInput<'dating', 'chats'>) {
  const { db } = deps
  // A forged cursor is a validation error whoever sends it, before who they are is looked at.
  const after = decodeCursor(input.cursor, chatsCursor)
  const dater = await requireDater(db, caller, 'joined')
  const rows = await db.query<SummaryRow>(
    `SELECT * FROM (
       SELECT m.id, CASE WHEN m.ended_at IS NULL THEN 1 ELSE 0 END AS live,
              date_trunc('milliseconds', COALESCE(m.last_message_at, m.created_at)) AS sort_at,
              m.ended_by, m.end_reason,
              CASE WHEN m.member_lo = $1 THEN m.member_hi ELSE m.member_lo END AS peer_id,
              o.nickname AS peer_nickname, o.state AS peer_state, o.photo_file_ids[1] AS peer_avatar_id,
              last.kind AS last_kind, last.body AS last_body, last.sender_id AS last_sender,
              (SELECT count(*) FROM dating_message x
                WHERE x.match_id = m.id AND x.sender_id <> $1 AND x.id > CASE WHEN m.member_lo = $1 THEN m.read_lo ELSE m.read_hi END)::int AS unread
         FROM dating_match m
         JOIN dating_profile me ON me.member_id = $1
         LEFT JOIN dating_profile o ON o.member_id = CASE WHEN m.member_lo = $1 THEN m.member_hi ELSE m.member_lo END
         LEFT JOIN LATERAL (
           SELECT kind, body, sender_id FROM dating_message lm WHERE lm.match_id = m.id ORDER BY lm.id DESC LIMIT 1
         ) last ON true
        WHERE (m.member_lo = $1 OR m.member_hi = $1)
          AND NOT COALESCE(o.member_id IS NOT NULL AND ${separatedSql('me', 'o')}, false)
     ) c
     WHERE $2::int IS NULL OR (c.live, c.sort_at, c.id) < ($2::int, $3::timestamptz, $4::int)
     ORDER BY c.live DESC, c.sort_at DESC, c.id DESC
     LIMIT $5`,
    [dater.memberId, after?.live ?? null, after?.at ?? null, after?.id ?? null, chatsPageSize + 1],
  )
  const hasMore = rows.length > chatsPageSize
  const kept = rows.slice(0, chatsPageSize)
  const photos = await signPhotos(
    deps,
    kept.flatMap((r) => (r.peer_avatar_id !== null && r.peer_state !== 'closed' ? [r.peer_avatar_id] : [])),
  )
  const items: ChatSummary[] = kept.map((r) => {
    const ended = endedView(r.end_reason, r.ended_by, dater.memberId)
    return {
      matchId: r.id,
      peer: peerOf(r.peer_id, r.peer_nickname, r.peer_state, r.peer_avatar_id, photos),
      live: r.live === 1,
      endedReason: ended?.reason ?? null,
      preview: r.last_kind === null ? null : r.last_kind === 'image' ? '[图片]' : shorten(r.last_body ?? ''),
      previewMine: r.last_sender === dater.memberId,
      lastAt: iso(r.sort_at),
      unread: r.unread,
    }
  })
  const last = kept[kept.length - 1]
  return {
    items,
    nextCursor: hasMore && last ? encodeCursor({ live: last.live, at: iso(last.sort_at), id: last.id }) : null,
    photosExpireAt: photosExpireAt(),
  }
}

/** The other side's contact, to a side of a live match; every reveal is logged. */
export async function revealContact({ db }: Deps, caller: Caller, matchId: number) {
  const dater = await requireDater(db, caller, 'active')
  return db.transaction(async (tx) => {
    const match = await loadMatch(tx, matchId, dater.memberId)
    requireLive(match)
    if (match.peer_contact === null || match.peer_contact_kind === null) return { contact: null }
    await tx.query('INSERT INTO dating_contact_reveal (match_id, viewer_member_id, owner_member_id) VALUES ($1, $2, $3)', [
      match.id,
      dater.memberId,
      match.other_id,
    ])
    return { contact: { kind: match.peer_contact_kind, value: match.peer_contact } }
  })
}

/**
 * Ends the match for good (a pair matches once). Any side may, whatever their own state, even
 * when the two are hidden from each other: ending is always safe. Ending an ended match answers the same.
 */
export async function unmatch({ db }: Deps, caller: Caller, matchId: number): Promise<{ ended: true }> {
  const dater = await requireDater(db, caller, 'joined')
  return db.transaction(async (tx) => {
    const match = await loadMatch(tx, matchId, dater.memberId, { lock: true, allowSeparated: true })
    await endMatch(tx, dater.memberId, match.other_id, dater.memberId, 'unmatch')
    return { ended: true as const }
  })
}

/**
 * 牵手成功: the first side to say so waits for the other (told through the message centre); the
 * other's report or confirmation makes it count. Saying it again answers the same.
 */
export async function reportCouple({ db }: Deps, caller: Caller, matchId: number, confirmOnly: boolean) {
  const dater = await requireDater(db, caller, 'active')
  return db.transaction(async (tx) => {
    const match = await loadMatch(tx, matchId, dater.memberId, { lock: true })
    requireLive(match)
    const current = coupleOf(match, dater.memberId)
    if (current.status === 'confirmed') return { couple: current }
    if (current.status === 'reported' && !current.byMe) {
      const [row] = await tx.query<MatchRow>(
        'UPDATE dating_match SET couple_confirmed_at = now() WHERE id = $1 RETURNING couple_reported_by, couple_reported_at, couple_confirmed_at',
        [match.id],
      )
      return { couple: coupleOf(row, dater.memberId) }
    }
    if (confirmOnly) throw new AppError('DATING_COUPLE_NOT_REPORTED')
    if (current.status === 'reported') return { couple: current }
    const [row] = await tx.query<MatchRow>(
      `UPDATE dating_match SET couple_reported_by = $2, couple_reported_at = now() WHERE id = $1
       RETURNING couple_reported_by, couple_reported_at, couple_confirmed_at`,
      [match.id, dater.memberId],
    )
    if (match.peer_user_id !== null) {
      const nickname = match.my_nickname ?? '对方'
      await notify(tx, {
        userId: match.peer_user_id,
        kind: 'dating_couple_confirm',
        source: `dating_couple:${match.id}`,
        title: '鹊桥会：请确认牵手成功',
        body: `「${nickname}」说你们已经牵手成功，请在聊天页确认。`,
        link: chatLink(match.id),
        payload: { nickname },
      })
    }
    return { couple: coupleOf(row, dater.memberId) }
  })
}
