import { createHash } from 'node:crypto'
import type { SettlementImport, SettlementOutcome, SettlementRowView } from '../../src/shared/api'
import { formatFen, maxFen } from '../../src/shared/aid/money'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { attachFiles } from '../files/attach'
import { notify } from '../notify'
import { fileStoreOf } from '../files/storage'
import { covers, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import { audit, branchRefSql, iso, isoOrNull } from '../sql'
import { hashIdNumber } from '../tokens'
import { applyPayout } from './payout'
import { applySettlementPayouts, lockYearUsage, settledMessage, settlementBill } from './settlement-payouts'
import type { SettlementPayoutRow } from './settlement-payouts'
import { countSettlementRows, readSettlementFile, settlementFileKind } from './settlement-file'
import type { ParsedRow, SettlementFileKind, SettlementRow } from './settlement-file'

/**
 * Rows per transaction: one matching query, one lock of the batch's yearly counters, one insert
 * of each kind. Large enough that the round trips vanish, small enough that the first errors show
 * within a second and a batch holds its locks briefly.
 */
export const settlementBatchRows = 2_000
/** How long a worker may hold an import without moving it before another may take over. */
const leaseSeconds = 120

interface ImportRow {
  id: number
  branch_id: number
  file_id: number
  file_name: string
  file_kind: SettlementFileKind
  created_by: number
  status: SettlementImport['status']
  error: string | null
  total_rows: number
  next_line: number
  processed_rows: number
  paid_rows: number
  paid_fen: number
  flagged_rows: number
  duplicate_rows: number
  unmatched_rows: number
  bad_rows: number
  created_at: Date
  finished_at: Date | null
}

const importView = `SELECT i.id, i.file_name, i.status, i.error, i.total_rows, i.processed_rows, i.paid_rows, i.paid_fen, i.flagged_rows,
         i.duplicate_rows, i.unmatched_rows, i.bad_rows, i.created_at, i.finished_at, b.path AS branch_path,
         ${branchRefSql('b')} AS branch, COALESCE(m.name, u.nickname) AS created_by_name
    FROM aid_settlement_import i
    JOIN branch b ON b.id = i.branch_id
    JOIN app_user u ON u.id = i.created_by
    LEFT JOIN member m ON m.user_id = i.created_by`

interface ImportViewRow extends Omit<ImportRow, 'branch_id' | 'file_id' | 'file_kind' | 'created_by' | 'next_line'> {
  branch_path: string
  branch: SettlementImport['branch']
  created_by_name: string
}

export function toImport(row: ImportViewRow): SettlementImport {
  return {
    id: row.id,
    branch: row.branch,
    fileName: row.file_name,
    status: row.status,
    error: row.error,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    paidRows: row.paid_rows,
    paidFen: Number(row.paid_fen),
    flaggedRows: row.flagged_rows,
    duplicateRows: row.duplicate_rows,
    unmatchedRows: row.unmatched_rows,
    badRows: row.bad_rows,
    createdBy: row.created_by_name,
    createdAt: iso(row.created_at),
    finishedAt: isoOrNull(row.finished_at),
  }
}

/** An import the caller may see: aid_admin at its branch or above. Anything else reads as not found. */
export async function settlementImportFor(db: Queryable, caller: Caller, id: number): Promise<SettlementImport> {
  const [row] = await db.query<ImportViewRow>(`${importView} WHERE i.id = $1`, [id])
  if (!row || !covers(caller, 'aid_admin', row.branch_path)) throw new AppError('NOT_FOUND', '导入记录不存在')
  return toImport(row)
}

export async function listSettlementImports(db: Queryable, caller: Caller, after: number | null, limit: number): Promise<ImportViewRow[]> {
  return db.query<ImportViewRow>(
    `${importView} WHERE ${inSubtreesSql('b.path', '$1')} AND ($2::int IS NULL OR i.id < $2) ORDER BY i.id DESC LIMIT $3`,
    [scopePaths(caller, 'aid_admin'), after, limit + 1],
  )
}

/**
 * Starts an import: the file must be the caller's own uploaded settlement file, the branch a
 * county or the city in the caller's aid_admin scope. A file whose columns are wrong is refused
 * whole, writing nothing. The first batch is processed before answering, so the first page of
 * problems is there when the page opens the result; the rest follows through settlementContinue
 * (the page polls with it) or the background job.
 */
export async function startSettlementImport(deps: Deps, caller: Caller, input: { branchId: number; fileId: number }): Promise<SettlementImport> {
  const { db, env } = deps
  const branch = await requireBranchInScope(db, caller, 'aid_admin', input.branchId)
  if (branch.level > 2) throw new AppError('FORBIDDEN', '一站式结算文件由市或县（市、区）总工会导入，请选择市或县级组织')
  // A resend after a lost answer: the file already names its import.
  const [existing] = await db.query<{ id: number; created_by: number; branch_id: number }>(
    'SELECT id, created_by, branch_id FROM aid_settlement_import WHERE file_id = $1',
    [input.fileId],
  )
  if (existing) {
    if (existing.created_by !== caller.userId || existing.branch_id !== input.branchId) throw new AppError('FILE_IN_USE')
    return settlementImportFor(db, caller, existing.id)
  }
  const [file] = await db.query<{ name: string; blob_ref: string | null; owner_user_id: number; purpose: string; status: string }>(
    'SELECT name, blob_ref, owner_user_id, purpose, status FROM file WHERE id = $1',
    [input.fileId],
  )
  if (!file || file.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
  if (file.status !== 'ready' || !file.blob_ref) throw new AppError('FILE_NOT_READY')
  if (file.purpose !== 'aid_settlement') throw new AppError('FILE_WRONG_PURPOSE', '请上传医保结算文件（CSV 或 Excel）')
  const bytes = await fileStoreOf(env).get(file.blob_ref)
  const kind = settlementFileKind(bytes)
  const totalRows = await countSettlementRows(bytes, kind)
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO aid_settlement_import (branch_id, file_id, file_name, file_kind, created_by, total_rows)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [branch.id, input.fileId, file.name, kind, caller.userId, totalRows],
    )
    await attachFiles(tx, caller, [input.fileId], { purpose: 'aid_settlement', record: `aid_settlement_import:${row.id}` })
    return row.id
  })
  await processSettlementImport(deps, id, { maxBatches: 1 }, bytes)
  return settlementImportFor(db, caller, id)
}

