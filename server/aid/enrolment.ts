import type {
  BranchRef,
  EnrolBatch,
  EnrolOption,
  EnrolPlanRef,
  EnrolPreview,
  EnrolSubmitResult,
  Participation,
  SheetRowError,
} from '../../src/shared/api'
import { maxPreviewErrors } from '../../src/shared/aid/enrol-sheet'
import type { EnrolOutputs } from '../../src/shared/api/aid-enrolment'
import type { Page } from '../../src/shared/errors'
import { formatBp } from '../../src/shared/aid/money'
import { normalizePersonName } from '../../src/shared/person-name'
import { routes } from '../../src/routes'
import type { Deps } from '../action'
import { requireMember } from '../caller'
import type { Caller } from '../caller'
import { cursorId, decodeCursor, pageOf } from '../cursor'
import type { Queryable } from '../db'
import { AppError, isUniqueViolation } from '../errors'
import { fileStoreOf } from '../files/storage'
import { notifySql } from '../notify'
import { shanghaiDay } from '../points/calendar'
import { covers, findBranch, inSubtreesSql, pathCovers, scopePaths } from '../scope'
import type { BranchRow } from '../scope'
import { audit, branchRefSql, iso, isoOrNull } from '../sql'
import { hashIdNumber } from '../tokens'
import { createEnrolments } from './coverage'
import { loadPlan, planSelect } from './plans'
import type { PlanRow } from './plans'
import { readEnrolSheet } from './enrol-sheet'
import type { SheetRow } from './enrol-sheet'

/** Who may send an enterprise's sheet: its union's admins and aid_admins, or those of a branch above. */
const sheetRoles = ['admin', 'aid_admin'] as const

function planRef(plan: PlanRow): EnrolPlanRef {
  return { id: plan.id, name: plan.name, coverageYear: plan.coverage_year, contributionFen: plan.contribution_fen }
}

/** A plan members of `path` may enrol in now: open, and `path` inside its eligible subtree. */
async function enrollingPlan(db: Queryable, planId: number, path: string): Promise<PlanRow> {
  const plan = await loadPlan(db, planId)
  if (!plan) throw new AppError('NOT_FOUND', '互助计划不存在')
  if (plan.status !== 'open') throw new AppError('AID_PLAN_NOT_ENROLLING', `「${plan.name}」${plan.status === 'draft' ? '尚未开放参保' : '已停止参保'}`)
  if (!pathCovers(plan.eligible_path, path)) {
    throw new AppError('AID_NOT_ELIGIBLE', `「${plan.name}」只面向「${plan.eligible_branch.name}」及其下级组织的会员`)
  }
  return plan
}

function canSendSheet(caller: Caller, path: string): boolean {
  return sheetRoles.some((role) => covers(caller, role, path))
}

async function sheetBranch(db: Queryable, caller: Caller, branchId: number): Promise<BranchRow> {
  const branch = await findBranch(db, branchId)
  if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
  if (!canSendSheet(caller, branch.path)) throw new AppError('OUT_OF_SCOPE', `「${branch.name}」不在您可管理的组织范围内`)
  return branch
}

interface SheetFileRow {
  owner_user_id: number
  purpose: string
  status: string
  blob_ref: string | null
  record: string | null
}

