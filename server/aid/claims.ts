/**
 * 医疗互助 manual claims, the member's side: the checks a claim must pass before anything is
 * written, submitting, 补充材料, withdrawing, and the claim as its claimant (or a reviewer) reads it.
 * The reviewer's side (server/aid/review.ts) moves claims on from 'submitted' with addClaimEvent.
 */
import { z } from 'zod'
import type { ClaimDetail, ClaimDocument, ClaimEvent, ClaimSummary, CoverageYear, HealthConsent, PayoutEstimate } from '../../src/shared/api'
import type { ParsedInput } from '../../src/shared/api'
import { billProblem, claimDocTypes, claimTypes, healthConsentVersion, hospitalDaysOf, missingDocuments, openClaimStatuses } from '../../src/shared/aid/claim-types'
import type { ClaimDocType, ClaimEventKind, ClaimStatus, ClaimType } from '../../src/shared/aid/claim-types'
import { computePayout } from '../../src/shared/aid/payout-engine'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles, storedFileColumns, toStoredFile } from '../files/attach'
import type { FileRow } from '../files/attach'
import { fileReadUrl } from '../files/read'
import { addDays, shanghaiDay } from '../points/calendar'
import { iso, isoOrNull } from '../sql'
import { coverageStateOn, ownEnrolment } from './coverage'

/** The file service's record name of a claim's documents. */
export function claimRecord(claimId: number): string {
  return `aid_claim:${claimId}`
}

function requireMember(caller: Caller): number {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  return caller.member.id
}

// ---- coverage checks -----------------------------------------------------------------------

/** The caller's own enrolment with its plan and year so far; someone else's reads as missing. */
async function ownCoverage(db: Queryable, memberId: number, enrolmentId: number): Promise<CoverageYear> {
  const coverage = await ownEnrolment(db, memberId, enrolmentId)
  if (!coverage) throw new AppError('AID_CLAIM_COVERAGE_NOT_FOUND')
  return coverage
}

type BillInput = ParsedInput<'aid', 'claimEstimate'>

/**
 * Everything a bill must satisfy against the coverage, in the order a member would fix it: the
 * bill itself, the coverage in force on the day of admission, past its observation period, the
 * filing window, a critical illness the plan lists. Throws the first problem; answers the
 * illness as the plan spells its code.
 */
function checkClaimable(coverage: CoverageYear, bill: BillInput, today: string): string | null {
  const problem = billProblem(bill, today)
  if (problem) throw new AppError(problem.code, problem.message)
  const period = `${coverage.startsOn} 至 ${coverage.endsOn}`
  switch (coverageStateOn(coverage, bill.admissionOn)) {
    case 'inactive':
      throw new AppError('AID_CLAIM_COVERAGE_LAPSED', coverage.status === 'pending_payment' ? '该保障尚未缴费生效，不能申请' : '该保障已取消，不能申请')
    case 'not_started':
    case 'lapsed':
      throw new AppError('AID_CLAIM_COVERAGE_LAPSED', `入院日期不在保障期（${period}）内，不能申请`)
    case 'observation':
      throw new AppError('AID_CLAIM_IN_OBSERVATION', `入院日期在观察期内：${coverage.observationEndsOn} 及以后入院的费用才可申请`)
    case 'covered':
      break
  }
  const windowDays = coverage.plan.filingWindowDays
  const lastDay = addDays(bill.dischargeOn, windowDays)
  if (today > lastDay) throw new AppError('AID_CLAIM_FILING_CLOSED', `须在出院后 ${windowDays} 天内（${lastDay} 前）提交申请，已超过期限`)
  if (bill.claimType !== 'critical_illness') return null
  const wanted = (bill.criticalIllnessCode ?? '').toUpperCase()
  const illness = coverage.plan.rules.criticalIllness.find((c) => c.code.toUpperCase() === wanted)
  if (!illness) throw new AppError('AID_CLAIM_ILLNESS_UNKNOWN')
  return illness.code
}

