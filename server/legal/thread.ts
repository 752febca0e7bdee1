/**
 * 在线律师, the conversation (issue 10 §3): one question as its asker, its lawyer or a legal_admin
 * sees it, its thread, replies from both sides, "needs offline help", and a legal_admin's logged
 * reveal of who asked. Who may see a question at all is question-access.ts; anything else reads
 * as NOT_FOUND, so a refusal never tells that a question exists.
 */
import type { FileType, ParsedInput } from '../../src/shared/api'
import type { AskerView, CaseKind, CaseOutcome, CaseStatus, EscalationStep, LegalCategory, QuestionStatus } from '../../src/shared/api/legal-common'
import type {
  QuestionAbilities,
  QuestionDetail,
  RevealedIdentity,
  ThreadFile,
  ThreadMessage,
  ThreadPage,
  ThreadViewer,
} from '../../src/shared/api/legal-thread'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorBigId, decodeCursor, encodeCursor } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles, storedFileColumns, toStoredFile } from '../files/attach'
import type { FileRow } from '../files/attach'
import { fileReadUrl } from '../files/read'
import { notify } from '../notify'
import { covers } from '../scope'
import { audit, iso, isoOrNull } from '../sql'
import { askerViews } from './asker'
import { questionScopeColumns, questionViewer } from './question-access'

/** The file service's record names of a question's own attachments and of a message's. */
export const questionRecord = (questionId: number) => `legal_question:${questionId}`
export const messageRecord = (messageId: number) => `legal_message:${messageId}`

/** How a member's side of the thread is shown to staff when the asker chose anonymity. */
const anonymousAuthor = '匿名职工'

interface QuestionRow {
  id: number
  asker_user_id: number
  member_id: number
  branch_id: number
  branch_path: string
  county_branch_id: number
  queue_path: string
  queue_name: string
  category: LegalCategory
  title: string
  body: string
  anonymous: boolean
  status: QuestionStatus
  lawyer_user_id: number | null
  lawyer_name: string | null
  awaiting: 'lawyer' | 'member'
  asked_at: Date
  first_response_at: Date | null
  due_at: Date
  escalation_step: EscalationStep
  needs_offline: boolean
  rating: number | null
  rating_comment: string | null
  rated_at: Date | null
  closed_at: Date | null
  overdue: boolean
  case_id: number | null
  case_kind: CaseKind | null
  case_status: CaseStatus | null
  case_outcome: CaseOutcome | null
  case_consented: boolean | null
  published: boolean
}

const questionSelect = `
  SELECT q.id, q.asker_user_id, q.member_id, q.branch_id, q.branch_path, q.county_branch_id, q.queue_path, qb.name AS queue_name,
         q.category, q.title, q.body, q.anonymous, q.status, q.lawyer_user_id, lu.nickname AS lawyer_name, q.awaiting,
         q.asked_at, q.first_response_at, q.due_at, q.escalation_step, q.needs_offline,
         q.rating, q.rating_comment, q.rated_at, q.closed_at,
         (q.status = 'open' AND q.first_response_at IS NULL AND q.due_at < now()) AS overdue,
         c.id AS case_id, c.kind AS case_kind, c.status AS case_status, c.outcome AS case_outcome,
         (c.contact_consent_at IS NOT NULL) AS case_consented,
         EXISTS (SELECT 1 FROM legal_kb_article a WHERE a.source_question_id = q.id) AS published
    FROM legal_question q
    JOIN branch qb ON qb.id = q.queue_branch_id
    LEFT JOIN app_user lu ON lu.id = q.lawyer_user_id
    LEFT JOIN legal_case c ON c.question_id = q.id`

