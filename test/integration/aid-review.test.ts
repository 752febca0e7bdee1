/**
 * The reviewer side of claims (issue 9 §5): scope, one reviewer at a time, need_more back to the
 * same reviewer, the override reason, the second review, the payout under the yearly cap, the
 * recorded transfer. Claims are written straight into the tables (the member side has its own
 * tests); everything the reviewers do goes through the actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanRules } from '../../src/shared/api/aid-plans'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
// Races need a real server: PGlite runs one statement at a time, so the concurrency tests run on PostgreSQL only.
const pg = process.env.TEST_DB === 'pg'

/** Deductible 800 元, 60% up to 50,000 元 then 70%, 20,000 元 a claim, 50,000 元 a year. */
const rules: PlanRules = {
  observationDays: 90,
  deductibleFen: 80_000,
  bands: [{ uptoFen: 5_000_000, ratioBp: 6000 }, { uptoFen: null, ratioBp: 7000 }],
  perClaimCapFen: 2_000_000,
  yearlyCapFen: 5_000_000,
  hospitalAllowance: null,
  criticalIllness: [],
}

let plan: number
/** Reviewers: the county (秀洲区), the town below it, the city, and the sibling county (南湖区). */
let countyReviewer: number
let countyReviewer2: number
let townReviewer: number
let cityReviewer: number
let otherCountyReviewer: number
let countyAidAdmin: number
let memberUser: number
let siblingUser: number

interface Claimant {
  userId: number
  memberId: number
  enrolment: number
}

async function enrol(userId: number): Promise<Claimant> {
  const [member] = await app.db.query<{ id: number; branch_id: number }>('SELECT id, branch_id FROM member WHERE user_id = $1', [userId])
  const [enrolment] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_enrolment (plan_id, member_id, branch_id, source, status, starts_on, observation_ends_on, ends_on)
     VALUES ($1, $2, $3, 'individual', 'active', '2026-01-01', '2026-01-01', '2026-12-31') RETURNING id`,
    [plan, member.id, member.branch_id],
  )
  await app.db.query('INSERT INTO aid_year_usage (enrolment_id, coverage_year) VALUES ($1, 2026)', [enrolment.id])
  return { userId, memberId: member.id, enrolment: enrolment.id }
}

let seq = 0
/** A submitted hospital claim of `eligibleFen`, with an invoice attached, submitted `daysAgo` days ago. */
async function fileClaim(who: Claimant, eligibleFen: number, daysAgo = 1): Promise<number> {
  seq += 1
  const [claim] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_claim (enrolment_id, member_id, user_id, branch_id, branch_path, claim_type, status, request_id, hospital,
                            admission_on, discharge_on, total_fen, insurance_paid_fen, self_paid_fen, eligible_fen, hospital_days,
                            computed_fen, submitted_at, created_at)
     SELECT $1, m.id, m.user_id, m.branch_id, b.path, 'hospital', 'submitted', $3, '嘉兴市第一医院', '2026-10-01', '2026-10-05',
            $2::int * 2, $2::int, $2::int, $2::int, 4, 0, now() - make_interval(days => $4::int), now() - make_interval(days => $4::int)
       FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id = $5
     RETURNING id`,
    [who.enrolment, eligibleFen, `review-${seq}`, daysAgo, who.memberId],
  )
  const [file] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
     VALUES ($1, 'claim_document', '发票.pdf', 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, $3, now(), now()) RETURNING id`,
    [who.userId, `private/${String(seq).padStart(64, 'b')}.pdf`, `aid_claim:${claim.id}`],
  )
  await app.db.query(`INSERT INTO aid_claim_document (claim_id, file_id, doc_type) VALUES ($1, $2, 'invoice')`, [claim.id, file.id])
  await app.db.query(`INSERT INTO aid_claim_event (claim_id, actor_user_id, kind, status) VALUES ($1, $2, 'submitted', 'submitted')`, [claim.id, who.userId])
  return claim.id
}

/** A fresh coverage year: nothing paid, the deductible untouched. */
async function resetYear(who: Claimant, paidFen = 0, deductibleUsedFen = 0): Promise<void> {
  await app.db.query('UPDATE aid_year_usage SET paid_fen = $2, deductible_used_fen = $3 WHERE enrolment_id = $1', [who.enrolment, paidFen, deductibleUsedFen])
}

async function claimRow(id: number) {
  const [row] = await app.db.query<{ status: string; reviewer_id: number | null; second_reviewer_id: number | null; approved_fen: number | null; override_reason: string | null }>(
    'SELECT status, reviewer_id, second_reviewer_id, approved_fen, override_reason FROM aid_claim WHERE id = $1',
    [id],
  )
  return row
}

async function messagesOf(userId: number, kind: string) {
  return app.db.query<{ title: string; body: string }>('SELECT title, body FROM message WHERE user_id = $1 AND kind = $2 ORDER BY id', [userId, kind])
}

let member: Claimant
let sibling: Claimant

beforeAll(async () => {
  app = await openTestApp()
  const [city] = await app.db.query<{ id: number }>('SELECT id FROM branch WHERE level = 1')
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, filing_window_days, rules, status, opened_at)
     VALUES ('审核测试互助计划', 2026, 10000, $1, 180, $2, 'open', now()) RETURNING id`,
    [city.id, JSON.stringify(rules)],
  )
  plan = row.id
  countyReviewer = await app.newStaff('秀洲区总工会', 'claim_reviewer')
  countyReviewer2 = await app.newStaff('秀洲区总工会', 'claim_reviewer')
  townReviewer = await app.newStaff('油车港镇总工会', 'claim_reviewer')
  cityReviewer = await app.newStaff('嘉兴市总工会', 'claim_reviewer')
  otherCountyReviewer = await app.newStaff('南湖区总工会', 'claim_reviewer')
  countyAidAdmin = await app.newStaff('秀洲区总工会', 'aid_admin')
  memberUser = app.users.member
  siblingUser = app.users['sibling-member']
  member = await enrol(memberUser)
  sibling = await enrol(siblingUser)
})
afterAll(() => app?.close())