/** The engine over the bill and the coverage's year so far (unlocked: a figure to show; the payout is computed again under the lock). */
function estimateFor(coverage: CoverageYear, bill: BillInput, illnessCode: string | null): PayoutEstimate {
  const { payoutFen, deductibleFen, hospitalDays, lines, yearLeftFen } = computePayout(
    coverage.plan.rules,
    {
      eligibleFen: bill.eligibleFen,
      hospitalDays: bill.claimType === 'hospital' ? hospitalDaysOf(bill.admissionOn, bill.dischargeOn) : 0,
      criticalIllnessCode: illnessCode,
    },
    coverage.usage,
  )
  return { payoutFen, deductibleFen, hospitalDays, lines, yearLeftFen }
}

export async function claimEstimate({ db }: Deps, caller: Caller, input: BillInput, now = new Date()): Promise<PayoutEstimate> {
  const coverage = await ownCoverage(db, requireMember(caller), input.enrolmentId)
  return estimateFor(coverage, input, checkClaimable(coverage, input, shanghaiDay(now)))
}

// ---- consent -------------------------------------------------------------------------------

async function consentGivenAt(db: Queryable, memberId: number): Promise<Date | null> {
  const [row] = await db.query<{ given_at: Date }>(
    `SELECT given_at FROM aid_consent WHERE member_id = $1 AND kind = 'health_data' AND version = $2`,
    [memberId, healthConsentVersion],
  )
  return row?.given_at ?? null
}

export async function healthConsent({ db }: Deps, caller: Caller): Promise<HealthConsent> {
  const givenAt = await consentGivenAt(db, requireMember(caller))
  return { version: healthConsentVersion, givenAt: isoOrNull(givenAt) }
}

/** Records the consent to the current text; giving it again keeps the first record. */
export async function giveHealthConsent({ db }: Deps, caller: Caller, version: string): Promise<HealthConsent> {
  const memberId = requireMember(caller)
  if (version !== healthConsentVersion) throw new AppError('AID_HEALTH_CONSENT_OUTDATED')
  await db.query(
    `INSERT INTO aid_consent (member_id, kind, version) VALUES ($1, 'health_data', $2) ON CONFLICT ON CONSTRAINT aid_consent_once DO NOTHING`,
    [memberId, healthConsentVersion],
  )
  return { version: healthConsentVersion, givenAt: isoOrNull(await consentGivenAt(db, memberId)) }
}

// ---- reading claims ------------------------------------------------------------------------

interface ClaimRow {
  id: number
  enrolment_id: number
  member_id: number
  user_id: number
  branch_path: string
  plan_name: string
  claim_type: ClaimType
  status: ClaimStatus
  hospital: string
  admission_on: string
  discharge_on: string
  total_fen: number
  insurance_paid_fen: number
  self_paid_fen: number
  eligible_fen: number
  hospital_days: number | null
  critical_illness_code: string | null
  computed_fen: number
  computed_lines: string[]
  approved_fen: number | null
  override_reason: string | null
  status_reason: string | null
  document_round: number
  reviewer_id: number | null
  paid_at: Date | null
  payout_ref: string | null
  bank_account_masked: string | null
  submitted_at: Date
  updated_at: Date
}

const claimColumns = `c.id, c.enrolment_id, c.member_id, c.user_id, c.branch_path, p.name AS plan_name, c.claim_type, c.status, c.hospital,
  to_char(c.admission_on, 'YYYY-MM-DD') AS admission_on, to_char(c.discharge_on, 'YYYY-MM-DD') AS discharge_on,
  c.total_fen, c.insurance_paid_fen, c.self_paid_fen, c.eligible_fen, c.hospital_days, c.critical_illness_code,
  c.computed_fen, c.computed_lines, c.approved_fen, c.override_reason, c.status_reason, c.document_round, c.reviewer_id,
  c.paid_at, c.payout_ref, c.bank_account_masked, c.submitted_at, c.updated_at`

const claimFrom = `aid_claim c JOIN aid_enrolment e ON e.id = c.enrolment_id JOIN aid_plan p ON p.id = e.plan_id`

/** A claim row by id, optionally locked for a state change; null when there is none. */
export async function findClaim(db: Queryable, claimId: number, options: { lock?: boolean } = {}): Promise<ClaimRow | null> {
  const [row] = await db.query<ClaimRow>(
    `SELECT ${claimColumns} FROM ${claimFrom} WHERE c.id = $1${options.lock ? ' FOR UPDATE OF c' : ''}`,
    [claimId],
  )
  return row ?? null
}