/** Locks the question (for a change) and says who the caller is to it; NOT_FOUND when nobody they may know of. */
export async function lockVisibleQuestion(tx: Queryable, caller: Caller, questionId: number) {
  const [row] = await tx.query<{
    id: number
    asker_user_id: number
    lawyer_user_id: number | null
    branch_path: string
    queue_path: string
    status: QuestionStatus
    title: string
    first_response_at: Date | null
    needs_offline: boolean
    rating: number | null
  }>(
    `SELECT q.id, ${questionScopeColumns}, q.status, q.title, q.first_response_at, q.needs_offline, q.rating
       FROM legal_question q WHERE q.id = $1 FOR UPDATE`,
    [questionId],
  )
  const viewer = row ? questionViewer(caller, row) : null
  if (!row || !viewer) throw new AppError('NOT_FOUND', '咨询不存在或您无权查看')
  return { row, viewer }
}

/** A staff member's read of a question's content, for audit_log (issue 10 §7: every staff read is logged). */
async function logStaffRead(db: Queryable, caller: Caller, viewer: ThreadViewer, questionId: number, what: string, detail: Record<string, unknown> = {}) {
  if (viewer === 'asker') return
  await audit(db, { actor: caller.userId, action: `legal.${what}`, targetType: 'legal_question', targetIds: [questionId], detail: { as: viewer, ...detail } })
}

const extensions: Partial<Record<FileType, string>> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' }

/**
 * Signed URLs for files, through the file service (its read gate and its log of staff reads).
 * The names of an anonymous asker's files are replaced for staff (`hideNamesOf`): a device's file
 * name (「张晓梅的劳动合同.pdf」) would tell who asked.
 */
async function readable(deps: Deps, caller: Caller, rows: FileRow[], hideNamesOf: number | null): Promise<ThreadFile[]> {
  const files: ThreadFile[] = []
  for (const [index, row] of rows.entries()) {
    const stored = toStoredFile(row)
    const hidden = row.owner_user_id === hideNamesOf
    const file = hidden ? { ...stored, name: `附件${index + 1}.${extensions[stored.type] ?? 'bin'}` } : stored
    files.push({ file, read: await fileReadUrl(deps, caller, row.id) })
  }
  return files
}

async function recordFileRows(db: Queryable, records: string[]): Promise<FileRow[]> {
  if (records.length === 0) return []
  return db.query<FileRow>(
    `SELECT ${storedFileColumns} FROM file
      WHERE record = ANY($1::text[]) AND purpose = 'lawyer_attachment' AND status = 'ready' AND delete_after IS NULL
      ORDER BY id`,
    [records],
  )
}

function abilities(caller: Caller, viewer: ThreadViewer, q: QuestionRow): QuestionAbilities {
  const open = q.status === 'open'
  const asker = viewer === 'asker'
  const assigned = q.lawyer_user_id === caller.userId
  const admin = !asker && (covers(caller, 'legal_admin', q.branch_path) || covers(caller, 'legal_admin', q.queue_path))
  return {
    reply: open && (asker || assigned),
    claim: open && !asker && q.lawyer_user_id === null && covers(caller, 'lawyer', q.queue_path),
    assign: open && admin,
    reveal: viewer === 'legal_admin',
    markNeedsOffline: open && assigned && !q.needs_offline,
    handOff: open && assigned && q.case_id === null,
    resolve: open && asker,
    rate: asker && !open && q.rating === null,
    publish: !open && (assigned || admin) && !q.published,
    consentContact: asker && q.case_id !== null && q.case_consented === false,
  }
}

