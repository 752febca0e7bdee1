import ExcelJS from 'exceljs'
import type { AidExport, AidFigureLine, AidFigures, BranchRef } from '../../src/shared/api'
import { claimStatuses, claimTypes } from '../../src/shared/aid/claim-types'
import type { ClaimStatus, ClaimType } from '../../src/shared/aid/claim-types'
import { enrolmentStatusNames, payoutSourceNames } from '../../src/shared/aid/labels'
import { formatFen } from '../../src/shared/aid/money'
import type { Role } from '../../src/shared/roles'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { addSheet, storeWorkbook } from '../files/workbook'
import { shanghaiDay } from '../points/calendar'
import { covers, findBranch, inSubtreeSql } from '../scope'
import type { BranchRow } from '../scope'
import { audit, branchRefSql } from '../sql'

/** Who reads a branch's figures: its 互助管理员 and its admins, at the branch or above it. */
const figureRoles: readonly Role[] = ['aid_admin', 'admin']

async function figuresBranch(db: Queryable, caller: Caller, branchId: number): Promise<BranchRow> {
  const branch = await findBranch(db, branchId)
  if (!branch) throw new AppError('NOT_FOUND', '所选组织不存在')
  if (!figureRoles.some((role) => covers(caller, role, branch.path))) {
    throw new AppError('OUT_OF_SCOPE', `「${branch.name}」不在您可管理的组织范围内`)
  }
  return branch
}

/**
 * Every counted event of the year in the subtree ($1 path, $2 year) as one row each: its branch
 * path, its month (Asia/Shanghai) and what it adds. Enrolments count by the day their coverage
 * starts, claims by submission, payouts by when they were made, days-to-pay by the payment.
 */
const factsSql = `
  WITH bounds AS (
    SELECT make_timestamptz($2::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS since,
           make_timestamptz($2::int + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS until
  ), facts AS (
    SELECT b.path, extract(month FROM e.starts_on)::int AS month, 1 AS enrolments, 0 AS claims,
           0 AS s_n, 0 AS s_fen, 0 AS c_n, 0 AS c_fen, NULL::numeric AS pay_days
      FROM aid_enrolment e JOIN branch b ON b.id = e.branch_id
     WHERE e.status = 'active' AND e.starts_on >= make_date($2::int, 1, 1) AND e.starts_on < make_date($2::int + 1, 1, 1)
       AND ${inSubtreeSql('b.path', '$1')}
    UNION ALL
    SELECT c.branch_path, extract(month FROM c.submitted_at AT TIME ZONE 'Asia/Shanghai')::int, 0, 1, 0, 0, 0, 0, NULL
      FROM aid_claim c, bounds
     WHERE c.submitted_at >= bounds.since AND c.submitted_at < bounds.until AND ${inSubtreeSql('c.branch_path', '$1')}
    UNION ALL
    SELECT b.path, extract(month FROM p.created_at AT TIME ZONE 'Asia/Shanghai')::int, 0, 0,
           (p.source = 'settlement')::int, CASE WHEN p.source = 'settlement' THEN p.amount_fen ELSE 0 END,
           (p.source = 'claim')::int, CASE WHEN p.source = 'claim' THEN p.amount_fen ELSE 0 END, NULL
      FROM aid_payout p JOIN aid_enrolment e ON e.id = p.enrolment_id JOIN branch b ON b.id = e.branch_id, bounds
     WHERE p.created_at >= bounds.since AND p.created_at < bounds.until AND ${inSubtreeSql('b.path', '$1')}
    UNION ALL
    SELECT c.branch_path, extract(month FROM c.paid_at AT TIME ZONE 'Asia/Shanghai')::int, 0, 0, 0, 0, 0, 0,
           extract(epoch FROM c.paid_at - c.submitted_at) / 86400
      FROM aid_claim c, bounds
     WHERE c.status = 'paid' AND c.paid_at >= bounds.since AND c.paid_at < bounds.until AND ${inSubtreeSql('c.branch_path', '$1')}
  )`

/** Sums as bigint (a city's year of payouts passes 2^31 fen), read back as text; the median to one decimal. */
const lineSql = (f: string) => `
  COALESCE(sum(${f}.enrolments), 0)::bigint::text AS enrolments, COALESCE(sum(${f}.claims), 0)::bigint::text AS claims,
  COALESCE(sum(${f}.s_n), 0)::bigint::text AS s_n, COALESCE(sum(${f}.s_fen), 0)::bigint::text AS s_fen,
  COALESCE(sum(${f}.c_n), 0)::bigint::text AS c_n, COALESCE(sum(${f}.c_fen), 0)::bigint::text AS c_fen,
  round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${f}.pay_days)::numeric, 1)::text AS median_days`