/** The caller's own uploaded sheet, as stored. */
async function sheetBytes({ db, env }: Deps, caller: Caller, fileId: number): Promise<Buffer> {
  const [file] = await db.query<SheetFileRow>('SELECT owner_user_id, purpose, status, blob_ref, record FROM file WHERE id = $1', [fileId])
  if (!file || file.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
  if (file.purpose !== 'aid_sheet') throw new AppError('FILE_WRONG_PURPOSE', '请上传参保名单表格（.xlsx）')
  if (file.status !== 'ready' || !file.blob_ref) throw new AppError('FILE_NOT_READY')
  if (file.record !== null) throw new AppError('FILE_IN_USE', '该名单已提交过，请重新上传')
  return fileStoreOf(env).get(file.blob_ref)
}

function maskIdNumber(idNumber: string | null): string | null {
  return idNumber ? `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}` : null
}

/**
 * SQL: the member has an enrolment (pending payment or active) in a plan of the coverage year:
 * one per member and year, whichever plan or version (createEnrolments skips the others).
 */
function enrolledThisYear(memberId: string, year: string): string {
  return `SELECT 1 FROM aid_enrolment e JOIN aid_plan ep ON ep.id = e.plan_id
           WHERE e.member_id = ${memberId} AND ep.coverage_year = ${year} AND e.status <> 'cancelled'`
}

interface MatchRow {
  id_hash: string
  member_id: number
  branch_id: number
  name: string
  path: string
  enrolled: boolean
}

/** A row that will be enrolled. */
interface Accepted {
  row: number
  memberId: number
  branchId: number
}

interface Evaluation {
  plan: PlanRow
  branch: BranchRow
  rows: number
  accepted: Accepted[]
  errors: SheetRowError[]
  participation: Participation
}

/**
 * Every check a sheet passes, row by row, against the database as it is now: the sheet's own
 * problems, then duplicates (the first occurrence wins), then the member the keyed ID hash names,
 * whether the name matches, whether they belong to the branch's subtree and whether they are
 * already enrolled this coverage year. Then the participation rule over the branch's subtree.
 */
async function evaluate(deps: Deps, db: Queryable, caller: Caller, input: { planId: number; branchId: number }, sheet: SheetRow[]): Promise<Evaluation> {
  const branch = await sheetBranch(db, caller, input.branchId)
  const plan = await enrollingPlan(db, input.planId, branch.path)
  const hashes = new Map<string, string>()
  for (const row of sheet) if (row.idNumber && !hashes.has(row.idNumber)) hashes.set(row.idNumber, hashIdNumber(deps.env.idHashKey, row.idNumber))
  const matches = await db.query<MatchRow>(
    `SELECT m.id_hash, m.id AS member_id, m.branch_id, m.name, b.path,
            EXISTS (${enrolledThisYear('m.id', '$2')}) AS enrolled
       FROM member m JOIN branch b ON b.id = m.branch_id
      WHERE m.id_hash = ANY($1::text[])`,
    [[...hashes.values()], plan.coverage_year],
  )
  const byHash = new Map(matches.map((m) => [m.id_hash, m]))
  const firstRow = new Map<string, number>()
  const accepted: Accepted[] = []
  const errors: SheetRowError[] = []
  const refuse = (row: SheetRow, code: SheetRowError['code'], message: string) =>
    errors.push({ row: row.row, name: row.name, maskedIdNumber: maskIdNumber(row.idNumber), code, message })
  for (const row of sheet) {
    if (row.problem) {
      refuse(row, row.problem.code, row.problem.message)
      continue
    }
    const first = firstRow.get(row.idNumber)
    if (first !== undefined) {
      refuse(row, 'duplicate', `与第 ${first} 行的身份证号重复`)
      continue
    }
    firstRow.set(row.idNumber, row.row)
    const member = byHash.get(hashes.get(row.idNumber) as string)
    if (!member) refuse(row, 'unknown_id', '未找到该身份证号对应的会员，请先办理入会')
    else if (normalizePersonName(member.name) !== normalizePersonName(row.name)) refuse(row, 'name_mismatch', '姓名与该身份证号登记的会员姓名不一致')
    else if (!pathCovers(branch.path, member.path)) refuse(row, 'not_in_branch', `该会员不属于「${branch.name}」`)
    else if (member.enrolled) refuse(row, 'already_enrolled', `该会员已参加 ${plan.coverage_year} 年度的医疗互助`)
    else accepted.push({ row: row.row, memberId: member.member_id, branchId: member.branch_id })
  }
  const [counts] = await db.query<{ members: number; enrolled: number }>(
    `SELECT (SELECT count(*)::int FROM member m JOIN branch b ON b.id = m.branch_id WHERE ${inSubtreesSql('b.path', '$1')}) AS members,
            (SELECT count(*)::int FROM member m JOIN branch b ON b.id = m.branch_id
              WHERE ${inSubtreesSql('b.path', '$1')} AND EXISTS (${enrolledThisYear('m.id', '$2')})) AS enrolled`,
    [[branch.path], plan.coverage_year],
  )
  const covered = counts.enrolled + accepted.length
  // Integer basis points, rounded down: 79.99% never passes as 80%.
  const ratioBp = counts.members ? Math.floor((covered * 10_000) / counts.members) : 0
  const minBp = plan.participation_min_bp
  return {
    plan,
    branch,
    rows: sheet.length,
    accepted,
    errors,
    participation: { members: counts.members, enrolled: counts.enrolled, accepted: accepted.length, ratioBp, minBp, ok: minBp === null || ratioBp >= minBp },
  }
}

function branchRef(branch: BranchRow): BranchRef {
  return { id: branch.id, name: branch.name, fullName: branch.full_name, level: branch.level }
}

function toPreview(e: Evaluation): EnrolPreview {
  return {
    plan: planRef(e.plan),
    branch: branchRef(e.branch),
    rows: e.rows,
    accepted: e.accepted.length,
    errorCount: e.errors.length,
    errors: e.errors.slice(0, maxPreviewErrors),
    totalFen: e.accepted.length * e.plan.contribution_fen,
    participation: e.participation,
  }
}

/** Open plans whose eligible subtree holds the branch, newest year first. */
export async function enrolPlans({ db }: Deps, caller: Caller, input: { branchId: number }): Promise<EnrolOutputs['enrolPlans']> {
  const branch = await sheetBranch(db, caller, input.branchId)
  const rows = await db.query<PlanRow>(
    `${planSelect} WHERE p.status = 'open' AND $1::text >= b.path COLLATE "C" AND $1::text < (b.path || '~') COLLATE "C"
      ORDER BY p.coverage_year DESC, p.id DESC`,
    [branch.path],
  )
  return rows.map((r) => ({ ...planRef(r), participationMinBp: r.participation_min_bp }))
}

export async function previewSheet(deps: Deps, caller: Caller, input: { planId: number; branchId: number; fileId: number }): Promise<EnrolPreview> {
  // Scope and plan first: nobody learns anything from a sheet they may not send.
  const branch = await sheetBranch(deps.db, caller, input.branchId)
  await enrollingPlan(deps.db, input.planId, branch.path)
  const sheet = await readEnrolSheet(await sheetBytes(deps, caller, input.fileId))
  return toPreview(await evaluate(deps, deps.db, caller, input, sheet))
}

interface BatchRow {
  id: number
  kind: 'sheet' | 'individual'
  plan: EnrolPlanRef
  branch: BranchRef
  branch_path: string
  accepted_count: number
  total_fen: string | number
  status: EnrolBatch['status']
  submitted_by: number
  submitter: string
  created_at: Date
  payment_ref: string | null
  confirmed_at: Date | null
}

const batchSelect = `SELECT x.id, x.kind, x.accepted_count, x.total_fen, x.status, x.submitted_by, x.created_at, x.payment_ref, x.confirmed_at,
         json_build_object('id', p.id, 'name', p.name, 'coverageYear', p.coverage_year, 'contributionFen', x.contribution_fen) AS plan,
         ${branchRefSql('b')} AS branch, b.path AS branch_path, COALESCE(sm.name, su.nickname) AS submitter
    FROM aid_enrol_batch x
    JOIN aid_plan p ON p.id = x.plan_id
    JOIN branch b ON b.id = x.branch_id
    JOIN app_user su ON su.id = x.submitted_by
    LEFT JOIN member sm ON sm.user_id = su.id`

/** An aid_admin strictly above the branch, who did not submit the batch: the one who confirms its payment. */
function mayConfirm(caller: Caller, row: { branch_path: string; submitted_by: number }): boolean {
  return row.submitted_by !== caller.userId && scopePaths(caller, 'aid_admin').some((p) => p !== row.branch_path && pathCovers(p, row.branch_path))
}

function toBatch(caller: Caller, row: BatchRow): EnrolBatch {
  return {
    id: row.id,
    kind: row.kind,
    plan: row.plan,
    branch: row.branch,
    accepted: row.accepted_count,
    totalFen: Number(row.total_fen),
    status: row.status,
    submittedBy: row.submitter,
    submittedAt: iso(row.created_at),
    paymentRef: row.payment_ref,
    confirmedAt: isoOrNull(row.confirmed_at),
    canConfirm: row.status === 'pending_payment' && mayConfirm(caller, row),
  }
}

async function batchById(db: Queryable, id: number): Promise<BatchRow | null> {
  const [row] = await db.query<BatchRow>(`${batchSelect} WHERE x.id = $1`, [id])
  return row ?? null
}

async function replayedBatch(db: Queryable, caller: Caller, requestId: string): Promise<EnrolSubmitResult | null> {
  const [row] = await db.query<BatchRow>(`${batchSelect} WHERE x.submitted_by = $1 AND x.request_id = $2`, [caller.userId, requestId])
  return row ? { batch: toBatch(caller, row), replayed: true } : null
}

/**
 * One batch and its enrolments, pending payment, in the caller's transaction. Enrolments of one
 * plan and branch are serialised by an advisory lock, so two sheets of the same enterprise sent at
 * once are counted against each other (duplicates and participation); UNIQUE (plan_id, member_id)
 * stands behind it.
 */
async function writeBatch(
  tx: Queryable,
  caller: Caller,
  batch: { plan: PlanRow; branchId: number; kind: 'sheet' | 'individual'; fileId: number | null; rows: number; accepted: Accepted[]; requestId: string },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO aid_enrol_batch (plan_id, branch_id, kind, file_id, row_count, accepted_count, contribution_fen, total_fen, submitted_by, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      batch.plan.id,
      batch.branchId,
      batch.kind,
      batch.fileId,
      batch.rows,
      batch.accepted.length,
      batch.plan.contribution_fen,
      batch.accepted.length * batch.plan.contribution_fen,
      caller.userId,
      batch.requestId,
    ],
  )
  const created = await createEnrolments(
    tx,
    batch.plan,
    batch.accepted.map((a) => ({ memberId: a.memberId, branchId: a.branchId, source: batch.kind === 'sheet' ? 'batch' : 'individual', batchId: row.id, status: 'pending_payment' })),
  )
  // Skipped rows were enrolled by someone else since they were checked (another plan's sheet): nothing is kept.
  if (created.length !== batch.accepted.length) throw new AppError('AID_ALREADY_ENROLLED', '名单中有会员刚刚已参保，请重新预览后提交')
  return row.id
}

