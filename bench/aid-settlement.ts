import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { advanceYear, computePayout, freshYear } from '../src/shared/aid/payout-engine'
import type { YearSoFar } from '../src/shared/aid/payout-engine'
import { idCheckChar } from '../src/shared/id-number'
import { createEnrolments } from '../server/aid/coverage'
import { processSettlementImport, startSettlementImport } from '../server/aid/settlement'
import { settlementBill } from '../server/aid/settlement-payouts'
import type { SettlementRow } from '../server/aid/settlement-file'
import { loadCaller } from '../server/caller'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { claimTicket, completeUpload, issueTicket } from '../server/files/upload'
import { shanghaiYear } from '../server/points/calendar'
import { demoAidRules } from '../server/seed/demo-aid'
import { seedDemo } from '../server/seed/demo'
import { hashIdNumber } from '../server/tokens'
import type { BenchDatabase } from './database'
import { round } from './stats'

export const settlementTargetRowsPerS = 2_000

export interface SettlementBench {
  rows: number
  members: number
  file_mb: number
  paid: number
  flagged: number
  unmatched: number
  bad: number
  /** Counting the rows (the progress bar's 100%) before the first batch. */
  first_errors_ms: number
  import_s: number
  rows_per_s: number
  /** The file imported again: every row 已导入, nothing counted. */
  reimport_rows_per_s: number
}

/** A deterministic stream of numbers, so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
const dayMs = 24 * 3600 * 1000

/**
 * A county's month of one-stop settlements: `rows` discharges of `members` enrolled members in
 * 秀洲区's enterprises, the 互助金 each hospital deducted computed by the same engine in file order
 * (so they match), 5% of them off by 1.00 元 (flagged), 3% of ID numbers nobody enrolled
 * (unmatched) and 2% unreadable rows. The import runs as the city's demo aid_admin, start to end
 * without a time budget: what a page's continue calls and the background job do between them.
 */