interface LineRow {
  enrolments: string
  claims: string
  s_n: string
  s_fen: string
  c_n: string
  c_fen: string
  median_days: string | null
}

function toLine(row: LineRow | undefined): AidFigureLine {
  return {
    enrolments: Number(row?.enrolments ?? 0),
    claimsSubmitted: Number(row?.claims ?? 0),
    settlementPayouts: Number(row?.s_n ?? 0),
    settlementFen: Number(row?.s_fen ?? 0),
    claimPayouts: Number(row?.c_n ?? 0),
    claimFen: Number(row?.c_fen ?? 0),
    medianDaysToPay: row?.median_days == null ? null : Number(row.median_days),
  }
}

async function figuresOf(db: Queryable, branch: BranchRow, year: number): Promise<AidFigures> {
  const params = [branch.path, year]
  const [months, [total], children] = await Promise.all([
    db.query<LineRow & { month: number }>(`${factsSql} SELECT f.month, ${lineSql('f')} FROM facts f GROUP BY f.month`, params),
    db.query<LineRow>(`${factsSql} SELECT ${lineSql('f')} FROM facts f`, params),
    db.query<LineRow & { branch: BranchRef }>(
      `${factsSql}
       SELECT ${branchRefSql('ch')} AS branch, ${lineSql('f')}
         FROM branch ch LEFT JOIN facts f ON ${inSubtreeSql('f.path', 'ch.path')}
        WHERE ch.parent_id = $3
        GROUP BY ch.id, ch.name
        ORDER BY ch.name`,
      [...params, branch.id],
    ),
  ])
  const byMonth = new Map(months.map((row) => [row.month, row]))
  return {
    branch: { id: branch.id, name: branch.name, fullName: branch.full_name, level: branch.level },
    year,
    months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...toLine(byMonth.get(i + 1)) })),
    total: toLine(total),
    children: children.map((row) => ({ branch: row.branch, ...toLine(row) })),
  }
}

export async function aidFigures({ db }: Deps, caller: Caller, input: { branchId: number; year: number }): Promise<AidFigures> {
  return figuresOf(db, await figuresBranch(db, caller, input.branchId), input.year)
}

const figureColumns = [
  { header: '参保人数', width: 10 },
  { header: '提交申请', width: 10 },
  { header: '一站式结算笔数', width: 14 },
  { header: '一站式结算金额（元）', width: 18 },
  { header: '手工申请支付笔数', width: 16 },
  { header: '手工申请支付金额（元）', width: 20 },
  { header: '申请至支付中位天数', width: 18 },
]

/** Money as 元 text from integer fen: exact, as the app shows it. */
function lineCells(line: AidFigureLine): (string | number)[] {
  return [
    line.enrolments,
    line.claimsSubmitted,
    line.settlementPayouts,
    formatFen(line.settlementFen),
    line.claimPayouts,
    formatFen(line.claimFen),
    line.medianDaysToPay === null ? '—' : line.medianDaysToPay,
  ]
}


/** The figures as a workbook (sheets 按月, 按下级组织), a private file of the caller's; the export is audited. */
export async function exportAidFigures(deps: Deps, caller: Caller, input: { branchId: number; year: number }): Promise<AidExport> {
  const figures = await aidFigures(deps, caller, input)
  const book = new ExcelJS.Workbook()
  addSheet(book, '按月', [{ header: '月份', width: 8 }, ...figureColumns], [
    ...figures.months.map((line) => [`${line.month}月`, ...lineCells(line)]),
    ['合计', ...lineCells(figures.total)],
  ])
  addSheet(book, '按下级组织', [{ header: '组织', width: 28 }, ...figureColumns], figures.children.map((line) => [line.branch.fullName, ...lineCells(line)]))
  const exported = await storeWorkbook(deps, caller, book, { purpose: 'aid_export', name: `${figures.branch.name}${figures.year}年医疗互助统计.xlsx` })
  await audit(deps.db, {
    actor: caller.userId,
    action: 'aid.figures.export',
    targetType: 'branch',
    targetIds: [figures.branch.id],
    detail: { year: figures.year, file: exported.fileId },
  })
  return exported
}