async function lockPlanBranch(tx: Queryable, planId: number, branchId: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`aid-enrol:${planId}:${branchId}`])
}

export async function submitSheet(
  deps: Deps,
  caller: Caller,
  input: { planId: number; branchId: number; fileId: number; requestId: string },
): Promise<EnrolSubmitResult> {
  const replay = await replayedBatch(deps.db, caller, input.requestId)
  if (replay) return replay
  const branch = await sheetBranch(deps.db, caller, input.branchId)
  await enrollingPlan(deps.db, input.planId, branch.path)
  // Read before the transaction: parsing a long sheet holds no lock.
  const sheet = await readEnrolSheet(await sheetBytes(deps, caller, input.fileId))
  try {
    const done = await deps.db.transaction(async (tx) => {
      await lockPlanBranch(tx, input.planId, input.branchId)
      // The same request sent twice at once: the second waited on the lock and finds the first's batch.
      const replayed = await replayedBatch(tx, caller, input.requestId)
      if (replayed) return replayed
      const e = await evaluate(deps, tx, caller, input, sheet)
      if (!e.accepted.length) throw new AppError('AID_NOTHING_TO_ENROL', `名单中没有可以参保的人员（${e.errors.length} 行有误），请修改后重新上传`)
      if (!e.participation.ok) {
        throw new AppError(
          'AID_PARTICIPATION_LOW',
          `参保率 ${formatBp(e.participation.ratioBp)} 未达到「${e.plan.name}」要求的 ${formatBp(e.participation.minBp ?? 0)}（${e.participation.enrolled + e.participation.accepted}/${e.participation.members} 人）`,
        )
      }
      const [file] = await tx.query<{ record: string | null }>('SELECT record FROM file WHERE id = $1 FOR UPDATE', [input.fileId])
      if (file.record !== null) throw new AppError('FILE_IN_USE', '该名单已提交过，请重新上传')
      const batchId = await writeBatch(tx, caller, { plan: e.plan, branchId: branch.id, kind: 'sheet', fileId: input.fileId, rows: e.rows, accepted: e.accepted, requestId: input.requestId })
      await tx.query('UPDATE file SET record = $2, delete_after = NULL WHERE id = $1', [input.fileId, `aid_enrol_batch:${batchId}`])
      await audit(tx, { actor: caller.userId, action: 'aid.enrol_sheet', targetType: 'aid_enrol_batch', targetIds: [batchId], detail: { rows: e.rows, accepted: e.accepted.length, errors: e.errors.length } })
      return batchId
    })
    if (typeof done !== 'number') return done
    return { batch: toBatch(caller, (await batchById(deps.db, done)) as BatchRow), replayed: false }
  } catch (error) {
    // Two first attempts with one request id on different branches: the loser finds the winner's batch.
    if (isUniqueViolation(error, 'aid_enrol_batch_submitted_by_request_id_key')) {
      const again = await replayedBatch(deps.db, caller, input.requestId)
      if (again) return again
    }
    throw error
  }
}