describe('queue and scope', () => {
  it('lists open claims in scope oldest first, marks the overdue ones, and hides other counties', async () => {
    const old = await fileClaim(member, 100_000, 30)
    const fresh = await fileClaim(member, 100_000, 0)
    const page = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'unassigned', limit: 50 })
    const ids = page.items.map((i) => i.claimId)
    expect(ids.indexOf(old)).toBeGreaterThanOrEqual(0)
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(fresh))
    expect(page.items.find((i) => i.claimId === old)?.overdue).toBe(true)
    expect(page.items.find((i) => i.claimId === fresh)?.overdue).toBe(false)

    const other = await app.ok(otherCountyReviewer, 'aid', 'reviewQueue', { filter: 'all', limit: 50 })
    expect(other.items.map((i) => i.claimId)).not.toContain(old)
    // 待审理赔 on the 工作台 counts them; the other county has none of these.
    const counts = await app.ok(countyReviewer, 'auth', 'workQueues', {})
    expect(counts.pendingClaims).toBeGreaterThanOrEqual(2)
    expect(counts.claimsToPay).toBeNull()
  })

  it('pages through the queue with a cursor', async () => {
    // Two claims filed in the same millisecond's neighbourhood: the cursor must not repeat one.
    await fileClaim(member, 100_000, 3)
    await fileClaim(member, 100_000, 3)
    const first = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'all', limit: 1 })
    expect(first.nextCursor).not.toBeNull()
    const second = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'all', limit: 1, cursor: first.nextCursor })
    expect(second.items[0].claimId).not.toBe(first.items[0].claimId)
    const all = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'all', limit: 50 })
    expect(all.items.slice(0, 2).map((i) => i.claimId)).toEqual([first.items[0].claimId, second.items[0].claimId])
  })

  it('refuses a reviewer of another county: take, read and the documents', async () => {
    const id = await fileClaim(member, 100_000)
    const before = await app.snapshot()
    expect((await app.fail(otherCountyReviewer, 'aid', 'takeClaim', { claimId: id })).code).toBe('NOT_FOUND')
    expect((await app.fail(otherCountyReviewer, 'aid', 'reviewClaim', { claimId: id })).code).toBe('NOT_FOUND')
    const [doc] = await app.db.query<{ file_id: number }>('SELECT file_id FROM aid_claim_document WHERE claim_id = $1', [id])
    expect((await app.fail(otherCountyReviewer, 'file', 'readUrl', { id: doc.file_id })).code).toBe('NOT_FOUND')
    expect(await app.snapshot()).toEqual(before)
  })

  it("refuses a member reading another member's claim", async () => {
    const id = await fileClaim(member, 100_000)
    expect((await app.fail(siblingUser, 'aid', 'claim', { id })).code).toBe('NOT_FOUND')
    expect((await app.fail(siblingUser, 'aid', 'reviewClaim', { claimId: id })).code).toBe('FORBIDDEN')
  })

  it('never lets staff handle their own claim', async () => {
    // The enterprise admin 李伟 is a member of the same enterprise; make him a reviewer at the county.
    const self = await enrol(app.users['enterprise-admin'])
    await app.db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'claim_reviewer', $2)`, [self.userId, await app.branchId('秀洲区总工会')])
    const id = await fileClaim(self, 100_000)
    expect((await app.fail(self.userId, 'aid', 'takeClaim', { claimId: id })).code).toBe('AID_SELF_REVIEW')
    const queue = await app.ok(self.userId, 'aid', 'reviewQueue', { filter: 'all', limit: 50 })
    expect(queue.items.map((i) => i.claimId)).not.toContain(id)
  })
})

describe('one claim, one reviewer', () => {
  it('gives the claim to the first reviewer and tells the second who has it', async () => {
    const id = await fileClaim(member, 100_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    expect((await app.fail(countyReviewer2, 'aid', 'takeClaim', { claimId: id })).code).toBe('AID_CLAIM_TAKEN')
    // A resend by the holder is the same answer.
    expect((await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })).status).toBe('in_review')
    expect((await app.fail(countyReviewer2, 'aid', 'approveClaim', { claimId: id })).code).toBe('AID_CLAIM_TAKEN')
    expect(await messagesOf(memberUser, 'aid_claim_in_review')).not.toHaveLength(0)

    await app.ok(countyReviewer, 'aid', 'releaseClaim', { claimId: id })
    expect(await claimRow(id)).toMatchObject({ status: 'submitted', reviewer_id: null })
    await app.ok(countyReviewer2, 'aid', 'takeClaim', { claimId: id })
    expect((await claimRow(id)).reviewer_id).toBe(countyReviewer2)
  })

  it.runIf(pg)('two reviewers taking the same claim at once: exactly one gets it (PostgreSQL)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const id = await fileClaim(member, 100_000)
      const results = await Promise.all([countyReviewer, countyReviewer2, townReviewer].map((r) => app.call(r, 'aid', 'takeClaim', { claimId: id })))
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      for (const r of results.filter((x) => !x.ok)) expect(r.ok ? null : r.error.code).toBe('AID_CLAIM_TAKEN')
      const [events] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM aid_claim_event WHERE claim_id = $1 AND kind = 'taken'`, [id])
      expect(events.n).toBe(1)
    }
  })
})