/** One question as the caller may see it; a staff read is logged. */
export async function questionDetail(deps: Deps, caller: Caller, questionId: number): Promise<QuestionDetail> {
  const { db } = deps
  const [q] = await db.query<QuestionRow>(`${questionSelect} WHERE q.id = $1`, [questionId])
  const viewer = q ? questionViewer(caller, q) : null
  if (!q || !viewer) throw new AppError('NOT_FOUND', '咨询不存在或您无权查看')
  const [asker] = viewer === 'asker' ? [null] : await askerViews(db, [{ anonymous: q.anonymous, memberId: q.member_id, branchId: q.branch_id, countyBranchId: q.county_branch_id }])
  await logStaffRead(db, caller, viewer, q.id, 'question.read')
  return {
    id: q.id,
    viewer,
    category: q.category,
    title: q.title,
    body: q.body,
    anonymous: q.anonymous,
    status: q.status,
    awaiting: q.awaiting,
    asker,
    queue: q.queue_name,
    lawyer: q.lawyer_name,
    askedAt: iso(q.asked_at),
    dueAt: iso(q.due_at),
    firstResponseAt: isoOrNull(q.first_response_at),
    overdue: q.overdue,
    escalationStep: q.escalation_step,
    needsOffline: q.needs_offline,
    rating: q.rating === null || q.rated_at === null ? null : { stars: q.rating, comment: q.rating_comment, ratedAt: iso(q.rated_at) },
    closedAt: isoOrNull(q.closed_at),
    case:
      q.case_id === null || q.case_kind === null || q.case_status === null
        ? null
        : { id: q.case_id, kind: q.case_kind, status: q.case_status, outcome: q.case_outcome, contactConsented: q.case_consented === true },
    attachments: await readable(deps, caller, await recordFileRows(db, [questionRecord(q.id)]), viewer !== 'asker' && q.anonymous ? q.asker_user_id : null),
    can: abilities(caller, viewer, q),
  }
}

interface MessageRow {
  id: string | number
  author_user_id: number
  author_side: 'member' | 'lawyer'
  body: string
  created_at: Date
  author_name: string
}

/** The member side's name as the viewer sees it: theirs to the asker, the asker view's to staff. */
function memberAuthor(viewer: ThreadViewer, asker: AskerView | null): string {
  if (viewer === 'asker') return '我'
  return asker && !asker.anonymous ? asker.name : anonymousAuthor
}

/** `asker` is the asker view staff see (null for the asker, and for a sender's own message). */
async function toThreadMessages(deps: Deps, caller: Caller, viewer: ThreadViewer, asker: AskerView | null, rows: MessageRow[]): Promise<ThreadMessage[]> {
  const files = await recordFileRows(deps.db, rows.map((r) => messageRecord(Number(r.id))))
  const filesOf = new Map<string, FileRow[]>()
  for (const f of files) filesOf.set(f.record ?? '', [...(filesOf.get(f.record ?? '') ?? []), f])
  const messages: ThreadMessage[] = []
  for (const r of rows) {
    const id = Number(r.id)
    messages.push({
      id,
      side: r.author_side,
      mine: r.author_user_id === caller.userId,
      author: r.author_side === 'lawyer' ? r.author_name : memberAuthor(viewer, asker),
      body: r.body,
      files: await readable(deps, caller, filesOf.get(messageRecord(id)) ?? [], r.author_side === 'member' && asker?.anonymous ? r.author_user_id : null),
      createdAt: iso(r.created_at),
    })
  }
  return messages
}

/**
 * The thread, oldest first. A poll (`afterId`) is one statement over the message index, whatever
 * it finds: the question's scope and state and the newer messages together. A poll that finds
 * nothing new reads nothing of the thread, so only polls that bring messages are logged as staff reads.
 */