/** The caller's own claim; anyone else's is told apart from a missing one by nothing. */
async function ownClaim(db: Queryable, caller: Caller, claimId: number, options: { lock?: boolean } = {}): Promise<ClaimRow> {
  const memberId = requireMember(caller)
  const row = await findClaim(db, claimId, options)
  if (!row || row.member_id !== memberId) throw new AppError('NOT_FOUND', '申请不存在或您无权查看')
  return row
}

function toSummary(row: ClaimRow): ClaimSummary {
  return {
    id: row.id,
    enrolmentId: row.enrolment_id,
    planName: row.plan_name,
    claimType: row.claim_type,
    status: row.status,
    hospital: row.hospital,
    admissionOn: row.admission_on,
    dischargeOn: row.discharge_on,
    totalFen: row.total_fen,
    eligibleFen: row.eligible_fen,
    computedFen: row.computed_fen,
    approvedFen: row.approved_fen,
    submittedAt: iso(row.submitted_at),
    updatedAt: iso(row.updated_at),
  }
}

interface DocumentRow extends FileRow {
  doc_type: ClaimDocType
  round: number
  added_at: Date
}

interface EventRow {
  id: number
  kind: ClaimEventKind
  status: ClaimStatus
  actor_user_id: number | null
  reason: string | null
  created_at: Date
}

/**
 * A claim with its documents until their retention ends (signed URLs through the file service,
 * which logs every staff read) and its timeline, as `caller` may see it: its claimant, or staff the caller's action let in.
 */
export async function claimDetail(deps: Deps, caller: Caller, row: ClaimRow): Promise<ClaimDetail> {
  const [docs, events] = await Promise.all([
    deps.db.query<DocumentRow>(
      `SELECT ${storedFileColumns.split(', ').map((c) => `f.${c}`).join(', ')}, d.doc_type, d.round, d.added_at
         FROM aid_claim_document d JOIN file f ON f.id = d.file_id
        WHERE d.claim_id = $1 AND (f.delete_after IS NULL OR f.delete_after > now())
        ORDER BY d.round, d.added_at, d.file_id`,
      [row.id],
    ),
    deps.db.query<EventRow>('SELECT id, kind, status, actor_user_id, reason, created_at FROM aid_claim_event WHERE claim_id = $1 ORDER BY id', [row.id]),
  ])
  const documents: ClaimDocument[] = []
  for (const doc of docs) {
    documents.push({ file: toStoredFile(doc), docType: doc.doc_type, round: doc.round, addedAt: iso(doc.added_at), read: await fileReadUrl(deps, caller, doc.id) })
  }
  return {
    ...toSummary(row),
    insurancePaidFen: row.insurance_paid_fen,
    selfPaidFen: row.self_paid_fen,
    hospitalDays: row.hospital_days,
    criticalIllnessCode: row.critical_illness_code,
    computedLines: row.computed_lines,
    overrideReason: row.override_reason,
    statusReason: row.status_reason,
    paidAt: isoOrNull(row.paid_at),
    payoutRef: row.payout_ref,
    bankAccountMasked: row.bank_account_masked,
    documents,
    events: events.map(
      (e): ClaimEvent => ({
        id: e.id,
        kind: e.kind,
        status: e.status,
        actor: e.actor_user_id === row.user_id ? 'member' : 'staff',
        reason: e.reason,
        at: iso(e.created_at),
      }),
    ),
  }
}

export async function ownClaimDetail(deps: Deps, caller: Caller, claimId: number): Promise<ClaimDetail> {
  return claimDetail(deps, caller, await ownClaim(deps.db, caller, claimId))
}

const claimCursor = z.object({ id: cursorId }).strict()

export async function myClaims({ db }: Deps, caller: Caller, input: { cursor?: string | null; limit: number }) {
  const memberId = requireMember(caller)
  const after = decodeCursor(input.cursor, claimCursor)
  const rows = await db.query<ClaimRow>(
    `SELECT ${claimColumns} FROM ${claimFrom}
      WHERE c.member_id = $1 AND ($2::int IS NULL OR c.id < $2::int)
      ORDER BY c.id DESC LIMIT $3`,
    [memberId, after?.id ?? null, input.limit + 1],
  )
  return pageOf(rows, input.limit, toSummary, (row) => ({ id: row.id }))
}