export async function measureSettlement(bench: BenchDatabase, env: Env, log: (line: string) => void, options: { rows: number; members: number }): Promise<SettlementBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-bench-settle-'))
  const deps = { db, env: { ...env, dataDir } }
  try {
    const year = shanghaiYear(new Date())
    const [plan] = await db.query<{ id: number }>(
      `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, filing_window_days, rules, status, opened_at)
       SELECT '压测互助计划', $1, 10000, id, 180, $2, 'open', now() FROM branch WHERE level = 1 RETURNING id`,
      [year, JSON.stringify(demoAidRules)],
    )
    const [county] = await db.query<{ id: number; path: string }>(`SELECT id, path FROM branch WHERE name = '秀洲区总工会'`)
    const enterprises = await db.query<{ id: number }>(`SELECT id FROM branch WHERE level = 4 AND path LIKE $1 || '%' ORDER BY id`, [county.path])

    log(`生成 ${options.members} 名参保会员……`)
    const idNumbers: string[] = []
    for (let i = 0; i < options.members; i += 1) {
      const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 900) * dayMs).toISOString().slice(0, 10).replace(/-/g, '')
      const first17 = `330411${birth}${100 + (i % 900)}`
      idNumbers.push(first17 + idCheckChar(first17))
    }
    const chunk = 10_000
    for (let from = 0; from < options.members; from += chunk) {
      const ids = idNumbers.slice(from, from + chunk)
      const members = await db.query<{ id: number; branch_id: number }>(
        `WITH users AS (
           INSERT INTO app_user (nickname) SELECT '压测会员' FROM generate_series(1, $1::int) RETURNING id
         ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users)
         INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
         SELECT u.id, 'BS' || lpad(($5::int + t.n)::text, 10, '0'), '压测会员', '13800000000', t.h, t.l, t.b
           FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS t(h, l, b, n)
           JOIN numbered u ON u.n = t.n
         RETURNING id, branch_id`,
        [ids.length, ids.map((id) => hashIdNumber(env.idHashKey, id)), ids.map((id) => id.slice(-4)), ids.map((_, i) => enterprises[(from + i) % enterprises.length].id), from],
      )
      await createEnrolments(
        db,
        { id: plan.id, coverage_year: year, rules: demoAidRules },
        members.map((m) => ({ memberId: m.id, branchId: m.branch_id, source: 'individual' as const, status: 'active' as const, startsOn: `${year}-01-01` })),
      )
    }
    // Renewals: no observation period in the way of the year's bills.
    await db.query('UPDATE aid_enrolment SET observation_ends_on = starts_on WHERE plan_id = $1', [plan.id])

    log(`生成 ${options.rows} 行结算文件……`)
    const next = random(20261122)
    const years = new Map<string, YearSoFar>()
    const lines = ['身份证号,医院,入院日期,出院日期,总费用,医保支付,自付,互助金支付']
    const expected = { paid: 0, flagged: 0, unmatched: 0, bad: 0 }
    const hospitals = ['嘉兴市第一医院', '嘉兴市第二医院', '嘉兴市中医医院', '秀洲区人民医院', '嘉兴市妇幼保健院']
    for (let i = 0; i < options.rows; i += 1) {
      const dice = next()
      const admit = new Date(Date.UTC(year, 1, 1) + Math.floor(next() * 270) * dayMs)
      const discharge = new Date(admit.getTime() + Math.floor(1 + next() * 14) * dayMs)
      const selfFen = 50_000 + Math.floor(next() * 2_950_000)
      const insuranceFen = selfFen + Math.floor(selfFen / 2)
      const unknown = dice < 0.03
      const idNumber = unknown ? `${'330411'}${'20000101'}${String(i % 1000).padStart(3, '0')}` : idNumbers[Math.floor(next() * options.members)]
      const row: SettlementRow = {
        idNumber: unknown ? idNumber + idCheckChar(idNumber) : idNumber,
        hospital: hospitals[i % hospitals.length],
        admittedOn: admit.toISOString().slice(0, 10),
        dischargedOn: discharge.toISOString().slice(0, 10),
        totalFen: selfFen + insuranceFen,
        insuranceFen,
        selfFen,
        aidFen: 0,
      }
      if (dice < 0.05 && !unknown) {
        expected.bad += 1
        lines.push([row.idNumber, row.hospital, row.admittedOn, row.dischargedOn, yuan(row.totalFen), yuan(insuranceFen), yuan(selfFen), '-1.00'].join(','))
        continue
      }
      if (unknown) expected.unmatched += 1
      else {
        const before = years.get(row.idNumber) ?? freshYear
        const computed = computePayout(demoAidRules, settlementBill(row), before)
        if (dice < 0.1) {
          expected.flagged += 1
          // 1.00 元 off, within the self-paid part (a figure above it is a bad row, not a flag).
          row.aidFen = computed.payoutFen + 100 <= selfFen ? computed.payoutFen + 100 : computed.payoutFen - 100
        } else {
          expected.paid += 1
          row.aidFen = computed.payoutFen
          years.set(row.idNumber, advanceYear(before, computed, computed.payoutFen))
        }
      }
      lines.push([row.idNumber, row.hospital, row.admittedOn, row.dischargedOn, yuan(row.totalFen), yuan(insuranceFen), yuan(selfFen), yuan(row.aidFen)].join(','))
    }
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')
    const [admin] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'city-admin'`)
    const caller = await loadCaller(db, admin.id)
    if (!caller) throw new Error('没有市级互助管理员')
    const upload = async () => {
      const ticket = await issueTicket(deps, caller, { purpose: 'aid_settlement', name: 'settlement.csv', size: bytes.length, type: 'text/csv' })
      return (await completeUpload(deps, await claimTicket(deps, ticket.ticket), bytes)).id
    }

    const run = async () => {
      const fileId = await upload()
      const started = performance.now()
      const first = await startSettlementImport(deps, caller, { branchId: county.id, fileId })
      const firstMs = performance.now() - started
      while (!(await processSettlementImport(deps, first.id))) {
        // Another worker holds it: nobody else runs here, so this only repeats once a lease lapses.
      }
      const seconds = (performance.now() - started) / 1000
      const [done] = await db.query<{ paid_rows: number; flagged_rows: number; unmatched_rows: number; bad_rows: number; duplicate_rows: number; status: string }>(
        'SELECT status, paid_rows, flagged_rows, unmatched_rows, bad_rows, duplicate_rows FROM aid_settlement_import WHERE id = $1',
        [first.id],
      )
      return { firstMs, seconds, done, firstBad: first.badRows }
    }

    log('导入……')
    const imported = await run()
    const { done } = imported
    if (done.status !== 'done' || done.paid_rows !== expected.paid || done.flagged_rows !== expected.flagged || done.unmatched_rows !== expected.unmatched || done.bad_rows !== expected.bad) {
      throw new Error(`导入结果与预期不符：${JSON.stringify({ done, expected })}`)
    }
    if (imported.firstBad === 0) throw new Error('第一批没有错误行：首批错误时间无从测起')
    log('再次导入同一文件……')
    const again = await run()
    if (again.done.duplicate_rows !== expected.paid + expected.flagged || again.done.paid_rows !== 0) throw new Error(`重复导入计入了金额：${JSON.stringify(again.done)}`)

    const result: SettlementBench = {
      rows: options.rows,
      members: options.members,
      file_mb: round(bytes.length / 1024 / 1024, 1),
      ...expected,
      first_errors_ms: round(imported.firstMs, 0),
      import_s: round(imported.seconds, 1),
      rows_per_s: Math.round(options.rows / imported.seconds),
      reimport_rows_per_s: Math.round(options.rows / again.seconds),
    }
    log(`一站式结算导入：${JSON.stringify(result)}`)
    return result
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
