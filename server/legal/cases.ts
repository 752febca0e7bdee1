/**
 * Hand-offs to offline help (issue 10 §3): the assigned lawyer hands a question to 法律援助 or
 * 劳动争议调解, which creates a case for the question's county; that county's legal_admin follows it
 * 已转交 → 已受理 → 处理中 → 已结案 with notes, and the member is told each step. The member may
 * agree to give the service centre their name and phone: only then does the case show them.
 */
import { z } from 'zod'
import type {
  CaseChange,
  CaseDetail,
  CaseKind,
  CaseOutcome,
  CaseStatus,
  CaseSummary,
  HandOffResult,
  LegalCategory,
  QuestionStatus,
} from '../../src/shared/api'
import { caseKindNames, caseOutcomeNames, caseStatusNames, legalCategoryNames } from '../../src/shared/api/legal-common'
import { caseStatusOrder } from '../../src/shared/legal/case-rules'
import { routes, withQuery } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { notify, sentence } from '../notify'
import { chainOf, covers, inSubtreesSql, scopePaths } from '../scope'
import { audit, iso, isoOrNull } from '../sql'
import { askerViews } from './asker'
import type { AskerRef } from './asker'

interface QuestionRow {
  id: number
  asker_user_id: number
  member_id: number
  branch_id: number
  county_branch_id: number
  queue_path: string
  status: QuestionStatus
  lawyer_user_id: number | null
  needs_offline: boolean
  anonymous: boolean
  category: LegalCategory
  title: string
}

interface CaseRow {
  id: number
  question_id: number
  kind: CaseKind
  county_branch_id: number
  county_path: string
  county: string
  status: CaseStatus
  outcome: CaseOutcome | null
  summary: string
  handed_off_by: number
  contact_consent_at: Date | null
  created_at: Date
  accepted_at: Date | null
  closed_at: Date | null
  updated_at: Date
  asker_user_id: number
  member_id: number
  branch_id: number
  anonymous: boolean
  category: LegalCategory
  title: string
}

const caseColumns = `c.id, c.question_id, c.kind, c.county_branch_id, c.county_path, cb.name AS county, c.status, c.outcome, c.summary,
  c.handed_off_by, c.contact_consent_at, c.created_at, c.accepted_at, c.closed_at, c.updated_at,
  q.asker_user_id, q.member_id, q.branch_id, q.anonymous, q.category, q.title`

const caseFrom = `legal_case c JOIN legal_question q ON q.id = c.question_id JOIN branch cb ON cb.id = c.county_branch_id`

const askerOf = (row: { anonymous: boolean; member_id: number; branch_id: number; county_branch_id: number }): AskerRef => ({
  anonymous: row.anonymous,
  memberId: row.member_id,
  branchId: row.branch_id,
  countyBranchId: row.county_branch_id,
})

/** Told to everyone the question or case is not visible to, as for an id that does not exist. */
const questionNotFound = () => new AppError('NOT_FOUND', '咨询不存在或不在您的服务范围内')
const caseNotFound = () => new AppError('NOT_FOUND', '案件不存在或不在您的管理范围内')