// ---- writing -------------------------------------------------------------------------------

/** Appends a timeline entry; the state change it reports is written by the same transaction. */
export async function addClaimEvent(
  db: Queryable,
  event: { claimId: number; actorUserId: number; kind: ClaimEventKind; status: ClaimStatus; reason?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db.query('INSERT INTO aid_claim_event (claim_id, actor_user_id, kind, status, reason, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    event.claimId,
    event.actorUserId,
    event.kind,
    event.status,
    event.reason ?? null,
    JSON.stringify(event.detail ?? {}),
  ])
}

/** Attaches the documents to the claim (the file service checks each is the caller's own claim_document) and lists them. */
async function addClaimDocuments(tx: Queryable, caller: Caller, claimId: number, round: number, documents: { fileId: number; docType: ClaimDocType }[]) {
  await attachFiles(
    tx,
    caller,
    documents.map((d) => d.fileId),
    { purpose: 'claim_document', record: claimRecord(claimId) },
  )
  await tx.query(
    `INSERT INTO aid_claim_document (claim_id, file_id, doc_type, round)
     SELECT $1, d.file_id, d.doc_type, $4 FROM unnest($2::int[], $3::text[]) AS d (file_id, doc_type)
     ON CONFLICT (claim_id, file_id) DO NOTHING`,
    [claimId, documents.map((d) => d.fileId), documents.map((d) => d.docType), round],
  )
}

type SubmitInput = ParsedInput<'aid', 'submitClaim'>

/**
 * Files a claim, once per request id: a retry answers the claim the first call made. Refusals
 * write nothing: the checks run first, and a document that fails the file service's checks
 * rolls the whole claim back.
 */
export async function submitClaim(deps: Deps, caller: Caller, input: SubmitInput, now = new Date()): Promise<{ claim: ClaimDetail; replayed: boolean }> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const memberId = member.id
  const previous = async () => {
    const [row] = await deps.db.query<{ id: number }>('SELECT id FROM aid_claim WHERE member_id = $1 AND request_id = $2', [memberId, input.requestId])
    return row ? { claim: await ownClaimDetail(deps, caller, row.id), replayed: true } : null
  }
  const replay = await previous()
  if (replay) return replay

  const coverage = await ownCoverage(deps.db, memberId, input.enrolmentId)
  const illnessCode = checkClaimable(coverage, input, shanghaiDay(now))
  const missing = missingDocuments(input.claimType, input.documents.map((d) => d.docType))
  if (missing.length) throw new AppError('AID_CLAIM_DOCUMENTS_MISSING', `${claimTypes[input.claimType].label}申请还需上传：${missing.join('、')}`)
  if (!(await consentGivenAt(deps.db, memberId))) throw new AppError('AID_HEALTH_CONSENT_REQUIRED')
  const estimate = estimateFor(coverage, input, illnessCode)

  const claimId = await deps.db.transaction(async (tx) => {
    // One live claim per stay (same coverage, admission day and hospital) unless the first was
    // rejected or withdrawn, and one per request id. The member's lock makes check and insert one
    // step for concurrent submits (a member files a claim now and then: nothing waits on it).
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`aid-claim:${memberId}`])
    const [sameStay] = await tx.query<{ request_id: string }>(
      `SELECT request_id FROM aid_claim
        WHERE member_id = $1 AND (request_id = $2 OR (enrolment_id = $3 AND admission_on = $4 AND hospital = $5 AND status NOT IN ('rejected', 'withdrawn')))
        ORDER BY request_id = $2 DESC LIMIT 1`,
      [memberId, input.requestId, coverage.enrolmentId, input.admissionOn, input.hospital],
    )
    // This request, filed meanwhile by a concurrent retry: that claim is the answer.
    if (sameStay?.request_id === input.requestId) return null
    if (sameStay) {
      throw new AppError('AID_CLAIM_DUPLICATE', `${input.admissionOn} 在「${input.hospital}」的就诊已经申请过互助金，请在「我的互助申请」中查看`)
    }
    const [created] = await tx.query<{ id: number }>(
      `INSERT INTO aid_claim (enrolment_id, member_id, user_id, branch_id, branch_path, claim_type, status, request_id, hospital,
                              admission_on, discharge_on, total_fen, insurance_paid_fen, self_paid_fen, eligible_fen,
                              hospital_days, critical_illness_code, computed_fen, computed_lines, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now())
       RETURNING id`,
      [
        coverage.enrolmentId,
        memberId,
        caller.userId,
        member.branchId,
        member.branchPath,
        input.claimType,
        input.requestId,
        input.hospital,
        input.admissionOn,
        input.dischargeOn,
        input.totalFen,
        input.insurancePaidFen,
        input.selfPaidFen,
        input.eligibleFen,
        input.claimType === 'hospital' ? hospitalDaysOf(input.admissionOn, input.dischargeOn) : null,
        illnessCode,
        estimate.payoutFen,
        JSON.stringify(estimate.lines),
      ],
    )
    await addClaimDocuments(tx, caller, created.id, 0, input.documents)
    await addClaimEvent(tx, { claimId: created.id, actorUserId: caller.userId, kind: 'submitted', status: 'submitted' })
    return created.id
  })
  if (claimId === null) {
    const raced = await previous()
    if (!raced) throw new Error('aid_claim: the request was filed, yet its claim is gone')
    return raced
  }
  return { claim: await ownClaimDetail(deps, caller, claimId), replayed: false }
}

