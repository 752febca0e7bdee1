/**
 * The reviewer side of manual claims (issue 9 §5): the queue, taking a claim, asking for more
 * documents, approving (with a second review above the threshold), rejecting, and recording the
 * transfer. Every step writes the claim, its timeline event and the member's message in one
 * transaction; the final approval pays through applyPayout under the yearly cap.
 */
import { z } from 'zod'
import type {
  ClaimForReview,
  MessageKind,
  ReviewDocument,
  ReviewOutcome,
  ReviewQueueFilter,
  ReviewQueueItem,
} from '../../src/shared/api'
import { reviewDueWorkingDays, secondReviewThresholdFen } from '../../src/shared/aid/review-rules'
import { claimTypes, openClaimStatuses } from '../../src/shared/aid/claim-types'
import type { ClaimDocType, ClaimEventKind, ClaimStatus, ClaimType } from '../../src/shared/aid/claim-types'
import type { Bill, PlanRules } from '../../src/shared/api/aid-plans'
import { formatFen } from '../../src/shared/aid/money'
import { computePayout, freshYear } from '../../src/shared/aid/payout-engine'
import type { PayoutComputation } from '../../src/shared/aid/payout-engine'
import { routes, withQuery } from '../../src/routes'
import type { Role } from '../../src/shared/roles'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { fileReadUrl } from '../files/read'
import { notify, sentence } from '../notify'
import { chainOf, covers, inSubtreeSql, inSubtreesSql, scopePaths } from '../scope'
import { audit, branchRefSql, iso } from '../sql'
import type { BranchRef } from '../sql'
import { applyPayout } from './payout'
import { workingDaysBetween } from './working-days'

interface ClaimRow {
  id: number
  status: ClaimStatus
  user_id: number
  enrolment_id: number
  branch_path: string
  branch: BranchRef
  claim_type: ClaimType
  hospital: string
  admission_on: string
  discharge_on: string
  eligible_fen: number
  hospital_days: number | null
  critical_illness_code: string | null
  computed_fen: number
  approved_fen: number | null
  override_reason: string | null
  reviewer_id: number | null
  second_reviewer_id: number | null
  submitted_at: Date
  paid_at: Date | null
  payout_ref: string | null
  bank_account_masked: string | null
  member_name: string
  id_last4: string
  plan_name: string
  rules: PlanRules
}

const claimColumns = `c.id, c.status, c.user_id, c.enrolment_id, c.branch_path, ${branchRefSql('b')} AS branch, c.claim_type,
  c.hospital, c.admission_on::text AS admission_on, c.discharge_on::text AS discharge_on, c.eligible_fen,
  c.hospital_days, c.critical_illness_code, c.computed_fen, c.approved_fen,
  c.override_reason, c.reviewer_id, c.second_reviewer_id, c.submitted_at, c.paid_at, c.payout_ref, c.bank_account_masked,
  m.name AS member_name, m.id_last4, p.name AS plan_name, p.rules`

async function loadClaim(db: Queryable, claimId: number, lock: boolean): Promise<ClaimRow | null> {
  const [row] = await db.query<ClaimRow>(
    `SELECT ${claimColumns}
       FROM aid_claim c
       JOIN member m ON m.id = c.member_id
       JOIN branch b ON b.id = c.branch_id
       JOIN aid_enrolment e ON e.id = c.enrolment_id
       JOIN aid_plan p ON p.id = e.plan_id
      WHERE c.id = $1 AND c.status <> 'draft'${lock ? ' FOR UPDATE OF c' : ''}`,
    [claimId],
  )
  return row ?? null
}

/** Told to staff outside the claim's branch, as for an id that does not exist. */
const claimNotFound = () => new AppError('NOT_FOUND', '互助申请不存在或不在您的审核范围内')

/**
 * The claim, if the caller holds one of `roles` over the claimant's branch (at filing). Staff never
 * act on their own claim, whatever their roles.
 */
async function claimInScope(db: Queryable, caller: Caller, claimId: number, roles: readonly Role[], lock: boolean): Promise<ClaimRow> {
  const row = await loadClaim(db, claimId, lock)
  if (!row || !roles.some((role) => covers(caller, role, row.branch_path))) throw claimNotFound()
  if (row.user_id === caller.userId) throw new AppError('AID_SELF_REVIEW')
  return row
}

/**
 * The level (1 市 … 4 企业) of the highest claim_reviewer grant by which `grants` cover `path`,
 * or null when none does.
 */