describe('outcomes', () => {
  it('shows the documents to the holder through logged signed URLs', async () => {
    await resetYear(sibling)
    const id = await fileClaim(sibling, 100_000)
    const before = await app.ok(countyReviewer, 'aid', 'reviewClaim', { claimId: id })
    expect(before.documents).toHaveLength(0)
    expect(before.can.take).toBe(true)
    // Nor through the file service: a reviewer in scope reads a claim's documents only once it is theirs.
    const [doc] = await app.db.query<{ file_id: number }>('SELECT file_id FROM aid_claim_document WHERE claim_id = $1', [id])
    expect((await app.fail(countyReviewer, 'file', 'readUrl', { id: doc.file_id })).code).toBe('NOT_FOUND')
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    expect((await app.fail(countyReviewer2, 'file', 'readUrl', { id: doc.file_id })).code).toBe('NOT_FOUND')
    const held = await app.ok(countyReviewer, 'aid', 'reviewClaim', { claimId: id })
    expect(held.documents).toHaveLength(1)
    expect(held.documents[0].url).toContain('sig=')
    expect(held.idLast4).toMatch(/^[0-9X]{4}$/)
    // (1,000 − 800 deductible) × 60%.
    expect(held.engine.payoutFen).toBe(12_000)
    const [logged] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'file.read' AND target_ids = ARRAY[$2::int]`,
      [countyReviewer, held.documents[0].id],
    )
    expect(logged.n).toBe(1)
  })

  it('asks for more documents, and the member’s upload brings the claim back to the same reviewer', async () => {
    const id = await fileClaim(member, 100_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    await app.ok(countyReviewer, 'aid', 'askForDocuments', { claimId: id, reason: '发票看不清，请重新拍摄', docTypes: ['invoice'] })
    expect(await claimRow(id)).toMatchObject({ status: 'need_more', reviewer_id: countyReviewer })
    const [told] = await messagesOf(memberUser, 'aid_claim_need_more')
    expect(told.body).toContain('发票看不清')
    // Nobody else can take it meanwhile, and it stays out of the unassigned queue.
    expect((await app.fail(countyReviewer2, 'aid', 'takeClaim', { claimId: id })).code).toBe('AID_CLAIM_TAKEN')

    const [file] = await app.db.query<{ id: number }>(
      `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
       VALUES ($1, 'claim_document', '发票2.pdf', 'ready', 100, 'application/pdf', 'application/pdf', 100, $2, now(), now()) RETURNING id`,
      [memberUser, `private/${'c'.repeat(64)}.pdf`],
    )
    await app.ok(memberUser, 'aid', 'addDocuments', { id, documents: [{ fileId: file.id, docType: 'invoice' }] })
    expect(await claimRow(id)).toMatchObject({ status: 'in_review', reviewer_id: countyReviewer })
    const mine = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'mine', limit: 50 })
    expect(mine.items.map((i) => i.claimId)).toContain(id)
  })

  it('approves the computed amount, and another amount only with a reason', async () => {
    await resetYear(member)
    const id = await fileClaim(member, 100_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    const before = await app.snapshot()
    expect((await app.fail(countyReviewer, 'aid', 'approveClaim', { claimId: id, amountFen: 15_000 })).code).toBe('AID_OVERRIDE_REASON_REQUIRED')
    expect(await app.snapshot()).toEqual(before)
    const done = await app.ok(countyReviewer, 'aid', 'approveClaim', { claimId: id, amountFen: 15_000, reason: '自费药品经核实属政策范围' })
    expect(done).toMatchObject({ status: 'approved', payoutFen: 15_000 })
    expect(await claimRow(id)).toMatchObject({ status: 'approved', approved_fen: 15_000, override_reason: '自费药品经核实属政策范围' })
    // A resend answers the same, and pays nothing twice.
    expect((await app.ok(countyReviewer, 'aid', 'approveClaim', { claimId: id })).payoutFen).toBe(15_000)
    const [payouts] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM aid_payout WHERE source = 'claim' AND source_ref = $1`, [String(id)])
    expect(payouts.n).toBe(1)
    expect(await messagesOf(memberUser, 'aid_claim_approved')).not.toHaveLength(0)
  })

  it('rejects with a reason the member reads', async () => {
    const id = await fileClaim(member, 100_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    await app.ok(countyReviewer, 'aid', 'rejectClaim', { claimId: id, reason: '就诊不在保障期内' })
    expect((await claimRow(id)).status).toBe('rejected')
    expect((await messagesOf(memberUser, 'aid_claim_rejected')).at(-1)?.body).toContain('就诊不在保障期内')
  })
})