export async function threadMessages(deps: Deps, caller: Caller, input: ParsedInput<'legal', 'messages'>): Promise<ThreadPage> {
  const { db } = deps
  const polling = input.afterId != null
  const before = decodeCursor(input.cursor, cursorBigId)
  const rows = await db.query<
    MessageRow & {
      q_id: number
      asker_user_id: number
      lawyer_user_id: number | null
      branch_path: string
      queue_path: string
      status: QuestionStatus
      awaiting: 'lawyer' | 'member'
      anonymous: boolean
      member_id: number
      branch_id: number
      county_branch_id: number
      message_id: string | null
    }
  >(
    `SELECT q.id AS q_id, ${questionScopeColumns}, q.status, q.awaiting, q.anonymous, q.member_id, q.branch_id, q.county_branch_id,
            m.id AS message_id, m.author_user_id, m.author_side, m.body, m.created_at, u.nickname AS author_name
       FROM legal_question q
       LEFT JOIN LATERAL (
         SELECT * FROM legal_message lm
          WHERE lm.question_id = q.id AND ${polling ? 'lm.id > $2' : '($2::bigint IS NULL OR lm.id < $2)'}
          ORDER BY lm.id ${polling ? 'ASC' : 'DESC'}
          LIMIT $3
       ) m ON true
       LEFT JOIN app_user u ON u.id = m.author_user_id
      WHERE q.id = $1
      ORDER BY m.id ${polling ? 'ASC' : 'DESC'}`,
    [input.questionId, polling ? input.afterId : before, input.limit + 1],
  )
  const q = rows[0]
  const viewer = q ? questionViewer(caller, q) : null
  if (!q || !viewer) throw new AppError('NOT_FOUND', '咨询不存在或您无权查看')
  const found = rows.filter((r) => r.message_id !== null).map((r) => ({ ...r, id: Number(r.message_id) }))
  const more = found.length > input.limit
  const kept = found.slice(0, input.limit)
  const ordered = polling ? kept : kept.reverse()
  let items: ThreadMessage[] = []
  if (ordered.length > 0) {
    const [asker] =
      viewer === 'asker' ? [null] : await askerViews(db, [{ anonymous: q.anonymous, memberId: q.member_id, branchId: q.branch_id, countyBranchId: q.county_branch_id }])
    await logStaffRead(db, caller, viewer, q.q_id, 'thread.read', { messages: ordered.map((m) => m.id) })
    items = await toThreadMessages(deps, caller, viewer, asker, ordered)
  }
  return {
    items,
    // Polling continues from the last item; only a backwards page has older messages to offer.
    olderCursor: !polling && more && ordered.length > 0 ? encodeCursor(ordered[0].id) : null,
    status: q.status,
    awaiting: q.awaiting,
    claimed: q.lawyer_user_id !== null,
  }
}

async function messageRow(db: Queryable, messageId: number): Promise<MessageRow> {
  const [row] = await db.query<MessageRow>(
    `SELECT m.id, m.author_user_id, m.author_side, m.body, m.created_at, u.nickname AS author_name
       FROM legal_message m JOIN app_user u ON u.id = m.author_user_id WHERE m.id = $1`,
    [messageId],
  )
  return row
}

function excerpt(text: string, length = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return Array.from(flat).length > length ? `${Array.from(flat).slice(0, length).join('')}…` : flat
}

/**
 * A reply by the asker or the assigned lawyer to an open question. A retry with the same
 * requestId answers the message the first attempt wrote (even after the question closed). The
 * lawyer's first message stamps the first response (the escalation job stops there); each
 * message hands the turn to the other side and tells them through the message centre.
 */