export async function listBatches(
  { db }: Deps,
  caller: Caller,
  input: { awaitingMe: boolean; cursor?: string | null; limit: number },
): Promise<Page<EnrolBatch>> {
  const after = decodeCursor(input.cursor, cursorId)
  // Awaiting me: strictly below one of my aid_admin grants (a path longer than the grant's), not submitted by me.
  const rows = input.awaitingMe
    ? await db.query<BatchRow>(
        `${batchSelect}
          WHERE x.status = 'pending_payment' AND x.submitted_by <> $4
            AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS scope(p) WHERE b.path > scope.p COLLATE "C" AND b.path < (scope.p || '~') COLLATE "C")
            AND ($2::int IS NULL OR x.id < $2)
          ORDER BY x.id DESC LIMIT $3`,
        [scopePaths(caller, 'aid_admin'), after, input.limit + 1, caller.userId],
      )
    : await db.query<BatchRow>(
        `${batchSelect} WHERE ${inSubtreesSql('b.path', '$1')} AND ($2::int IS NULL OR x.id < $2) ORDER BY x.id DESC LIMIT $3`,
        [sheetRoles.flatMap((role) => scopePaths(caller, role)), after, input.limit + 1],
      )
  return pageOf(rows, input.limit, (r) => toBatch(caller, r), (r) => r.id)
}