export interface ProcessOptions {
  /** Stop between batches once this time (ms since the epoch) has passed. */
  until?: number
  maxBatches?: number
}

/**
 * Works on an import until it is done, the time is up or the batches are spent. One worker at a
 * time (a lease on the row); each batch is one transaction that also moves `next_line`, so a run
 * cut anywhere resumes after the last batch it committed. Answers whether the import is finished.
 */
export async function processSettlementImport(deps: Deps, importId: number, options: ProcessOptions = {}, knownBytes?: Buffer): Promise<boolean> {
  const { db, env } = deps
  const [imp] = await db.query<ImportRow & { blob_ref: string; path: string }>(
    `UPDATE aid_settlement_import i SET lease_until = now() + make_interval(secs => $2)
       FROM file f, branch b
      WHERE i.id = $1 AND i.status = 'running' AND (i.lease_until IS NULL OR i.lease_until < now())
        AND f.id = i.file_id AND b.id = i.branch_id
      RETURNING i.*, f.blob_ref, b.path`,
    [importId, leaseSeconds],
  )
  if (!imp) return false
  let finished = false
  try {
    const bytes = knownBytes ?? (await fileStoreOf(env).get(imp.blob_ref))
    let nextLine = imp.next_line
    let batches = 0
    let batch: ParsedRow[] = []
    const flush = async () => {
      const upTo = batch[batch.length - 1].line + 1
      await db.transaction((tx) => settleBatch(tx, deps.env.idHashKey, imp, batch, nextLine, upTo))
      nextLine = upTo
      batch = []
      batches += 1
    }
    const more = () => (options.maxBatches === undefined || batches < options.maxBatches) && (options.until === undefined || Date.now() < options.until)
    try {
      for await (const row of readSettlementFile(bytes, imp.file_kind, nextLine)) {
        batch.push(row)
        if (batch.length >= settlementBatchRows) {
          await flush()
          if (!more()) return false
        }
      }
      if (batch.length) await flush()
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'SETTLEMENT_FILE_INVALID') throw error
      await db.query(
        `UPDATE aid_settlement_import SET status = 'failed', error = $2, finished_at = now(), updated_at = now(), lease_until = NULL WHERE id = $1`,
        [importId, error.message],
      )
      finished = true
      return true
    }
    await db.query(
      `UPDATE aid_settlement_import SET status = 'done', finished_at = now(), updated_at = now(), lease_until = NULL WHERE id = $1 AND status = 'running'`,
      [importId],
    )
    finished = true
    return true
  } finally {
    if (!finished) await db.query('UPDATE aid_settlement_import SET lease_until = NULL WHERE id = $1', [importId])
  }
}