export async function sendMessage(deps: Deps, caller: Caller, input: ParsedInput<'legal', 'sendMessage'>, now = new Date()) {
  const { messageId, replayed, viewer } = await deps.db.transaction(async (tx) => {
    const { row: q, viewer } = await lockVisibleQuestion(tx, caller, input.questionId)
    const side = viewer === 'asker' ? 'member' : q.lawyer_user_id === caller.userId ? 'lawyer' : null
    if (!side) {
      throw new AppError(
        'LEGAL_NOT_PARTICIPANT',
        q.lawyer_user_id === null && viewer === 'lawyer' ? '请先认领该咨询，再回复' : '只有提问的职工和接手的律师可以在咨询中回复',
      )
    }
    const [earlier] = await tx.query<{ id: string }>(
      'SELECT id FROM legal_message WHERE question_id = $1 AND author_user_id = $2 AND request_id = $3',
      [q.id, caller.userId, input.requestId],
    )
    if (earlier) return { messageId: Number(earlier.id), replayed: true, viewer }
    if (q.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN')
    const [message] = await tx.query<{ id: string }>(
      `INSERT INTO legal_message (question_id, author_user_id, author_side, body, request_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [q.id, caller.userId, side, input.body, input.requestId, now],
    )
    const id = Number(message.id)
    await attachFiles(tx, caller, input.fileIds, { purpose: 'lawyer_attachment', record: messageRecord(id) })
    const link = withQuery(routes.legalQuestion, { id: q.id })
    if (side === 'lawyer') {
      await tx.query(
        `UPDATE legal_question SET awaiting = 'member', last_lawyer_at = $2, first_response_at = COALESCE(first_response_at, $2), updated_at = $2
          WHERE id = $1`,
        [q.id, now],
      )
      if (q.first_response_at === null) {
        await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail, created_at) VALUES ($1, $2, 'first_response', $3, $4)`, [
          q.id,
          caller.userId,
          JSON.stringify({ messageId: id }),
          now,
        ])
      }
      await notify(tx, {
        userId: q.asker_user_id,
        kind: 'legal_reply',
        source: messageRecord(id),
        title: '律师回复了您的咨询',
        body: `「${q.title}」：${excerpt(input.body)}`,
        link,
        payload: { questionTitle: excerpt(q.title, 20), reply: excerpt(input.body, 20) },
      })
    } else {
      await tx.query(`UPDATE legal_question SET awaiting = 'lawyer', last_member_at = $2, updated_at = $2 WHERE id = $1`, [q.id, now])
      if (q.lawyer_user_id !== null) {
        // The lawyer is staff: an anonymous asker's follow-up names nobody.
        await notify(tx, {
          userId: q.lawyer_user_id,
          kind: 'legal_followup',
          source: messageRecord(id),
          title: '咨询有新的追问',
          body: `「${q.title}」：${excerpt(input.body)}`,
          link,
          payload: { questionTitle: excerpt(q.title, 20), reply: excerpt(input.body, 20) },
        })
      }
    }
    return { messageId: id, replayed: false, viewer }
  })
  const row = await messageRow(deps.db, messageId)
  const [message] = await toThreadMessages(deps, caller, viewer, null, [row])
  return { message, replayed }
}

/** The assigned lawyer marks that this question needs help offline; the hand-off itself is the cases part's. */
export async function markNeedsOffline({ db }: Deps, caller: Caller, questionId: number): Promise<{ needsOffline: true }> {
  return db.transaction(async (tx) => {
    const { row: q } = await lockVisibleQuestion(tx, caller, questionId)
    if (q.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
    if (q.lawyer_user_id !== caller.userId) throw new AppError('LEGAL_NOT_PARTICIPANT', '只有接手该咨询的律师可以标记需要线下帮助')
    if (q.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN')
    // Marked once: a repeat tap changes nothing and writes no second event.
    if (!q.needs_offline) {
      await tx.query('UPDATE legal_question SET needs_offline = true, updated_at = now() WHERE id = $1', [q.id])
      await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind) VALUES ($1, $2, 'needs_offline')`, [q.id, caller.userId])
    }
    return { needsOffline: true }
  })
}

/** A legal_admin over the question, for a stated reason: who asked. The reveal is an event and an audit entry. */
export async function revealIdentity({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'revealIdentity'>): Promise<RevealedIdentity> {
  return db.transaction(async (tx) => {
    const { row } = await lockVisibleQuestion(tx, caller, input.questionId)
    if (row.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
    if (!covers(caller, 'legal_admin', row.branch_path) && !covers(caller, 'legal_admin', row.queue_path)) throw new AppError('FORBIDDEN', '只有负责该咨询的法律服务管理员可以查看提问人身份')
    const [person] = await tx.query<{ name: string; phone: string; member_no: string; enterprise: string; county: string }>(
      `SELECT m.name, m.phone, m.member_no, b.name AS enterprise, cb.name AS county
         FROM legal_question q
         JOIN member m ON m.id = q.member_id
         JOIN branch b ON b.id = q.branch_id
         JOIN branch cb ON cb.id = q.county_branch_id
        WHERE q.id = $1`,
      [row.id],
    )
    await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail) VALUES ($1, $2, 'identity_revealed', $3)`, [
      row.id,
      caller.userId,
      JSON.stringify({ reason: input.reason }),
    ])
    await audit(tx, { actor: caller.userId, action: 'legal.identity.reveal', targetType: 'legal_question', targetIds: [row.id], detail: { reason: input.reason } })
    return { name: person.name, phone: person.phone, memberNo: person.member_no, enterprise: person.enterprise, county: person.county }
  })
}