/**
 * 补充材料: only while the claim waits for them. The claim goes back to the reviewer who asked
 * (reviewer_id stays), as in_review. A retry of an upload already taken answers the claim as it is.
 */
export async function addDocuments(deps: Deps, caller: Caller, input: ParsedInput<'aid', 'addDocuments'>): Promise<{ claim: ClaimDetail }> {
  await deps.db.transaction(async (tx) => {
    const row = await ownClaim(tx, caller, input.id, { lock: true })
    const [attached] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM aid_claim_document WHERE claim_id = $1 AND file_id = ANY($2::int[])', [
      row.id,
      input.documents.map((d) => d.fileId),
    ])
    const nothingNew = attached.n === input.documents.length
    if (row.status !== 'need_more') {
      // A retry of the upload that already answered the request.
      if (nothingNew) return
      throw new AppError('AID_CLAIM_STATE_CONFLICT', `该申请${row.status === 'withdrawn' ? '已撤回' : '当前不需要补充材料'}`)
    }
    // An earlier round's upload replayed after the reviewer asked again answers nothing.
    if (nothingNew) throw new AppError('AID_CLAIM_DOCUMENTS_MISSING', '这些材料已经提交过，请上传审核员要求补充的材料')
    const round = row.document_round + 1
    await addClaimDocuments(tx, caller, row.id, round, input.documents)
    await tx.query(`UPDATE aid_claim SET status = 'in_review', document_round = $2, updated_at = now() WHERE id = $1`, [row.id, round])
    await addClaimEvent(tx, {
      claimId: row.id,
      actorUserId: caller.userId,
      kind: 'documents_added',
      status: 'in_review',
      reason: input.note ?? null,
      detail: { round, files: input.documents.length, types: [...new Set(input.documents.map((d) => claimDocTypes[d.docType]))] },
    })
  })
  return { claim: await ownClaimDetail(deps, caller, input.id) }
}

/** Before a decision only; the documents are then kept 30 days (migration 0016's retention trigger). Withdrawing twice answers the same. */
export async function withdrawClaim(deps: Deps, caller: Caller, claimId: number): Promise<{ claim: ClaimDetail }> {
  await deps.db.transaction(async (tx) => {
    const row = await ownClaim(tx, caller, claimId, { lock: true })
    if (row.status === 'withdrawn') return
    if (!openClaimStatuses.includes(row.status)) throw new AppError('AID_CLAIM_STATE_CONFLICT', '该申请已有审核结果，不能撤回')
    await tx.query(`UPDATE aid_claim SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [row.id])
    await addClaimEvent(tx, { claimId: row.id, actorUserId: caller.userId, kind: 'withdrawn', status: 'withdrawn' })
  })
  return { claim: await ownClaimDetail(deps, caller, claimId) }
}