/** The discharge's identity across files: the same row in another export hashes the same. */
export function settlementSourceRef(idHash: string, row: SettlementRow): string {
  const fields = [idHash, row.hospital, row.admittedOn, row.dischargedOn, row.totalFen, row.insuranceFen, row.selfFen, row.aidFen]
  return createHash('sha256').update(fields.join('\u001f')).digest('hex')
}

interface MatchRow {
  i: number
  member_id: number | null
  member_name: string | null
  user_id: number | null
  enrolment_id: number | null
  enrolment_status: 'pending_payment' | 'active' | 'cancelled' | null
  plan_id: number | null
  observation_ends_on: string | null
  branch_path: string | null
}

interface RowRecord {
  line: number
  outcome: SettlementOutcome
  message: string | null
  idLast4: string | null
  sourceRef: string | null
  enrolmentId: number | null
  row: SettlementRow | null
  engineFen: number | null
  explanation: string[] | null
  /** Index into the batch's payouts, for the payout id once inserted. */
  payout: number | null
}

const notInScope = '在本次导入范围内未找到该会员的有效参保记录'

/**
 * One batch: match every row to an enrolment, lock the matched enrolments' yearly counters (in id
 * order, as applyPayout locks one), then, in file order, check each row against the engine with the
 * year so far and record it. Rows already settled by an earlier import (or earlier in this one) are
 * 已导入; checked after the lock, so two imports of one file at once count each row once.
 */