describe('second review above 3,000 元', () => {
  /** 1,000,000 fen eligible: (10,000 − 800) × 60% = 5,520.00 元. */
  async function firstApproved(): Promise<number> {
    await resetYear(member)
    const id = await fileClaim(member, 1_000_000)
    await app.ok(townReviewer, 'aid', 'takeClaim', { claimId: id })
    const first = await app.ok(townReviewer, 'aid', 'approveClaim', { claimId: id })
    expect(first).toMatchObject({ status: 'second_review', approvedFen: 552_000, payoutFen: null })
    return id
  }

  it('needs another reviewer at a higher level; the same person and a peer are refused', async () => {
    const id = await firstApproved()
    expect((await app.fail(townReviewer, 'aid', 'approveClaim', { claimId: id })).code).toBe('AID_SECOND_REVIEW_NOT_ALLOWED')
    const townPeer = await app.newStaff('油车港镇总工会', 'claim_reviewer')
    expect((await app.fail(townPeer, 'aid', 'takeClaim', { claimId: id })).code).toBe('AID_SECOND_REVIEW_NOT_ALLOWED')
    expect((await app.fail(townPeer, 'aid', 'approveClaim', { claimId: id })).code).toBe('AID_SECOND_REVIEW_NOT_ALLOWED')
    const queue = await app.ok(countyReviewer, 'aid', 'reviewQueue', { filter: 'second_review', limit: 50 })
    expect(queue.items.map((i) => i.claimId)).toContain(id)
    const done = await app.ok(countyReviewer, 'aid', 'approveClaim', { claimId: id })
    expect(done).toMatchObject({ status: 'approved', payoutFen: 552_000 })
    expect(await claimRow(id)).toMatchObject({ status: 'approved', reviewer_id: townReviewer, second_reviewer_id: countyReviewer })
  })

  it('a first reviewer at the city has a second city reviewer, never himself', async () => {
    const id = await fileClaim(member, 1_000_000)
    await app.ok(cityReviewer, 'aid', 'takeClaim', { claimId: id })
    await app.ok(cityReviewer, 'aid', 'approveClaim', { claimId: id })
    expect((await app.fail(cityReviewer, 'aid', 'approveClaim', { claimId: id })).code).toBe('AID_SECOND_REVIEW_NOT_ALLOWED')
    expect((await app.fail(countyReviewer, 'aid', 'approveClaim', { claimId: id })).code).toBe('AID_SECOND_REVIEW_NOT_ALLOWED')
    const cityPeer = await app.newStaff('嘉兴市总工会', 'claim_reviewer')
    expect((await app.ok(cityPeer, 'aid', 'approveClaim', { claimId: id })).status).toBe('approved')
  })
})