async function loadCase(db: Queryable, caseId: number, lock: boolean): Promise<CaseRow | null> {
  const [row] = await db.query<CaseRow>(`SELECT ${caseColumns} FROM ${caseFrom} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [caseId])
  return row ?? null
}

/** The case, for a legal_admin whose grant covers its county; never their own question's. */
async function caseInScope(db: Queryable, caller: Caller, caseId: number, lock: boolean): Promise<CaseRow> {
  const row = await loadCase(db, caseId, lock)
  if (!row || !covers(caller, 'legal_admin', row.county_path)) throw caseNotFound()
  if (row.asker_user_id === caller.userId) throw new AppError('LEGAL_SELF_SERVICE')
  return row
}

/**
 * The legal_admins who follow a county's cases: those whose grant is at the county, or, when the
 * county has none, at the nearest branch above it that has one. Never the asker.
 */
async function caseFollowers(db: Queryable, countyPath: string, askerUserId: number): Promise<number[]> {
  const rows = await db.query<{ user_id: number; level: number }>(
    `SELECT DISTINCT g.user_id, b.level FROM role_grant g JOIN branch b ON b.id = g.branch_id
      WHERE g.role = 'legal_admin' AND g.branch_id = ANY($1::int[]) AND g.user_id <> $2`,
    [chainOf(countyPath), askerUserId],
  )
  const nearest = Math.max(0, ...rows.map((r) => r.level))
  return [...new Set(rows.filter((r) => r.level === nearest).map((r) => r.user_id))]
}

/** What a subscribe template shows for a case step (config/subscribe-templates.example.json). */
function casePayload(kind: CaseKind, status: CaseStatus, detail: string) {
  return { kind: caseKindNames[kind], status: caseStatusNames[status], detail }
}

// ——— the hand-off ———

/**
 * The assigned lawyer hands the question off: the question is marked as needing offline help,
 * the case is created for the question's county, the timeline gets its events, and the member and
 * the county's legal_admins are told — all in one transaction. A retry of the same hand-off
 * answers the case it made; another hand-off of the same question is refused.
 */
export async function handOff(
  { db }: Deps,
  caller: Caller,
  input: { questionId: number; kind: CaseKind; summary: string },
): Promise<HandOffResult> {
  return db.transaction(async (tx) => {
    const [q] = await tx.query<QuestionRow>(
      `SELECT id, asker_user_id, member_id, branch_id, county_branch_id, queue_path, status, lawyer_user_id, needs_offline,
              anonymous, category, title
         FROM legal_question WHERE id = $1 FOR UPDATE`,
      [input.questionId],
    )
    const me = caller.userId
    const claimable = q && q.lawyer_user_id === null && covers(caller, 'lawyer', q.queue_path)
    if (!q || !(q.lawyer_user_id === me || claimable)) throw questionNotFound()
    if (q.asker_user_id === me) throw new AppError('LEGAL_SELF_SERVICE')
    if (q.lawyer_user_id !== me) throw new AppError('LEGAL_NOT_ASSIGNED', '请先认领该咨询，再转交线下帮助')
    const [existing] = await tx.query<{ id: number; status: CaseStatus; kind: CaseKind; summary: string; handed_off_by: number }>(
      'SELECT id, status, kind, summary, handed_off_by FROM legal_case WHERE question_id = $1',
      [q.id],
    )
    if (existing) {
      if (existing.handed_off_by === me && existing.kind === input.kind && existing.summary === input.summary) {
        return { caseId: existing.id, status: existing.status }
      }
      throw new AppError('LEGAL_CASE_EXISTS', `该咨询已转交${caseKindNames[existing.kind]}，不能重复转交`)
    }
    if (q.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN', '该咨询已结束，不能再转交线下帮助')
    const [created] = await tx.query<{ id: number; county_path: string; county: string }>(
      `INSERT INTO legal_case (question_id, kind, county_branch_id, county_path, summary, handed_off_by)
       SELECT $1, $2, b.id, b.path, $3, $4 FROM branch b WHERE b.id = $5
       RETURNING id, county_path, (SELECT name FROM branch WHERE id = $5) AS county`,
      [q.id, input.kind, input.summary, me, q.county_branch_id],
    )
    await tx.query('UPDATE legal_question SET needs_offline = true, updated_at = now() WHERE id = $1', [q.id])
    const detail = JSON.stringify({ caseId: created.id, kind: input.kind })
    if (!q.needs_offline) {
      await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail) VALUES ($1, $2, 'needs_offline', $3)`, [q.id, me, detail])
    }
    await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail) VALUES ($1, $2, 'handed_off', $3)`, [q.id, me, detail])

    const kindName = caseKindNames[input.kind]
    await notify(tx, {
      userId: q.asker_user_id,
      kind: 'legal_case_update',
      source: `legal_case:${created.id}:submitted`,
      title: `咨询已转交${kindName}`,
      body: `律师已将您的咨询「${q.title}」转交${created.county}${kindName}，工作人员将跟进处理。如需工作人员与您联系，请在咨询详情中点击「同意提供联系方式」。`,
      link: withQuery(routes.legalQuestion, { id: q.id }),
      payload: casePayload(input.kind, 'submitted', q.title),
    })
    // Staff are told the county and the category only: the title is the member's own words.
    for (const userId of await caseFollowers(tx, created.county_path, q.asker_user_id)) {
      await notify(tx, {
        userId,
        kind: 'legal_case_update',
        source: `legal_case:${created.id}:submitted`,
        title: `新的${kindName}案件待受理`,
        body: `${created.county}一件「${legalCategoryNames[q.category]}」类咨询已由律师转交${kindName}，请及时受理。`,
        link: withQuery(routes.legalCase, { id: created.id }),
        payload: casePayload(input.kind, 'submitted', `${legalCategoryNames[q.category]}咨询`),
      })
    }
    return { caseId: created.id, status: 'submitted' }
  })
}

// ——— the legal_admin's list and detail ———

const listCursor = z.object({ id: cursorId }).strict()

/**
 * Cases of the counties under the caller's legal_admin grants, newest first (legal_case_county_idx),
 * the caller's own left out. The asker as askerViews shows them: an anonymous asker is the county.
 */
export async function listCases(
  { db }: Deps,
  caller: Caller,
  input: { status?: CaseStatus | null; cursor?: string | null; limit: number },
) {
  const after = decodeCursor(input.cursor, listCursor)
  const rows = await db.query<CaseRow>(
    `SELECT ${caseColumns} FROM ${caseFrom}
      WHERE ${inSubtreesSql('c.county_path', '$1')}
        AND ($2::text IS NULL OR c.status = $2)
        AND q.asker_user_id <> $3
        AND ($4::int IS NULL OR c.id < $4)
      ORDER BY c.id DESC
      LIMIT $5`,
    [scopePaths(caller, 'legal_admin'), input.status ?? null, caller.userId, after?.id ?? null, input.limit + 1],
  )
  const askers = await askerViews(db, rows.map(askerOf), false)
  const asker = new Map(rows.map((r, i) => [r.id, askers[i]]))
  return pageOf(
    rows,
    input.limit,
    (r): CaseSummary => {
      const view = asker.get(r.id)
      if (!view) throw new Error(`no asker view for case ${r.id}`)
      return summaryOf(r, view)
    },
    (r) => ({ id: r.id }),
  )
}

function summaryOf(r: CaseRow, asker: CaseSummary['asker']): CaseSummary {
  return {
    id: r.id,
    questionId: r.question_id,
    kind: r.kind,
    status: r.status,
    outcome: r.outcome,
    county: r.county,
    category: r.category,
    title: r.title,
    asker,
    contactConsented: r.contact_consent_at !== null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

/** Statuses after the current one: where the case may still go. */
function nextStatuses(status: CaseStatus): Exclude<CaseStatus, 'submitted'>[] {
  return caseStatusOrder.slice(caseStatusOrder.indexOf(status) + 1).filter((s): s is Exclude<CaseStatus, 'submitted'> => s !== 'submitted')
}

/**
 * One case for a legal_admin in scope: the lawyer's summary, the question, the notes, and the
 * asker as askerViews shows them — plus name and phone once the member consented to share them.
 * Every read is written to audit_log, saying whether contact details were shown.
 */
export async function caseDetail({ db }: Deps, caller: Caller, caseId: number): Promise<CaseDetail> {
  const row = await caseInScope(db, caller, caseId, false)
  const [[asker], [question], notes, [lawyer]] = await Promise.all([
    askerViews(db, [askerOf(row)], false),
    db.query<{ status: QuestionStatus; body: string; asked_at: Date }>('SELECT status, body, asked_at FROM legal_question WHERE id = $1', [row.question_id]),
    db.query<{ id: string; status: CaseStatus; body: string; author: string; created_at: Date }>(
      `SELECT n.id::text, n.status, n.body, COALESCE(m.name, u.nickname) AS author, n.created_at
         FROM legal_case_note n JOIN app_user u ON u.id = n.author_user_id LEFT JOIN member m ON m.user_id = u.id
        WHERE n.case_id = $1 ORDER BY n.id`,
      [row.id],
    ),
    db.query<{ name: string }>('SELECT COALESCE(m.name, u.nickname) AS name FROM app_user u LEFT JOIN member m ON m.user_id = u.id WHERE u.id = $1', [row.handed_off_by]),
  ])
  let contact: CaseDetail['contact'] = null
  if (row.contact_consent_at !== null) {
    const [member] = await db.query<{ name: string; phone: string }>('SELECT name, phone FROM member WHERE id = $1', [row.member_id])
    contact = member ? { name: member.name, phone: member.phone } : null
  }
  await audit(db, {
    actor: caller.userId,
    action: 'legal.caseDetail',
    targetType: 'legal_case',
    targetIds: [row.id],
    detail: { questionId: row.question_id, contact: contact !== null },
  })
  return {
    ...summaryOf(row, asker),
    summary: row.summary,
    handedOffBy: lawyer?.name ?? '',
    acceptedAt: isoOrNull(row.accepted_at),
    closedAt: isoOrNull(row.closed_at),
    question: { id: row.question_id, status: question.status, body: question.body, askedAt: iso(question.asked_at) },
    contact,
    notes: notes.map((n) => ({ id: Number(n.id), status: n.status, body: n.body, author: n.author, at: iso(n.created_at) })),
    can: { advanceTo: nextStatuses(row.status), note: true },
  }
}

// ——— the member's consent ———

/**
 * The asker agrees that the service centre may see their name and phone (an anonymous question
 * hides them until then). Once is enough: a repeat answers the first consent. The case's notes
 * record it, so the centre sees when it was given.
 */
export async function consentContact({ db }: Deps, caller: Caller, caseId: number) {
  return db.transaction(async (tx) => {
    const row = await loadCase(tx, caseId, true)
    if (!row || row.asker_user_id !== caller.userId) throw caseNotFound()
    if (row.contact_consent_at !== null) return { caseId: row.id, contactConsentedAt: iso(row.contact_consent_at) }
    if (row.status === 'closed') throw new AppError('LEGAL_CASE_STATE_CONFLICT', '案件已结案，无需再提供联系方式')
    const [updated] = await tx.query<{ contact_consent_at: Date }>(
      'UPDATE legal_case SET contact_consent_at = now(), updated_at = now() WHERE id = $1 RETURNING contact_consent_at',
      [row.id],
    )
    await tx.query(
      `INSERT INTO legal_case_note (case_id, author_user_id, status, body) VALUES ($1, $2, $3, '当事人已同意向服务中心提供姓名和联系电话')`,
      [row.id, caller.userId, row.status],
    )
    return { caseId: row.id, contactConsentedAt: iso(updated.contact_consent_at) }
  })
}

// ——— following the case ———

async function addNote(db: Queryable, caseId: number, author: number, status: CaseStatus, body: string): Promise<number> {
  const [note] = await db.query<{ id: string }>(
    'INSERT INTO legal_case_note (case_id, author_user_id, status, body) VALUES ($1, $2, $3, $4) RETURNING id::text',
    [caseId, author, status, body],
  )
  return Number(note.id)
}

/**
 * Moves the case forward (never back) with a note, and tells the member. Closing needs an
 * outcome. A retry of the same step with the same note answers the case as it is.
 */
export async function advanceCase(
  { db }: Deps,
  caller: Caller,
  input: { caseId: number; to: Exclude<CaseStatus, 'submitted'>; outcome?: CaseOutcome | null; note: string },
): Promise<CaseChange> {
  return db.transaction(async (tx) => {
    const row = await caseInScope(tx, caller, input.caseId, true)
    const me = caller.userId
    if (row.status === input.to) {
      const [last] = await tx.query<{ author_user_id: number; status: CaseStatus; body: string }>(
        'SELECT author_user_id, status, body FROM legal_case_note WHERE case_id = $1 ORDER BY id DESC LIMIT 1',
        [row.id],
      )
      if (last && last.author_user_id === me && last.status === input.to && last.body === input.note && (input.to !== 'closed' || input.outcome === row.outcome)) {
        return { caseId: row.id, status: row.status, outcome: row.outcome }
      }
    }
    if (caseStatusOrder.indexOf(input.to) <= caseStatusOrder.indexOf(row.status)) {
      throw new AppError('LEGAL_CASE_STATE_CONFLICT', `案件已是「${caseStatusNames[row.status]}」，不能改为「${caseStatusNames[input.to]}」`)
    }
    const outcome = input.outcome ?? null
    if (input.to === 'closed' && outcome === null) throw new AppError('LEGAL_CASE_OUTCOME_REQUIRED')
    if (input.to !== 'closed' && outcome !== null) throw new AppError('VALIDATION_FAILED', '只有结案时填写处理结果')
    await tx.query(
      `UPDATE legal_case SET status = $2, outcome = $3, updated_at = now(),
              accepted_at = COALESCE(accepted_at, now()),
              closed_at = CASE WHEN $2 = 'closed' THEN now() END
        WHERE id = $1`,
      [row.id, input.to, outcome],
    )
    const noteId = await addNote(tx, row.id, me, input.to, input.note)
    const kindName = caseKindNames[row.kind]
    const result = outcome ? `，处理结果：${caseOutcomeNames[outcome]}` : ''
    await notify(tx, {
      userId: row.asker_user_id,
      kind: 'legal_case_update',
      source: `legal_case_note:${noteId}`,
      title: `${kindName}${caseStatusNames[input.to]}`,
      body: `您的咨询「${row.title}」转交的${kindName}${caseStatusNames[input.to]}${result}。说明：${sentence(input.note)}`,
      link: withQuery(routes.legalQuestion, { id: row.question_id }),
      payload: casePayload(row.kind, input.to, outcome ? caseOutcomeNames[outcome] : input.note),
    })
    return { caseId: row.id, status: input.to, outcome }
  })
}

/** A plain note: the status stays and the member is not told (the notes are the centre's record). */
export async function addCaseNote({ db }: Deps, caller: Caller, input: { caseId: number; body: string }) {
  return db.transaction(async (tx) => {
    const row = await caseInScope(tx, caller, input.caseId, true)
    await tx.query('UPDATE legal_case SET updated_at = now() WHERE id = $1', [row.id])
    return { caseId: row.id, noteId: await addNote(tx, row.id, caller.userId, row.status, input.body) }
  })
}

/**
 * 援助调解 on the 工作台: cases waiting to be accepted in the caller's legal_admin scopes (the
 * county-path index, status second), the caller's own left out. Null without the role.
 */
export async function casesToAcceptCount(db: Queryable, caller: Caller): Promise<number | null> {
  const paths = scopePaths(caller, 'legal_admin')
  if (!paths.length) return null
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM legal_case c JOIN legal_question q ON q.id = c.question_id
      WHERE c.status = 'submitted' AND ${inSubtreesSql('c.county_path', '$1')} AND q.asker_user_id <> $2`,
    [paths, caller.userId],
  )
  return row.n
}