async function settleBatch(tx: Queryable, idHashKey: string, imp: ImportRow & { path: string }, rows: ParsedRow[], fromLine: number, upTo: number): Promise<void> {
  // Another worker moved on meanwhile (its lease had lapsed): this batch is its, not ours.
  const [held] = await tx.query('SELECT 1 FROM aid_settlement_import WHERE id = $1 AND next_line = $2 FOR UPDATE', [imp.id, fromLine])
  if (!held) throw new AppError('SETTLEMENT_BUSY')
  const good = rows.filter((r): r is Extract<ParsedRow, { ok: true }> => r.ok)
  const hashes = good.map((r) => hashIdNumber(idHashKey, r.row.idNumber))
  const matches = await tx.query<MatchRow>(
    `SELECT r.i::int AS i, m.id AS member_id, m.name AS member_name, m.user_id, e.id AS enrolment_id, e.status AS enrolment_status,
            e.plan_id, e.observation_ends_on::text AS observation_ends_on, b.path AS branch_path
       FROM unnest($1::text[], $2::date[]) WITH ORDINALITY AS r(hash, admitted_on, i)
       LEFT JOIN member m ON m.id_hash = r.hash
       LEFT JOIN LATERAL (
         SELECT e.id, e.status, e.plan_id, e.observation_ends_on, e.branch_id FROM aid_enrolment e
          WHERE e.member_id = m.id AND e.starts_on <= r.admitted_on AND r.admitted_on <= e.ends_on
          ORDER BY e.status = 'active' DESC, e.id DESC LIMIT 1
       ) e ON true
       LEFT JOIN branch b ON b.id = e.branch_id
      ORDER BY r.i`,
    [hashes, good.map((r) => r.row.admittedOn)],
  )
  const records: RowRecord[] = []
  const matched: { record: RowRecord; match: MatchRow; row: SettlementRow }[] = []
  const byLine = new Map<number, RowRecord>()
  good.forEach((parsed, index) => {
    const match = matches[index]
    const record: RowRecord = {
      line: parsed.line,
      outcome: 'unmatched',
      message: null,
      idLast4: parsed.row.idNumber.slice(-4),
      sourceRef: settlementSourceRef(hashes[index], parsed.row),
      enrolmentId: null,
      row: parsed.row,
      engineFen: null,
      explanation: null,
      payout: null,
    }
    byLine.set(parsed.line, record)
    const inScope = match.branch_path !== null && match.branch_path.startsWith(imp.path)
    if (!match.member_id || !match.enrolment_id || !inScope) record.message = notInScope
    else if (match.enrolment_status === 'pending_payment') record.message = '该会员的参保尚未确认缴费'
    else if (match.enrolment_status === 'cancelled') record.message = '该会员的参保已取消'
    else {
      record.enrolmentId = match.enrolment_id
      matched.push({ record, match, row: parsed.row })
      return
    }
    record.sourceRef = null
  })
  for (const parsed of rows) {
    if (!parsed.ok) byLine.set(parsed.line, { line: parsed.line, outcome: 'bad', message: parsed.error, idLast4: parsed.idLast4, sourceRef: null, enrolmentId: null, row: null, engineFen: null, explanation: null, payout: null })
  }
  const enrolmentIds = [...new Set(matched.map((m) => m.record.enrolmentId as number))]
  const usage = await lockYearUsage(tx, enrolmentIds)
  const refs = matched.map((m) => m.record.sourceRef as string)
  const earlier = new Map(
    (
      await tx.query<{ source_ref: string; import_id: number; line: number }>(
        `SELECT source_ref, import_id, line FROM aid_settlement_row WHERE source_ref = ANY($1::text[]) AND outcome IN ('paid', 'flagged')`,
        [refs],
      )
    ).map((r) => [r.source_ref, r]),
  )
  const payouts: SettlementPayoutRow[] = []
  for (const { record, match, row } of matched) {
    const ref = record.sourceRef as string
    const first = earlier.get(ref)
    if (first) {
      record.outcome = 'duplicate'
      record.message = first.import_id === imp.id ? `与第 ${first.line} 行重复` : `已在第 ${first.import_id} 号导入第 ${first.line} 行导入`
      continue
    }
    earlier.set(ref, { source_ref: ref, import_id: imp.id, line: record.line })
    const observationEndsOn = match.observation_ends_on as string
    if (row.admittedOn < observationEndsOn) {
      record.engineFen = 0
      record.explanation = [`入院日期 ${row.admittedOn} 在观察期内（观察期至 ${observationEndsOn} 前），互助金不予支付`]
      record.outcome = row.aidFen === 0 ? 'paid' : 'flagged'
      record.message = row.aidFen === 0 ? '观察期内，不计入' : `文件互助金 ${formatFen(row.aidFen)} 元，观察期内应为 0`
      continue
    }
    if (row.selfFen > maxFen) {
      record.outcome = 'flagged'
      record.message = `自付金额超过核算上限 ${formatFen(maxFen)} 元，请人工核对`
      continue
    }
    const planned = usage.check(record.enrolmentId as number, row)
    record.engineFen = planned.payoutFen
    record.explanation = planned.lines
    if (planned.payoutFen === row.aidFen) {
      record.outcome = 'paid'
      record.payout = payouts.length
      payouts.push({ enrolmentId: record.enrolmentId as number, userId: match.user_id, sourceRef: ref, row, result: planned })
      usage.commit(record.enrolmentId as number, planned)
    } else {
      record.outcome = 'flagged'
      record.message = `文件互助金 ${formatFen(row.aidFen)} 元，核算应为 ${formatFen(planned.payoutFen)} 元`
    }
  }
  const payoutIds = await applySettlementPayouts(tx, usage, payouts)
  for (const r of byLine.values()) records.push(r)
  records.sort((a, b) => a.line - b.line)
  await insertRows(tx, imp.id, records, payoutIds)
  const count = (outcome: SettlementOutcome) => records.filter((r) => r.outcome === outcome).length
  await tx.query(
    `UPDATE aid_settlement_import SET next_line = $2, processed_rows = processed_rows + $3, paid_rows = paid_rows + $4, paid_fen = paid_fen + $5,
            flagged_rows = flagged_rows + $6, duplicate_rows = duplicate_rows + $7, unmatched_rows = unmatched_rows + $8, bad_rows = bad_rows + $9,
            updated_at = now(), lease_until = now() + make_interval(secs => $10)
      WHERE id = $1`,
    [imp.id, upTo, records.length, count('paid'), payouts.reduce((sum, p) => sum + p.result.payoutFen, 0), count('flagged'), count('duplicate'), count('unmatched'), count('bad'), leaseSeconds],
  )
}