describe('payment', () => {
  it('records the transfer by an aid_admin in scope, keeps only the last four digits, and tells the member', async () => {
    const id = await fileClaim(member, 100_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: id })
    await app.ok(countyReviewer, 'aid', 'approveClaim', { claimId: id })
    const toPay = await app.ok(countyAidAdmin, 'aid', 'reviewQueue', { filter: 'to_pay', limit: 50 })
    expect(toPay.items.map((i) => i.claimId)).toContain(id)
    const counts = await app.ok(countyAidAdmin, 'auth', 'workQueues', {})
    expect(counts.claimsToPay).toBeGreaterThan(0)
    expect(counts.pendingClaims).toBeNull()
    const otherAdmin = await app.newStaff('南湖区总工会', 'aid_admin')
    expect((await app.ok(otherAdmin, 'aid', 'reviewQueue', { filter: 'to_pay', limit: 50 })).items.map((i) => i.claimId)).not.toContain(id)
    expect((await app.fail(otherAdmin, 'aid', 'recordPayment', { claimId: id, bankAccount: '6222021234567890123', transferRef: 'TX-20261122-01' })).code).toBe('NOT_FOUND')
    expect((await app.fail(countyReviewer, 'aid', 'recordPayment', { claimId: id, bankAccount: '6222021234567890123', transferRef: 'TX-20261122-01' })).code).toBe('FORBIDDEN')
    const seen = await app.ok(countyAidAdmin, 'aid', 'reviewClaim', { claimId: id })
    expect(seen).toMatchObject({ status: 'approved', can: { recordPayment: true, approve: false } })
    expect(seen.bill.hospital).toBe('嘉兴市第一医院')
    // aid_admins in scope see the documents too (issue 9 §7), each read logged.
    expect(seen.documents).toHaveLength(1)
    const [read] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'file.read' AND target_ids = ARRAY[$2::int]`,
      [countyAidAdmin, seen.documents[0].id],
    )
    expect(read.n).toBe(1)
    const paid = await app.ok(countyAidAdmin, 'aid', 'recordPayment', { claimId: id, bankAccount: '6222021234567890123', transferRef: 'TX-20261122-01' })
    expect(paid.status).toBe('paid')
    const [row] = await app.db.query<{ bank_account_masked: string; payout_ref: string }>('SELECT bank_account_masked, payout_ref FROM aid_claim WHERE id = $1', [id])
    expect(row.bank_account_masked).toBe('**** 0123')
    const [stored] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM aid_claim_event WHERE claim_id = $1 AND detail::text LIKE '%6222021234567890123%'`,
      [id],
    )
    expect(stored.n).toBe(0)
    // A resend with the same reference is the same answer; another reference is refused.
    expect((await app.ok(countyAidAdmin, 'aid', 'recordPayment', { claimId: id, bankAccount: '6222021234567890123', transferRef: 'TX-20261122-01' })).status).toBe('paid')
    expect((await app.fail(countyAidAdmin, 'aid', 'recordPayment', { claimId: id, bankAccount: '6222021234567890123', transferRef: 'TX-OTHER' })).code).toBe('AID_CLAIM_STATE_CONFLICT')
    expect((await messagesOf(memberUser, 'aid_claim_paid')).at(-1)?.body).toContain('尾号 0123')
    const mine = await app.ok(memberUser, 'aid', 'claim', { id })
    expect(mine.status).toBe('paid')
  })
})