/**
 * Records the payment of a batch: its enrolments become active from the confirmation day or the
 * start of the plan's year, whichever is later, with the observation period moved along (a
 * renewal, created with none, keeps none). Each member gets a message, written by one statement
 * for the whole batch. Confirming again with the same reference answers the same.
 */
export async function confirmPayment(
  { db }: Deps,
  caller: Caller,
  input: { batchId: number; paymentRef: string },
  now = new Date(),
): Promise<{ batch: EnrolBatch; replayed: boolean }> {
  const replayed = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: EnrolBatch['status']; submitted_by: number; payment_ref: string | null; branch_path: string; plan_year: number; plan_name: string }>(
      `SELECT x.status, x.submitted_by, x.payment_ref, b.path AS branch_path, p.coverage_year AS plan_year, p.name AS plan_name
         FROM aid_enrol_batch x JOIN branch b ON b.id = x.branch_id JOIN aid_plan p ON p.id = x.plan_id
        WHERE x.id = $1 FOR UPDATE OF x`,
      [input.batchId],
    )
    if (!row) throw new AppError('NOT_FOUND', '参保批次不存在')
    if (!covers(caller, 'aid_admin', row.branch_path)) throw new AppError('NOT_FOUND', '参保批次不存在')
    if (row.submitted_by === caller.userId) throw new AppError('AID_CONFIRM_OWN_BATCH')
    if (!mayConfirm(caller, row)) throw new AppError('OUT_OF_SCOPE', '参保缴费须由上级工会的互助管理员确认')
    if (row.status === 'confirmed') {
      if (row.payment_ref === input.paymentRef) return true
      throw new AppError('AID_BATCH_NOT_PENDING', `该批次已确认缴费（凭证号 ${row.payment_ref}）`)
    }
    const today = shanghaiDay(now)
    const yearStart = `${row.plan_year}-01-01`
    const startsOn = today > yearStart ? today : yearStart
    await tx.query(
      `UPDATE aid_enrol_batch SET status = 'confirmed', payment_ref = $2, confirmed_by = $3, confirmed_at = $4 WHERE id = $1`,
      [input.batchId, input.paymentRef, caller.userId, now],
    )
    await tx.query(
      `WITH activated AS (
         UPDATE aid_enrolment e
            SET status = 'active', starts_on = $2::date, observation_ends_on = $2::date + (e.observation_ends_on - e.starts_on)
          WHERE e.batch_id = $1 AND e.status = 'pending_payment'
          RETURNING e.id, e.member_id, e.observation_ends_on
       ), ${notifySql('told', 'activated a JOIN member m ON m.id = a.member_id WHERE m.user_id IS NOT NULL', {
         userId: 'm.user_id',
         kind: 'aid_enrolled',
         source: `'aid_enrolment:' || a.id`,
         title: `'参保成功'`,
         body: `'您已参加「' || $3::text || '」，保障自 ' || $2::text || ' 起生效' || CASE WHEN a.observation_ends_on > $2::date THEN '，观察期至 ' || to_char(a.observation_ends_on, 'YYYY-MM-DD') ELSE '' END || '。'`,
         link: `'${routes.aidCoverage}'`,
         payload: `json_build_object('planName', $3::text, 'startsOn', $2::text)::jsonb`,
       })}
       SELECT count(*)::int AS n FROM activated`,
      [input.batchId, startsOn, row.plan_name],
    )
    await audit(tx, { actor: caller.userId, action: 'aid.confirm_payment', targetType: 'aid_enrol_batch', targetIds: [input.batchId], detail: { paymentRef: input.paymentRef } })
    return false
  })
  return { batch: toBatch(caller, (await batchById(db, input.batchId)) as BatchRow), replayed }
}