async function insertRows(tx: Queryable, importId: number, records: RowRecord[], payoutIds: number[]): Promise<void> {
  if (!records.length) return
  const col = <T>(pick: (r: RowRecord) => T) => records.map(pick)
  await tx.query(
    `INSERT INTO aid_settlement_row (import_id, line, outcome, message, id_last4, source_ref, enrolment_id, hospital, admitted_on, discharged_on,
                                     total_fen, insurance_fen, self_fen, file_aid_fen, engine_fen, explanation, payout_id)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::date[], $10::date[],
                              $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::jsonb[], $17::bigint[])`,
    [
      importId,
      col((r) => r.line),
      col((r) => r.outcome),
      col((r) => r.message),
      col((r) => r.idLast4),
      col((r) => r.sourceRef),
      col((r) => r.enrolmentId),
      col((r) => r.row?.hospital ?? null),
      col((r) => r.row?.admittedOn ?? null),
      col((r) => r.row?.dischargedOn ?? null),
      col((r) => r.row?.totalFen ?? null),
      col((r) => r.row?.insuranceFen ?? null),
      col((r) => r.row?.selfFen ?? null),
      col((r) => r.row?.aidFen ?? null),
      col((r) => r.engineFen),
      col((r) => (r.explanation ? JSON.stringify(r.explanation) : null)),
      col((r) => (r.payout === null ? null : payoutIds[r.payout])),
    ],
  )
}

interface RowViewRow {
  id: number
  line: number
  outcome: SettlementOutcome
  message: string | null
  member_name: string | null
  id_last4: string | null
  hospital: string | null
  admitted_on: string | null
  discharged_on: string | null
  total_fen: number | null
  self_fen: number | null
  file_aid_fen: number | null
  engine_fen: number | null
  explanation: string[] | null
  resolution: 'engine' | 'file' | null
  resolve_reason: string | null
  resolved_at: Date | null
  payout_fen: number | null
}

export const rowViewSql = `SELECT r.id, r.line, r.outcome, r.message, m.name AS member_name, r.id_last4, r.hospital,
         r.admitted_on::text AS admitted_on, r.discharged_on::text AS discharged_on, r.total_fen, r.self_fen, r.file_aid_fen,
         r.engine_fen, r.explanation, r.resolution, r.resolve_reason, r.resolved_at, p.amount_fen AS payout_fen
    FROM aid_settlement_row r
    LEFT JOIN aid_enrolment e ON e.id = r.enrolment_id
    LEFT JOIN member m ON m.id = e.member_id
    LEFT JOIN aid_payout p ON p.id = r.payout_id`

export function toRowView(row: RowViewRow): SettlementRowView {
  return {
    id: row.id,
    line: row.line,
    outcome: row.outcome,
    message: row.message,
    memberName: row.member_name,
    idLast4: row.id_last4,
    hospital: row.hospital,
    admittedOn: row.admitted_on,
    dischargedOn: row.discharged_on,
    totalFen: row.total_fen,
    selfFen: row.self_fen,
    fileAidFen: row.file_aid_fen,
    engineFen: row.engine_fen,
    explanation: row.explanation ?? [],
    resolution: row.resolution,
    resolveReason: row.resolve_reason,
    resolvedAt: isoOrNull(row.resolved_at),
    payoutFen: row.payout_fen,
  }
}
export type { RowViewRow }

interface ResolveRow extends RowViewRow {
  import_path: string
  source_ref: string
  enrolment_id: number
  member_user_id: number | null
  observation_ends_on: string
  insurance_fen: number
  resolved_by: number | null
}

/**
 * An aid_admin settles a flagged row: at the engine's figure, or at the file's (what the hospital
 * deducted) with a reason, through applyPayout. The admin's own settlement is never theirs to
 * decide. Resent with the same decision, it answers the row as it is.
 */