function reviewerLevel(grants: { role: Role; branchPath: string }[], path: string): number | null {
  const levels = grants
    .filter((g) => g.role === 'claim_reviewer' && path.startsWith(g.branchPath))
    .map((g) => chainOf(g.branchPath).length)
  return levels.length ? Math.min(...levels) : null
}

/**
 * A second reviewer stands strictly above the first reviewer's grant. A first reviewer at the city
 * has no one above: another city reviewer then reviews, never the same person.
 */
function mayReviewSecond(caller: Caller, claim: ClaimRow, firstLevel: number): boolean {
  if (caller.userId === claim.reviewer_id) return false
  const level = reviewerLevel(caller.grants, claim.branch_path)
  return level !== null && (level < firstLevel || (firstLevel === 1 && level === 1))
}

/** The first reviewer's level, recorded when the claim went to second review. */
async function firstReviewLevel(db: Queryable, claimId: number): Promise<number> {
  const [row] = await db.query<{ level: number | null }>(
    `SELECT (detail->>'firstLevel')::int AS level FROM aid_claim_event
      WHERE claim_id = $1 AND kind = 'second_review' ORDER BY id DESC LIMIT 1`,
    [claimId],
  )
  if (!row || row.level === null) throw new Error(`claim ${claimId} is in second review without its first level`)
  return row.level
}

/** Appends a timeline event and answers its id (the source of the message it causes). */
async function addEvent(
  db: Queryable,
  claimId: number,
  actor: number,
  kind: ClaimEventKind,
  status: ClaimStatus,
  reason: string | null,
  detail: Record<string, unknown> = {},
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO aid_claim_event (claim_id, actor_user_id, kind, status, reason, detail)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [claimId, actor, kind, status, reason, JSON.stringify(detail)],
  )
  return Number(row.id)
}

/**
 * The member's message for one step, sourced by its timeline event. `result` and `detail` are what
 * a WeChat subscribe template shows (config/subscribe-templates.example.json): a short phrase, and
 * the reason or the amount.
 */
async function tellMember(
  db: Queryable,
  claim: ClaimRow,
  eventId: number,
  message: { kind: MessageKind; title: string; body: string; result: string; detail: string },
): Promise<void> {
  await notify(db, {
    userId: claim.user_id,
    kind: message.kind,
    source: `aid_claim_event:${eventId}`,
    title: message.title,
    body: message.body,
    link: withQuery(routes.aidClaim, { id: claim.id }),
    payload: { claimId: claim.id, result: message.result, detail: message.detail },
  })
}

const claimLabel = (claim: ClaimRow) => `${claimTypes[claim.claim_type].label}互助申请（${claim.hospital}）`

function outcome(claim: Pick<ClaimRow, 'id' | 'status' | 'approved_fen'>, payout: { payoutFen: number; lines: string[] } | null = null): ReviewOutcome {
  return { claimId: claim.id, status: claim.status, approvedFen: claim.approved_fen, payoutFen: payout?.payoutFen ?? null, lines: payout?.lines ?? [] }
}

async function claimPayout(db: Queryable, claimId: number): Promise<{ payoutFen: number; lines: string[] } | null> {
  const [row] = await db.query<{ amount_fen: number; explanation: string[] }>(
    `SELECT amount_fen, explanation FROM aid_payout WHERE source = 'claim' AND source_ref = $1`,
    [String(claimId)],
  )
  return row ? { payoutFen: row.amount_fen, lines: row.explanation } : null
}

const billOf = (claim: ClaimRow): Bill => ({
  eligibleFen: claim.eligible_fen,
  hospitalDays: claim.hospital_days ?? 0,
  criticalIllnessCode: claim.critical_illness_code,
})

/** The most a reviewer may decide (applyPayout refuses more): the bill, the per-claim cap, the year's cap left. */
const ceilingOf = (claim: ClaimRow, engine: PayoutComputation) => Math.min(claim.eligible_fen, claim.rules.perClaimCapFen, engine.yearLeftFen)