describe('the yearly cap', () => {
  it.runIf(pg)('two approvals at once against the last 1,000 元 of the cap: the total never exceeds it (PostgreSQL)', async () => {
    const who = member
    // 49,000 元 of the 50,000 元 cap already paid this year.
    await resetYear(who, 4_900_000, 80_000)
    const a = await fileClaim(who, 400_000)
    const b = await fileClaim(who, 400_000)
    await app.ok(countyReviewer, 'aid', 'takeClaim', { claimId: a })
    await app.ok(countyReviewer2, 'aid', 'takeClaim', { claimId: b })
    const [ra, rb] = await Promise.all([
      app.call(countyReviewer, 'aid', 'approveClaim', { claimId: a }),
      app.call(countyReviewer2, 'aid', 'approveClaim', { claimId: b }),
    ])
    expect(ra.ok && rb.ok).toBe(true)
    const [usage] = await app.db.query<{ paid_fen: number }>('SELECT paid_fen FROM aid_year_usage WHERE enrolment_id = $1', [who.enrolment])
    expect(usage.paid_fen).toBe(5_000_000)
    const payouts = await app.db.query<{ amount_fen: number }>(
      `SELECT amount_fen FROM aid_payout WHERE source = 'claim' AND source_ref = ANY($1::text[]) ORDER BY amount_fen`,
      [[String(a), String(b)]],
    )
    expect(payouts.map((p) => p.amount_fen)).toEqual([0, 100_000])
  })
})