export async function resolveSettlementRow(
  db: Db,
  caller: Caller,
  input: { rowId: number; use: 'engine' | 'file'; reason?: string | null },
): Promise<SettlementRowView> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<ResolveRow>(
      `SELECT r.id, r.line, r.outcome, r.source_ref, r.enrolment_id, r.hospital, r.admitted_on::text AS admitted_on,
              r.discharged_on::text AS discharged_on, r.total_fen, r.insurance_fen, r.self_fen, r.file_aid_fen, r.resolution, r.resolved_by,
              e.observation_ends_on::text AS observation_ends_on, m.user_id AS member_user_id, b.path AS import_path
         FROM aid_settlement_row r
         JOIN aid_settlement_import i ON i.id = r.import_id
         JOIN branch b ON b.id = i.branch_id
         LEFT JOIN aid_enrolment e ON e.id = r.enrolment_id
         LEFT JOIN member m ON m.id = e.member_id
        WHERE r.id = $1
          FOR UPDATE OF r`,
      [input.rowId],
    )
    if (!row || !covers(caller, 'aid_admin', row.import_path)) throw new AppError('NOT_FOUND', '结算记录不存在')
    if (row.outcome !== 'flagged') throw new AppError('SETTLEMENT_NOT_FLAGGED')
    const view = async () => toRowView((await tx.query<RowViewRow>(`${rowViewSql} WHERE r.id = $1`, [row.id]))[0])
    if (row.resolution) {
      if (row.resolution === input.use && row.resolved_by === caller.userId) return view()
      throw new AppError('SETTLEMENT_NOT_FLAGGED', '该记录已由其他管理员处理')
    }
    if (row.member_user_id === caller.userId) throw new AppError('SELF_REVIEW', '不能处理自己的结算记录')
    const settled: SettlementRow = {
      idNumber: '',
      hospital: row.hospital as string,
      admittedOn: row.admitted_on as string,
      dischargedOn: row.discharged_on as string,
      totalFen: row.total_fen as number,
      insuranceFen: row.insurance_fen,
      selfFen: row.self_fen as number,
      aidFen: row.file_aid_fen as number,
    }
    const inObservation = settled.admittedOn < row.observation_ends_on
    let payout: { id: number; fen: number } | null = null
    // In the observation period the engine's figure is nothing at all: no payout, no counter moves.
    if (!(inObservation && input.use === 'engine')) {
      const outcome = await applyPayout(tx, {
        enrolmentId: row.enrolment_id,
        source: 'settlement',
        sourceRef: row.source_ref,
        bill: settlementBill(settled),
        overrideFen: input.use === 'file' ? settled.aidFen : undefined,
        reason: input.use === 'file' ? `按结算文件金额：${input.reason ?? ''}` : undefined,
      })
      payout = { id: outcome.payoutId, fen: outcome.payoutFen }
    }
    await tx.query(
      `UPDATE aid_settlement_row SET resolution = $2, resolve_reason = $3, resolved_by = $4, resolved_at = now(), payout_id = $5 WHERE id = $1`,
      [row.id, input.use, input.reason ?? null, caller.userId, payout?.id ?? null],
    )
    if (payout && payout.fen > 0 && row.member_user_id !== null) {
      await notify(tx, { userId: row.member_user_id, kind: 'aid_settled', source: `aid_payout:${payout.id}`, ...settledMessage(settled, payout.fen) })
    }
    await audit(tx, { actor: caller.userId, action: 'aid.settlementResolve', targetType: 'aid_settlement_row', targetIds: [row.id], detail: { use: input.use } })
    return view()
  })
}

/**
 * The background job: continues imports nobody is working on (the admin closed the page, or a
 * worker died and its lease ran out), oldest first, until `until`. Answers how many it finished.
 */
export async function continueSettlementImports(deps: Deps, until: number): Promise<number> {
  const waiting = await deps.db.query<{ id: number }>(
    `SELECT id FROM aid_settlement_import WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now()) ORDER BY id`,
  )
  let finished = 0
  for (const { id } of waiting) {
    if (Date.now() >= until) break
    if (await processSettlementImport(deps, id, { until })) finished += 1
  }
  return finished
}