/** The engine over the member's year so far; `lock` holds the year's counters until the transaction ends. */
async function engineNow(db: Queryable, claim: ClaimRow, lock: boolean): Promise<PayoutComputation> {
  const [usage] = await db.query<{ deductible_used_fen: number; paid_fen: number; hospital_days_paid: number; critical_codes_paid: string[] }>(
    `SELECT deductible_used_fen, paid_fen, hospital_days_paid, critical_codes_paid FROM aid_year_usage WHERE enrolment_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [claim.enrolment_id],
  )
  const yearSoFar = usage
    ? { deductibleUsedFen: usage.deductible_used_fen, paidFen: usage.paid_fen, hospitalDaysPaid: usage.hospital_days_paid, criticalCodesPaid: usage.critical_codes_paid }
    : freshYear
  return computePayout(claim.rules, billOf(claim), yearSoFar)
}

// ——— the queue ———

// The position is the last claim's id; its exact submission time (microseconds, which a JS Date
// would round) is read back in the query.
const queueCursor = z.object({ id: cursorId }).strict()

interface QueueRow {
  id: number
  status: ClaimStatus
  claim_type: ClaimType
  member_name: string
  branch: BranchRef
  eligible_fen: number
  computed_fen: number
  approved_fen: number | null
  submitted_at: Date
  reviewer_id: number | null
  second_reviewer_id: number | null
}

const openSql = `c.status IN ('submitted', 'in_review', 'need_more', 'second_review')`
const filterSql: Record<ReviewQueueFilter, string> = {
  all: openSql,
  mine: `((c.status IN ('in_review', 'need_more') AND c.reviewer_id = $2) OR (c.status = 'second_review' AND c.second_reviewer_id = $2))`,
  unassigned: `c.status = 'submitted'`,
  second_review: `(c.status = 'second_review' AND c.reviewer_id <> $2)`,
  to_pay: `c.status = 'approved' AND c.approved_fen > 0`,
}

/** Who holds the claim at its current stage. */
function holderOf(row: Pick<QueueRow, 'status' | 'reviewer_id' | 'second_reviewer_id'>, userId: number): 'me' | 'other' | null {
  const holder = row.status === 'second_review' ? row.second_reviewer_id : row.status === 'submitted' ? null : row.reviewer_id
  return holder === null ? null : holder === userId ? 'me' : 'other'
}

/**
 * Open claims of members under the caller's claim_reviewer grants, oldest submission first (the
 * open-claims partial index), the caller's own claims left out; `to_pay`: approved claims under
 * the caller's aid_admin grants, waiting for their transfer.
 */
export async function reviewQueue(
  { db }: Deps,
  caller: Caller,
  input: { filter: ReviewQueueFilter; cursor?: string | null; limit: number },
  now = new Date(),
) {
  const after = decodeCursor(input.cursor, queueCursor)
  // One grant (the usual case) is a plain range on the path, far cheaper per index entry than the
  // unnest of several.
  const paths = scopePaths(caller, input.filter === 'to_pay' ? 'aid_admin' : 'claim_reviewer')
  // The page is chosen on migration 0017's covering index alone (an index-only scan over the few
  // open or unpaid claims, filtered by scope there), and only its rows are then read in full.
  const rows = await db.query<QueueRow>(
    `WITH page AS (
       SELECT c.id, c.submitted_at
         FROM aid_claim c
        WHERE ${filterSql[input.filter]}
          AND ${paths.length === 1 ? inSubtreeSql('c.branch_path', '$1') : inSubtreesSql('c.branch_path', '$1')}
          AND c.user_id <> $2
          AND ($3::int IS NULL OR (c.submitted_at, c.id) > ((SELECT a.submitted_at FROM aid_claim a WHERE a.id = $3), $3))
        ORDER BY c.submitted_at, c.id
        LIMIT $4
     )
     SELECT c.id, c.status, c.claim_type, m.name AS member_name, ${branchRefSql('b')} AS branch, c.eligible_fen,
            c.computed_fen, c.approved_fen, c.submitted_at, c.reviewer_id, c.second_reviewer_id
       FROM page
       JOIN aid_claim c ON c.id = page.id
       JOIN member m ON m.id = c.member_id
       JOIN branch b ON b.id = c.branch_id
      ORDER BY page.submitted_at, page.id`,
    [paths.length === 1 ? paths[0] : paths, caller.userId, after?.id ?? null, input.limit + 1],
  )
  return pageOf(
    rows,
    input.limit,
    (r): ReviewQueueItem => {
      const days = workingDaysBetween(r.submitted_at, now)
      return {
        claimId: r.id,
        status: r.status,
        claimType: r.claim_type,
        memberName: r.member_name,
        branch: r.branch,
        eligibleFen: r.eligible_fen,
        computedFen: r.computed_fen,
        approvedFen: r.approved_fen,
        submittedAt: iso(r.submitted_at),
        workingDaysOpen: days,
        overdue: days > reviewDueWorkingDays,
        holder: holderOf(r, caller.userId),
      }
    },
    (r) => ({ id: r.id }),
  )
}

/**
 * 待审理赔 and 待支付 on the 工作台: open claims in the caller's reviewer scopes that nobody holds
 * or the caller holds, and approved claims in the caller's aid_admin scopes waiting for the transfer.
 * Null for a caller without the role.
 */
export async function claimQueueCounts(db: Queryable, caller: Caller): Promise<{ review: number | null; pay: number | null }> {
  const reviewer = scopePaths(caller, 'claim_reviewer')
  const admin = scopePaths(caller, 'aid_admin')
  if (!reviewer.length && !admin.length) return { review: null, pay: null }
  const [row] = await db.query<{ review: number | null; pay: number | null }>(
    `SELECT
       CASE WHEN cardinality($1::text[]) = 0 THEN NULL ELSE
         (SELECT count(*)::int FROM aid_claim c
           WHERE ${openSql} AND ${inSubtreesSql('c.branch_path', '$1')} AND c.user_id <> $3
             AND (c.status = 'submitted' OR (c.status = 'in_review' AND c.reviewer_id = $3)
                  OR (c.status = 'second_review' AND c.reviewer_id <> $3 AND (c.second_reviewer_id IS NULL OR c.second_reviewer_id = $3)))) END AS review,
       CASE WHEN cardinality($2::text[]) = 0 THEN NULL ELSE
         (SELECT count(*)::int FROM aid_claim c
           WHERE ${filterSql.to_pay} AND ${inSubtreesSql('c.branch_path', '$2')} AND c.user_id <> $3) END AS pay`,
    [reviewer, admin, caller.userId],
  )
  return row
}

// ——— one claim ———

/**
 * The claim as its reviewer sees it. Health data (the bill, the documents) only to the reviewers
 * who hold it or decided it and to aid_admins in scope; another reviewer in scope sees what the
 * queue shows, to decide whether to take it. Every staff read is logged; each document URL is
 * issued by the file service, which logs that read too.
 */
export async function reviewClaim(deps: Deps, caller: Caller, claimId: number, now = new Date()): Promise<ClaimForReview> {
  const { db } = deps
  const claim = await claimInScope(db, caller, claimId, ['claim_reviewer', 'aid_admin'], false)
  const me = caller.userId
  const involved = claim.reviewer_id === me || claim.second_reviewer_id === me
  const admin = covers(caller, 'aid_admin', claim.branch_path)
  const reviewer = covers(caller, 'claim_reviewer', claim.branch_path)
  const seesHealth = involved || admin
  const holder = holderOf(claim, me)
  const stage = claim.status
  const firstLevel = stage === 'second_review' ? await firstReviewLevel(db, claim.id) : null
  const secondEligible = firstLevel !== null && mayReviewSecond(caller, claim, firstLevel)
  const mine = holder === 'me'
  const can = {
    take: reviewer && ((stage === 'submitted') || (stage === 'second_review' && holder === null && secondEligible)),
    release: mine && (stage === 'in_review' || stage === 'second_review'),
    askForDocuments: mine && stage === 'in_review',
    approve: reviewer && ((mine && stage === 'in_review') || (stage === 'second_review' && (mine || (holder === null && secondEligible)))),
    reject: reviewer && ((mine && (stage === 'in_review' || stage === 'need_more')) || (stage === 'second_review' && (mine || (holder === null && secondEligible)))),
    recordPayment: admin && stage === 'approved' && !involved,
  }
  const figure = seesHealth ? await engineNow(db, claim, false) : null
  const engine = figure
    ? { payoutFen: figure.payoutFen, deductibleFen: figure.deductibleFen, lines: figure.lines }
    : { payoutFen: claim.computed_fen, deductibleFen: 0, lines: [] }
  const payout = await claimPayout(db, claim.id)
  let documents: ReviewDocument[] = []
  // The file service lets the same people read them (server/files/record-readers.ts) and logs each read.
  if (seesHealth) {
    const docs = await db.query<{ file_id: number; doc_type: ClaimDocType; name: string; type: string }>(
      `SELECT d.file_id, d.doc_type, f.name, f.type FROM aid_claim_document d JOIN file f ON f.id = d.file_id
        WHERE d.claim_id = $1 AND f.status = 'ready' ORDER BY d.round, d.file_id`,
      [claim.id],
    )
    documents = await Promise.all(
      docs.map(async (d) => {
        const read = await fileReadUrl(deps, caller, d.file_id, now.getTime())
        return { id: d.file_id, docType: d.doc_type, name: d.name, type: d.type, url: read.url, thumbUrl: read.thumbUrl, expiresAt: read.expiresAt }
      }),
    )
  }
  const events = await db.query<{ kind: ClaimEventKind; reason: string | null; created_at: Date }>(
    'SELECT kind, reason, created_at FROM aid_claim_event WHERE claim_id = $1 ORDER BY id',
    [claim.id],
  )
  await audit(db, {
    actor: me,
    action: 'aid.reviewClaim',
    targetType: 'aid_claim',
    targetIds: [claim.id],
    detail: { healthData: seesHealth, documents: documents.length },
  })
  const days = workingDaysBetween(claim.submitted_at, now)
  return {
    claimId: claim.id,
    status: stage,
    claimType: claim.claim_type,
    memberName: claim.member_name,
    idLast4: claim.id_last4,
    branch: claim.branch,
    planName: claim.plan_name,
    bill: {
      eligibleFen: claim.eligible_fen,
      hospitalDays: seesHealth ? claim.hospital_days : null,
      criticalIllnessCode: seesHealth ? claim.critical_illness_code : null,
      admittedOn: seesHealth ? claim.admission_on : null,
      dischargedOn: seesHealth ? claim.discharge_on : null,
      hospital: seesHealth ? claim.hospital : null,
    },
    engine,
    approvedFen: claim.approved_fen,
    overrideReason: claim.override_reason,
    payoutFen: payout?.payoutFen ?? null,
    payoutLines: payout?.lines ?? [],
    documents,
    events: events.map((e) => ({ kind: e.kind, note: e.reason, at: iso(e.created_at) })),
    submittedAt: iso(claim.submitted_at),
    overdue: openClaimStatuses.includes(stage) && days > reviewDueWorkingDays,
    holder,
    can,
    payment:
      claim.status === 'paid' && claim.paid_at && claim.payout_ref
        ? { bankLast4: (claim.bank_account_masked ?? '').slice(-4), transferRef: claim.payout_ref, paidAt: iso(claim.paid_at) }
        : null,
  }
}

// ——— taking and releasing ———

/**
 * One reviewer at a time: a conditional UPDATE on the unheld claim, so of two reviewers taking it
 * at once exactly one wins and the other is told who has it. In second review the second reviewer
 * takes it the same way.
 */
export async function takeClaim({ db }: Deps, caller: Caller, claimId: number): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, claimId, ['claim_reviewer'], false)
    const me = caller.userId
    if (claim.status === 'second_review') {
      if (claim.second_reviewer_id === me) return outcome(claim)
      if (!mayReviewSecond(caller, claim, await firstReviewLevel(tx, claim.id))) throw new AppError('AID_SECOND_REVIEW_NOT_ALLOWED')
      const [won] = await tx.query(
        `UPDATE aid_claim SET second_reviewer_id = $2, updated_at = now()
          WHERE id = $1 AND status = 'second_review' AND second_reviewer_id IS NULL RETURNING id`,
        [claim.id, me],
      )
      if (!won) throw new AppError('AID_CLAIM_TAKEN')
      await addEvent(tx, claim.id, me, 'taken', 'second_review', null, { stage: 'second_review' })
      return outcome(claim)
    }
    if ((claim.status === 'in_review' || claim.status === 'need_more') && claim.reviewer_id === me) return outcome(claim)
    const [won] = await tx.query(
      `UPDATE aid_claim SET reviewer_id = $2, status = 'in_review', taken_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'submitted' AND reviewer_id IS NULL RETURNING id`,
      [claim.id, me],
    )
    if (!won) {
      if (claim.status === 'in_review' || claim.status === 'need_more' || claim.status === 'submitted') throw new AppError('AID_CLAIM_TAKEN')
      throw new AppError('AID_CLAIM_STATE_CONFLICT')
    }
    const eventId = await addEvent(tx, claim.id, me, 'taken', 'in_review', null)
    await tellMember(tx, claim, eventId, {
      kind: 'aid_claim_in_review',
      title: '互助申请审核中',
      body: `您的${claimLabel(claim)}已由审核员受理，正在审核。`,
      result: '审核中',
      detail: claimLabel(claim),
    })
    return outcome({ ...claim, status: 'in_review' })
  })
}

/** Gives the claim back to the queue (first review) or to the other second reviewers. */
export async function releaseClaim({ db }: Deps, caller: Caller, claimId: number): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, claimId, ['claim_reviewer'], true)
    const me = caller.userId
    if (claim.status === 'in_review' && claim.reviewer_id === me) {
      await tx.query(
        `UPDATE aid_claim SET reviewer_id = NULL, status = 'submitted', taken_at = NULL, updated_at = now() WHERE id = $1`,
        [claim.id],
      )
      await addEvent(tx, claim.id, me, 'released', 'submitted', null)
      return outcome({ ...claim, status: 'submitted' })
    }
    if (claim.status === 'second_review' && claim.second_reviewer_id === me) {
      await tx.query('UPDATE aid_claim SET second_reviewer_id = NULL, updated_at = now() WHERE id = $1', [claim.id])
      await addEvent(tx, claim.id, me, 'released', 'second_review', null, { stage: 'second_review' })
      return outcome(claim)
    }
    // Already back in the queue (a resend): the state asked for.
    if (claim.status === 'submitted' || (claim.status === 'second_review' && claim.second_reviewer_id === null)) return outcome(claim)
    if (claim.status === 'need_more' && claim.reviewer_id === me) throw new AppError('AID_CLAIM_STATE_CONFLICT', '申请正在等待会员补充材料，补齐后仍由您审核，不能退回')
    throw holderError(claim)
  })
}

/** Why a reviewer who does not hold the claim may not act on it: nobody took it yet, someone else has it, or it is decided. */
function holderError(claim: ClaimRow): AppError {
  if (claim.status === 'submitted') return new AppError('AID_CLAIM_NOT_TAKEN')
  if (openClaimStatuses.includes(claim.status)) return new AppError('AID_CLAIM_TAKEN')
  return new AppError('AID_CLAIM_STATE_CONFLICT')
}

// ——— outcomes ———

/** Asks the member for more documents; their upload brings the claim back to the same reviewer (aid-claims). */
export async function askForDocuments(
  { db }: Deps,
  caller: Caller,
  input: { claimId: number; reason: string; docTypes: string[] },
): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, input.claimId, ['claim_reviewer'], true)
    const me = caller.userId
    if (claim.status === 'need_more' && claim.reviewer_id === me) return outcome(claim)
    if (!(claim.status === 'in_review' && claim.reviewer_id === me)) throw holderError(claim)
    const docTypes = [...new Set(input.docTypes)]
    await tx.query(
      `UPDATE aid_claim SET status = 'need_more', status_reason = $2, updated_at = now() WHERE id = $1`,
      [claim.id, input.reason],
    )
    const eventId = await addEvent(tx, claim.id, me, 'need_more', 'need_more', input.reason, { docTypes })
    await tellMember(tx, claim, eventId, {
      kind: 'aid_claim_need_more',
      title: '互助申请需补充材料',
      body: `您的${claimLabel(claim)}需要补充材料：${sentence(input.reason)}请在申请详情中上传。`,
      result: '待补充材料',
      detail: input.reason,
    })
    return outcome({ ...claim, status: 'need_more' })
  })
}

/**
 * Approves: the first reviewer decides the amount (the engine's figure now, or another with a
 * written reason, within the bill, the per-claim cap and the year's cap left). Above
 * secondReviewThresholdFen it waits for a second reviewer; otherwise, and at the second approval,
 * applyPayout pays it in the same transaction. The year's counters are locked before the engine
 * runs, so a concurrent payout for the same member waits and the figure decided is the one paid.
 * At the second approval the year may have moved on since the first: the engine's figure now is
 * paid (an override is cut to what is left), and the member's message says so.
 */
export async function approveClaim(
  { db }: Deps,
  caller: Caller,
  input: { claimId: number; amountFen?: number; reason?: string },
): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, input.claimId, ['claim_reviewer'], true)
    const me = caller.userId
    if ((claim.status === 'approved' || claim.status === 'paid') && (claim.reviewer_id === me || claim.second_reviewer_id === me)) {
      return outcome(claim, await claimPayout(tx, claim.id))
    }
    if (claim.status === 'second_review') {
      if (claim.second_reviewer_id !== me) {
        if (claim.second_reviewer_id !== null) throw new AppError('AID_CLAIM_TAKEN')
        if (!mayReviewSecond(caller, claim, await firstReviewLevel(tx, claim.id))) throw new AppError('AID_SECOND_REVIEW_NOT_ALLOWED')
      }
      if (input.amountFen !== undefined && input.amountFen !== claim.approved_fen) {
        throw new AppError('VALIDATION_FAILED', '复核只能按初审核定的金额批准；金额有误请拒赔并写明原因')
      }
      const engine = await engineNow(tx, claim, true)
      const decided = claim.approved_fen ?? engine.payoutFen
      const amount = claim.override_reason === null ? engine.payoutFen : Math.min(decided, ceilingOf(claim, engine))
      return payClaim(tx, caller, claim, engine, { decided, amount, reason: claim.override_reason }, 'second_approved')
    }
    if (!(claim.status === 'in_review' && claim.reviewer_id === me)) throw holderError(claim)
    const engine = await engineNow(tx, claim, true)
    const amount = input.amountFen ?? engine.payoutFen
    const overridden = amount !== engine.payoutFen
    if (overridden && !input.reason) {
      throw new AppError('AID_OVERRIDE_REASON_REQUIRED', `核定金额 ${formatFen(amount)} 元与计算金额 ${formatFen(engine.payoutFen)} 元不同，请写明原因`)
    }
    const ceiling = ceilingOf(claim, engine)
    if (amount > ceiling) {
      throw new AppError('AID_OVERRIDE_TOO_HIGH', `核定金额不能超过 ${formatFen(ceiling)} 元（可报销金额、单次封顶与本年度剩余额度中的最低者）`)
    }
    const reason = overridden ? input.reason ?? null : null
    await tx.query(
      `UPDATE aid_claim SET computed_fen = $2, computed_lines = $3, override_reason = $4, updated_at = now() WHERE id = $1`,
      [claim.id, engine.payoutFen, JSON.stringify(engine.lines), reason],
    )
    if (amount > secondReviewThresholdFen) {
      const firstLevel = reviewerLevel(caller.grants, claim.branch_path) ?? 4
      await tx.query(`UPDATE aid_claim SET status = 'second_review', approved_fen = $2, second_reviewer_id = NULL WHERE id = $1`, [claim.id, amount])
      const eventId = await addEvent(tx, claim.id, me, 'second_review', 'second_review', reason, { firstLevel, amountFen: amount })
      await tellMember(tx, claim, eventId, {
        kind: 'aid_claim_second_review',
        title: '互助申请初审通过',
        body: `您的${claimLabel(claim)}初审核定 ${formatFen(amount)} 元，超过 ${formatFen(secondReviewThresholdFen)} 元，正在由上级审核员复核。`,
        result: '复核中',
        detail: `初审核定 ${formatFen(amount)} 元`,
      })
      return { claimId: claim.id, status: 'second_review', approvedFen: amount, payoutFen: null, lines: engine.lines }
    }
    return payClaim(tx, caller, claim, engine, { decided: amount, amount, reason }, 'approved')
  })
}

/** The final approval: the payout, the claim approved with what was paid, the member told, in the caller's transaction. */
async function payClaim(
  tx: Queryable,
  caller: Caller,
  claim: ClaimRow,
  engine: PayoutComputation,
  money: { decided: number; amount: number; reason: string | null },
  kind: 'approved' | 'second_approved',
): Promise<ReviewOutcome> {
  const me = caller.userId
  const override = money.amount !== engine.payoutFen && money.reason !== null
  const payout = await applyPayout(tx, {
    enrolmentId: claim.enrolment_id,
    source: 'claim',
    sourceRef: String(claim.id),
    bill: billOf(claim),
    ...(override && money.reason !== null ? { overrideFen: money.amount, reason: money.reason } : {}),
  })
  const paid = payout.payoutFen
  await tx.query(
    `UPDATE aid_claim SET status = 'approved', approved_fen = $2, computed_fen = $3, computed_lines = $4, override_reason = $5,
            second_reviewer_id = CASE WHEN $6 THEN $7::int ELSE second_reviewer_id END, decided_at = now(), updated_at = now()
      WHERE id = $1`,
    [claim.id, paid, payout.computedFen, JSON.stringify(payout.lines), override ? money.reason : null, kind === 'second_approved', me],
  )
  const eventId = await addEvent(tx, claim.id, me, kind, 'approved', override ? money.reason : null, { payoutFen: paid, decidedFen: money.decided })
  const capped = paid < money.decided ? `（初审核定 ${formatFen(money.decided)} 元，按本年度剩余额度支付）` : ''
  await tellMember(tx, claim, eventId, {
    kind: 'aid_claim_approved',
    title: '互助申请已核准',
    body: `您的${claimLabel(claim)}已核准，互助金 ${formatFen(paid)} 元${capped}，将转入您的银行账户。`,
    result: '已核准',
    detail: `互助金 ${formatFen(paid)} 元`,
  })
  return { claimId: claim.id, status: 'approved', approvedFen: paid, payoutFen: paid, lines: payout.lines }
}

export async function rejectClaim({ db }: Deps, caller: Caller, input: { claimId: number; reason: string }): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, input.claimId, ['claim_reviewer'], true)
    const me = caller.userId
    if (claim.status === 'rejected' && (claim.reviewer_id === me || claim.second_reviewer_id === me)) return outcome(claim)
    let second = false
    if (claim.status === 'second_review') {
      if (claim.second_reviewer_id !== me) {
        if (claim.second_reviewer_id !== null) throw new AppError('AID_CLAIM_TAKEN')
        if (!mayReviewSecond(caller, claim, await firstReviewLevel(tx, claim.id))) throw new AppError('AID_SECOND_REVIEW_NOT_ALLOWED')
      }
      second = true
    } else if (!((claim.status === 'in_review' || claim.status === 'need_more') && claim.reviewer_id === me)) {
      throw holderError(claim)
    }
    await tx.query(
      `UPDATE aid_claim SET status = 'rejected', status_reason = $2, approved_fen = NULL, decided_at = now(), updated_at = now(),
              second_reviewer_id = CASE WHEN $3 THEN $4::int ELSE second_reviewer_id END
        WHERE id = $1`,
      [claim.id, input.reason, second, me],
    )
    const eventId = await addEvent(tx, claim.id, me, 'rejected', 'rejected', input.reason)
    await tellMember(tx, claim, eventId, {
      kind: 'aid_claim_rejected',
      title: '互助申请未通过',
      body: `您的${claimLabel(claim)}未通过审核：${sentence(input.reason)}`,
      result: '未通过',
      detail: input.reason,
    })
    return outcome({ ...claim, status: 'rejected', approved_fen: null })
  })
}

/**
 * Records the transfer made outside the app (aid_admin over the claimant's branch, never one of
 * the claim's reviewers: who decides does not also pay). Only the account's last four digits are
 * kept.
 */
export async function recordPayment(
  { db }: Deps,
  caller: Caller,
  input: { claimId: number; bankAccount: string; transferRef: string },
): Promise<ReviewOutcome> {
  return db.transaction(async (tx) => {
    const claim = await claimInScope(tx, caller, input.claimId, ['aid_admin'], true)
    const me = caller.userId
    if (claim.status === 'paid') {
      if (claim.payout_ref === input.transferRef) return outcome(claim, await claimPayout(tx, claim.id))
      throw new AppError('AID_CLAIM_STATE_CONFLICT', '该申请已登记支付')
    }
    if (claim.status !== 'approved') throw new AppError('AID_CLAIM_STATE_CONFLICT', '只有已核准的申请可以登记支付')
    if (claim.reviewer_id === me || claim.second_reviewer_id === me) throw new AppError('AID_SELF_REVIEW', '审核该申请的人员不能登记其支付')
    const payout = await claimPayout(tx, claim.id)
    if (!payout || payout.payoutFen === 0) throw new AppError('AID_CLAIM_STATE_CONFLICT', '该申请核准的互助金为 0 元，无需转账')
    const masked = `**** ${input.bankAccount.slice(-4)}`
    await tx.query(
      `UPDATE aid_claim SET status = 'paid', paid_at = now(), payout_ref = $2, bank_account_masked = $3, updated_at = now() WHERE id = $1`,
      [claim.id, input.transferRef, masked],
    )
    const eventId = await addEvent(tx, claim.id, me, 'paid', 'paid', null, { transferRef: input.transferRef, bankLast4: input.bankAccount.slice(-4) })
    await tellMember(tx, claim, eventId, {
      kind: 'aid_claim_paid',
      title: '互助金已支付',
      body: `您的${claimLabel(claim)}互助金 ${formatFen(payout.payoutFen)} 元已转入尾号 ${input.bankAccount.slice(-4)} 的银行账户，转账流水号 ${input.transferRef}。`,
      result: '已支付',
      detail: `互助金 ${formatFen(payout.payoutFen)} 元`,
    })
    return outcome({ ...claim, status: 'paid' }, payout)
  })
}