interface RecordRows {
  enrolments: { id: number; plan: string; year: number; status: keyof typeof enrolmentStatusNames; starts_on: string; observation_ends_on: string; ends_on: string }[]
  payouts: { id: string; plan: string; source: keyof typeof payoutSourceNames; amount_fen: number; deductible_fen: number; explanation: string[]; created_at: Date }[]
  claims: { id: number; claim_type: ClaimType; status: ClaimStatus; hospital: string; admission_on: string; discharge_on: string; eligible_fen: number; computed_fen: number; approved_fen: number | null; submitted_at: Date | null; paid_at: Date | null }[]
}

const day = (at: Date | null) => (at ? shanghaiDay(at) : '')

/**
 * A member's own records — enrolments, payouts with their explanations, claims — as a workbook
 * only they may read. Every row is selected by the caller's member id; the export is audited.
 */
export async function exportMyAidRecords(deps: Deps, caller: Caller): Promise<AidExport> {
  const member = caller.member
  if (!member) throw new AppError('NOT_MEMBER')
  const { db } = deps
  const [enrolments, payouts, claims] = await Promise.all([
    db.query<RecordRows['enrolments'][number]>(
      `SELECT e.id, p.name AS plan, p.coverage_year AS year, e.status, e.starts_on::text, e.observation_ends_on::text, e.ends_on::text
         FROM aid_enrolment e JOIN aid_plan p ON p.id = e.plan_id
        WHERE e.member_id = $1 ORDER BY e.starts_on, e.id`,
      [member.id],
    ),
    db.query<RecordRows['payouts'][number]>(
      `SELECT x.id::text, p.name AS plan, x.source, x.amount_fen, x.deductible_fen, x.explanation, x.created_at
         FROM aid_payout x JOIN aid_enrolment e ON e.id = x.enrolment_id JOIN aid_plan p ON p.id = e.plan_id
        WHERE e.member_id = $1 ORDER BY x.created_at, x.id`,
      [member.id],
    ),
    db.query<RecordRows['claims'][number]>(
      `SELECT id, claim_type, status, hospital, admission_on::text, discharge_on::text, eligible_fen, computed_fen, approved_fen, submitted_at, paid_at
         FROM aid_claim WHERE member_id = $1 AND status <> 'draft' ORDER BY created_at, id`,
      [member.id],
    ),
  ])
  const book = new ExcelJS.Workbook()
  addSheet(
    book,
    '参保记录',
    [{ header: '互助计划', width: 24 }, { header: '保障年度', width: 10 }, { header: '状态', width: 10 }, { header: '保障开始', width: 12 }, { header: '观察期至', width: 12 }, { header: '保障结束', width: 12 }],
    enrolments.map((e) => [e.plan, e.year, enrolmentStatusNames[e.status], e.starts_on, e.observation_ends_on, e.ends_on]),
  )
  addSheet(
    book,
    '互助金',
    [{ header: '日期', width: 12 }, { header: '互助计划', width: 24 }, { header: '来源', width: 12 }, { header: '金额（元）', width: 14 }, { header: '起付线（元）', width: 14 }, { header: '核算说明', width: 80 }],
    payouts.map((x) => [day(x.created_at), x.plan, payoutSourceNames[x.source], formatFen(x.amount_fen), formatFen(x.deductible_fen), x.explanation.join('\n')]),
  )
  addSheet(
    book,
    '互助申请',
    [
      { header: '申请编号', width: 10 }, { header: '类型', width: 12 }, { header: '状态', width: 12 }, { header: '医院', width: 24 },
      { header: '入院', width: 12 }, { header: '出院', width: 12 }, { header: '可报销金额（元）', width: 16 }, { header: '核算金额（元）', width: 14 },
      { header: '核准金额（元）', width: 14 }, { header: '提交日期', width: 12 }, { header: '支付日期', width: 12 },
    ],
    claims.map((c) => [
      c.id, claimTypes[c.claim_type].label, claimStatuses[c.status], c.hospital, c.admission_on, c.discharge_on,
      formatFen(c.eligible_fen), formatFen(c.computed_fen), c.approved_fen === null ? '' : formatFen(c.approved_fen), day(c.submitted_at), day(c.paid_at),
    ]),
  )
  const exported = await storeWorkbook(deps, caller, book, { purpose: 'aid_export', name: '我的医疗互助记录.xlsx' })
  await audit(db, {
    actor: caller.userId,
    action: 'aid.myRecords.export',
    targetType: 'member',
    targetIds: [member.id],
    detail: { file: exported.fileId, enrolments: enrolments.length, payouts: payouts.length, claims: claims.length },
  })
  return exported
}