interface OptionRow extends PlanRow {
  enrolment: EnrolOption['enrolment']
}

const optionSelect = planSelect.replace(
  'FROM aid_plan p',
  `, (SELECT json_build_object('id', e.id, 'status', e.status, 'startsOn', e.starts_on::text,
                               'observationEndsOn', e.observation_ends_on::text, 'endsOn', e.ends_on::text)
        FROM aid_enrolment e WHERE e.plan_id = p.id AND e.member_id = $1) AS enrolment
    FROM aid_plan p`,
)

/** Open plans that take members alone and whose eligible subtree holds the member, with the member's enrolment in each. */
export async function enrolOptions({ db }: Deps, caller: Caller): Promise<EnrolOption[]> {
  const member = requireMember(caller)
  const rows = await db.query<OptionRow>(
    `${optionSelect}
      WHERE p.status = 'open' AND p.individual_enrolment AND $2::text >= b.path COLLATE "C" AND $2::text < (b.path || '~') COLLATE "C"
      ORDER BY p.coverage_year DESC, p.id DESC`,
    [member.id, member.branchPath],
  )
  return rows.map((r) => ({ plan: { ...planRef(r), observationDays: r.rules.observationDays, eligibleBranch: r.eligible_branch }, enrolment: r.enrolment }))
}

/** A member enrols alone: a batch of one awaiting payment, which the union confirms like any other. */
export async function enrolSelf(deps: Deps, caller: Caller, input: { planId: number; requestId: string }): Promise<EnrolSubmitResult> {
  const member = requireMember(caller)
  const replay = await replayedBatch(deps.db, caller, input.requestId)
  if (replay) return replay
  try {
    const id = await deps.db.transaction(async (tx) => {
      const plan = await enrollingPlan(tx, input.planId, member.branchPath)
      if (!plan.individual_enrolment) throw new AppError('AID_INDIVIDUAL_NOT_ALLOWED')
      await lockPlanBranch(tx, plan.id, member.branchId)
      const [existing] = await tx.query<{ status: string }>(
        `SELECT e.status FROM aid_enrolment e JOIN aid_plan ep ON ep.id = e.plan_id
          WHERE e.member_id = $1 AND ep.coverage_year = $2 AND e.status <> 'cancelled'`,
        [member.id, plan.coverage_year],
      )
      if (existing) {
        const year = `${plan.coverage_year} 年度的医疗互助`
        throw new AppError('AID_ALREADY_ENROLLED', existing.status === 'active' ? `您已参加${year}` : `您已申请参加${year}，等待工会确认缴费`)
      }
      const batchId = await writeBatch(tx, caller, {
        plan,
        branchId: member.branchId,
        kind: 'individual',
        fileId: null,
        rows: 1,
        accepted: [{ row: 1, memberId: member.id, branchId: member.branchId }],
        requestId: input.requestId,
      })
      return batchId
    })
    return { batch: toBatch(caller, (await batchById(deps.db, id)) as BatchRow), replayed: false }
  } catch (error) {
    if (isUniqueViolation(error, 'aid_enrol_batch_submitted_by_request_id_key')) {
      const again = await replayedBatch(deps.db, caller, input.requestId)
      if (again) return again
    }
    throw error
  }
}
