/**
 * 医疗互助 manual claims, the member's side: health-data consent, the estimate, submitting with
 * its checks (every bad input refused with its own code and nothing written), 补充材料, withdrawing,
 * and who may read a claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActionInput } from '../../src/shared/api'
import { healthConsentVersion } from '../../src/shared/aid/claim-types'
import type { ClaimDocType } from '../../src/shared/aid/claim-types'
import { computePayout, freshYear } from '../../src/shared/aid/payout-engine'
import type { ErrorCode } from '../../src/shared/errors'
import type { FilePurpose } from '../../src/shared/file-purposes'
import { addDays, shanghaiDay, shanghaiYear } from '../../server/points/calendar'
import { demoAidRules } from '../../server/seed/demo-aid'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

/** The demo plan's rules: the figures below are worked out from them. */
const rules = demoAidRules
const filingWindowDays = 30

let app: TestApp
const today = shanghaiDay(new Date())
const day = (offset: number) => addDays(today, offset)
/** Users: the claimant, another member (in her own observation period), a staff user who is no member. */
let member: number
let other: number
let staff: number
/** The claimant's coverage in force; the other member's, still in observation. */
let coverage: number
let otherCoverage: number

let planSerial = 0
/** A plan of its own for each enrolment, so one member can hold coverages in any state. */
async function enrol(userId: number, dates: { startsOn: string; observationEndsOn: string; endsOn: string }, status = 'active'): Promise<number> {
  planSerial += 1
  const year = shanghaiYear(new Date())
  const [plan] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_plan (name, coverage_year, contribution_fen, eligible_branch_id, individual_enrolment, filing_window_days, rules, status, opened_at)
     SELECT $1, $2, 10000, b.id, true, $3, $4, 'open', now() FROM branch b WHERE b.level = 1 RETURNING id`,
    [`理赔测试计划 ${planSerial}`, year, filingWindowDays, JSON.stringify(rules)],
  )
  const [enrolment] = await app.db.query<{ id: number }>(
    `INSERT INTO aid_enrolment (plan_id, member_id, branch_id, source, status, starts_on, observation_ends_on, ends_on)
     SELECT $1, m.id, m.branch_id, 'individual', $3, $4, $5, $6 FROM member m WHERE m.user_id = $2 RETURNING id`,
    [plan.id, userId, status, dates.startsOn, dates.observationEndsOn, dates.endsOn],
  )
  await app.db.query('INSERT INTO aid_year_usage (enrolment_id, coverage_year) VALUES ($1, $2)', [enrolment.id, year])
  return enrolment.id
}

const inForce = () => ({ startsOn: day(-300), observationEndsOn: day(-200), endsOn: day(60) })

let fileSerial = 0
/** A ready upload of `owner`'s, as the file service leaves it (its own tests cover the bytes). */
async function upload(owner: number, purpose: FilePurpose = 'claim_document', type: 'image/jpeg' | 'application/pdf' = 'image/jpeg'): Promise<number> {
  fileSerial += 1
  const ext = type === 'application/pdf' ? 'pdf' : 'jpg'
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
     VALUES ($1, $2, $3, 'ready', 100, $4, $4, 100, $5, now(), now()) RETURNING id`,
    [owner, purpose, `材料${fileSerial}.${ext}`, type, `private/${String(fileSerial).padStart(64, '0')}.${ext}`],
  )
  return row.id
}

async function checklist(owner: number, types: ClaimDocType[] = ['invoice', 'discharge_summary', 'itemised_bill']) {
  return Promise.all(types.map(async (docType) => ({ fileId: await upload(owner), docType })))
}

let requestSerial = 0
type SubmitInput = ActionInput<'aid', 'submitClaim'>
/** A sane 住院 bill: 5 days in hospital ending 10 days ago, 20,000.00 元 of which 8,000.00 self-paid and 6,000.00 eligible. */
async function claimInput(overrides: Partial<SubmitInput> = {}): Promise<SubmitInput> {
  requestSerial += 1
  return {
    requestId: `claim-test-${requestSerial}-${Date.now().toString(36)}`,
    enrolmentId: coverage,
    claimType: 'hospital',
    // One live claim per stay: each claim of these tests is a stay of its own.
    hospital: `上海市第${requestSerial}人民医院`,
    admissionOn: day(-15),
    dischargeOn: day(-10),
    totalFen: 2_000_000,
    insurancePaidFen: 1_200_000,
    selfPaidFen: 800_000,
    eligibleFen: 600_000,
    documents: overrides.documents ?? (await checklist(member)),
    ...overrides,
  }
}

/** Every table the app writes, plus which record each file belongs to and the claims' states. */
async function snapshot() {
  const counts = await app.snapshot()
  const [extra] = await app.db.query<{ claims: number; documents: number; events: number; consents: number; files: string | null }>(
    `SELECT (SELECT count(*)::int FROM aid_claim) AS claims, (SELECT count(*)::int FROM aid_claim_document) AS documents,
            (SELECT count(*)::int FROM aid_claim_event) AS events, (SELECT count(*)::int FROM aid_consent) AS consents,
            (SELECT md5(string_agg(id || ':' || COALESCE(record, '') || ':' || (delete_after IS NULL), ',' ORDER BY id)) FROM file) AS files`,
  )
  const [states] = await app.db.query<{ s: string | null }>(`SELECT md5(string_agg(id || status || document_round, ',' ORDER BY id)) AS s FROM aid_claim`)
  return { ...counts, ...extra, claimStates: states.s }
}

/** A refusal with this code that writes nothing at all. */
async function refused(as: number, action: 'submitClaim' | 'claimEstimate' | 'addDocuments' | 'withdrawClaim' | 'giveHealthConsent', input: unknown, code: ErrorCode) {
  const before = await snapshot()
  const error = await app.fail(as, 'aid', action, input)
  expect(error.code, error.message).toBe(code)
  expect(await snapshot()).toEqual(before)
  return error
}

beforeAll(async () => {
  app = await openTestApp()
  member = app.users.member
  other = app.users['sibling-member']
  staff = await app.newStaff('油车港镇总工会', 'claim_reviewer')
  coverage = await enrol(member, inForce())
  otherCoverage = await enrol(other, { startsOn: day(-20), observationEndsOn: day(70), endsOn: day(300) })
})
afterAll(() => app?.close())

describe('health-data consent', () => {
  it('is asked before the first claim, recorded once per text version, and refused for an outdated text', async () => {
    expect(await app.ok(member, 'aid', 'healthConsent', {})).toEqual({ version: healthConsentVersion, givenAt: null })
    await refused(member, 'submitClaim', await claimInput(), 'AID_HEALTH_CONSENT_REQUIRED')
    await refused(member, 'giveHealthConsent', { version: '2020-01-v0' }, 'AID_HEALTH_CONSENT_OUTDATED')

    const given = await app.ok(member, 'aid', 'giveHealthConsent', { version: healthConsentVersion })
    expect(given.givenAt).not.toBeNull()
    const again = await app.ok(member, 'aid', 'giveHealthConsent', { version: healthConsentVersion })
    expect(again.givenAt).toBe(given.givenAt)
    const rows = await app.db.query<{ kind: string; version: string }>(
      'SELECT c.kind, c.version FROM aid_consent c JOIN member m ON m.id = c.member_id WHERE m.user_id = $1',
      [member],
    )
    expect(rows).toEqual([{ kind: 'health_data', version: healthConsentVersion }])
    expect((await app.ok(member, 'aid', 'healthConsent', {})).givenAt).toBe(given.givenAt)
  })
})

describe('the estimate', () => {
  it('is the engine over the member own coverage and year so far, with its explanation', async () => {
    const input = await claimInput()
    const { requestId: _request, hospital: _hospital, documents: _documents, ...bill } = input
    const estimate = await app.ok(member, 'aid', 'claimEstimate', bill)
    const expected = computePayout(rules, { eligibleFen: 600_000, hospitalDays: 5 }, freshYear)
    // 6,000.00 − 800.00 = 5,200.00 × 60% = 3,120.00, plus days 4–5 at 30.00.
    expect(expected.payoutFen).toBe(318_000)
    expect(estimate).toEqual({
      payoutFen: expected.payoutFen,
      deductibleFen: expected.deductibleFen,
      hospitalDays: expected.hospitalDays,
      lines: expected.lines,
      yearLeftFen: 5_000_000,
    })
  })

  it('refuses what a submit would refuse', async () => {
    const { requestId: _r, hospital: _h, documents: _d, ...bill } = await claimInput({ documents: [] })
    await refused(member, 'claimEstimate', { ...bill, enrolmentId: otherCoverage }, 'AID_CLAIM_COVERAGE_NOT_FOUND')
    await refused(member, 'claimEstimate', { ...bill, dischargeOn: day(-20) }, 'AID_CLAIM_DATES_INVALID')
  })
})

describe('submitting a claim', () => {
  it('refuses every bad input with its own code and writes nothing', async () => {
    await app.ok(member, 'aid', 'giveHealthConsent', { version: healthConsentVersion })
    const lapsed = await enrol(member, { startsOn: day(-700), observationEndsOn: day(-610), endsOn: day(-335) })
    const unpaid = await enrol(member, inForce(), 'pending_payment')
    const cancelled = await enrol(member, inForce(), 'cancelled')
    const cases: [string, Partial<SubmitInput>, ErrorCode][] = [
      ['a negative amount', { totalFen: -100 }, 'VALIDATION_FAILED'],
      ['an absurd amount', { totalFen: 100_000_000_000, selfPaidFen: 99_998_800_000 }, 'VALIDATION_FAILED'],
      ['a fraction of a fen', { eligibleFen: 600_000.5 }, 'VALIDATION_FAILED'],
      ['amounts that do not add up', { insurancePaidFen: 1_000_000 }, 'AID_CLAIM_BILL_INVALID'],
      ['more eligible than self-paid', { eligibleFen: 900_000 }, 'AID_CLAIM_BILL_INVALID'],
      ['discharge before admission', { admissionOn: day(-10), dischargeOn: day(-15) }, 'AID_CLAIM_DATES_INVALID'],
      ['a discharge in the future', { admissionOn: day(-2), dischargeOn: day(3) }, 'AID_CLAIM_DATES_INVALID'],
      ['a date that does not exist', { admissionOn: '2026-02-30' }, 'VALIDATION_FAILED'],
      ["someone else's coverage", { enrolmentId: otherCoverage }, 'AID_CLAIM_COVERAGE_NOT_FOUND'],
      ['a coverage that does not exist', { enrolmentId: 2_000_000_000 }, 'AID_CLAIM_COVERAGE_NOT_FOUND'],
      ['a coverage that has lapsed', { enrolmentId: lapsed }, 'AID_CLAIM_COVERAGE_LAPSED'],
      ['a coverage not yet paid for', { enrolmentId: unpaid }, 'AID_CLAIM_COVERAGE_LAPSED'],
      ['a cancelled coverage', { enrolmentId: cancelled }, 'AID_CLAIM_COVERAGE_LAPSED'],
      ['an admission before the coverage began', { admissionOn: day(-301), dischargeOn: day(-10) }, 'AID_CLAIM_COVERAGE_LAPSED'],
      ['an admission in the observation period', { admissionOn: day(-201), dischargeOn: day(-10) }, 'AID_CLAIM_IN_OBSERVATION'],
      ['a discharge outside the filing window', { admissionOn: day(-40), dischargeOn: day(-filingWindowDays - 1) }, 'AID_CLAIM_FILING_CLOSED'],
      ['a critical illness without its illness', { claimType: 'critical_illness' }, 'VALIDATION_FAILED'],
      ['an illness outside the plan', { claimType: 'critical_illness', criticalIllnessCode: 'CI99' }, 'AID_CLAIM_ILLNESS_UNKNOWN'],
      ['an illness named for a stay', { criticalIllnessCode: 'CI01' }, 'VALIDATION_FAILED'],
      ['a missing checklist document', { documents: (await checklist(member)).slice(0, 2) }, 'AID_CLAIM_DOCUMENTS_MISSING'],
      ["someone else's document", { documents: [...(await checklist(member)).slice(0, 2), { fileId: await upload(other), docType: 'itemised_bill' }] }, 'FILE_NOT_YOURS'],
      ['a document of another purpose', { documents: [...(await checklist(member)).slice(0, 2), { fileId: await upload(member, 'dating_photo'), docType: 'itemised_bill' }] }, 'FILE_WRONG_PURPOSE'],
      ['one file twice', { documents: await checklist(member).then((docs) => [...docs, docs[0]]) }, 'VALIDATION_FAILED'],
    ]
    const wrong: string[] = []
    for (const [what, overrides, code] of cases) {
      const input = await claimInput(overrides)
      const before = await snapshot()
      const result = await app.call(member, 'aid', 'submitClaim', input)
      const got = result.ok ? 'accepted' : result.error.code
      if (got !== code) wrong.push(`${what}: expected ${code}, got ${got}${result.ok ? '' : ` (${result.error.message})`}`)
      else if (JSON.stringify(await snapshot()) !== JSON.stringify(before)) wrong.push(`${what}: refused but wrote something`)
    }
    expect(wrong).toEqual([])
  })

  it('tells the member why, in Chinese', async () => {
    const window = await refused(member, 'submitClaim', await claimInput({ admissionOn: day(-40), dischargeOn: day(-31) }), 'AID_CLAIM_FILING_CLOSED')
    expect(window.message).toContain(`出院后 ${filingWindowDays} 天内`)
    const observation = await refused(member, 'submitClaim', await claimInput({ admissionOn: day(-201) }), 'AID_CLAIM_IN_OBSERVATION')
    expect(observation.message).toContain(day(-200))
    const missing = await refused(member, 'submitClaim', await claimInput({ documents: await checklist(member, ['invoice']) }), 'AID_CLAIM_DOCUMENTS_MISSING')
    expect(missing.message).toBe('住院申请还需上传：出院小结、费用明细清单')
  })

  it('files the claim with its documents, its estimate and a timeline, once per request id', async () => {
    const input = await claimInput()
    const first = await app.ok(member, 'aid', 'submitClaim', input)
    expect(first.replayed).toBe(false)
    const claim = first.claim
    expect(claim).toMatchObject({
      status: 'submitted',
      claimType: 'hospital',
      hospitalDays: 5,
      computedFen: 318_000,
      approvedFen: null,
      totalFen: 2_000_000,
      documents: expect.any(Array),
      events: [expect.objectContaining({ kind: 'submitted', status: 'submitted', actor: 'member' })],
    })
    expect(claim.computedLines.at(-1)).toContain('3,180.00')
    const byFile = (a: [number, ...unknown[]], b: [number, ...unknown[]]) => a[0] - b[0]
    expect(claim.documents.map((d): [number, string, number] => [d.file.id, d.docType, d.round]).sort(byFile)).toEqual(
      input.documents.map((d): [number, string, number] => [d.fileId, d.docType, 0]).sort(byFile),
    )
    expect(claim.documents.every((d) => d.read.url.startsWith('/files/private/') && d.read.expiresAt !== null)).toBe(true)
    const records = await app.db.query<{ record: string }>('SELECT record FROM file WHERE id = ANY($1::int[])', [input.documents.map((d) => d.fileId)])
    expect(records.map((r) => r.record)).toEqual([`aid_claim:${claim.id}`, `aid_claim:${claim.id}`, `aid_claim:${claim.id}`])
    const [row] = await app.db.query<{ branch_path: string }>('SELECT branch_path FROM aid_claim WHERE id = $1', [claim.id])
    expect(row.branch_path).toMatch(/^\/\d+\/\d+\/\d+\/\d+\/$/)

    const before = await snapshot()
    const again = await app.ok(member, 'aid', 'submitClaim', input)
    expect(again).toMatchObject({ replayed: true, claim: { id: claim.id } })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a second live claim for the same stay, and takes it again once the first is withdrawn', async () => {
    const input = await claimInput()
    const { claim } = await app.ok(member, 'aid', 'submitClaim', input)
    const again = { ...(await claimInput()), hospital: input.hospital }
    const refusal = await refused(member, 'submitClaim', again, 'AID_CLAIM_DUPLICATE')
    expect(refusal.message).toContain(input.hospital)
    await app.ok(member, 'aid', 'withdrawClaim', { id: claim.id })
    expect((await app.ok(member, 'aid', 'submitClaim', again)).replayed).toBe(false)
  })

  it('makes one claim of two submits with one request id at once', async () => {
    const input = await claimInput()
    const [a, b] = await Promise.all([app.ok(member, 'aid', 'submitClaim', input), app.ok(member, 'aid', 'submitClaim', input)])
    expect(a.claim.id).toBe(b.claim.id)
    expect([a.replayed, b.replayed].sort()).toEqual([false, true])
    const rows = await app.db.query('SELECT id FROM aid_claim WHERE request_id = $1', [input.requestId])
    expect(rows).toHaveLength(1)
  })

  it('files a 重大疾病 claim with the illness as the plan spells it', async () => {
    const input = await claimInput({
      claimType: 'critical_illness',
      criticalIllnessCode: 'ci01',
      documents: await checklist(member, ['diagnosis', 'pathology', 'invoice']),
    })
    const { claim } = await app.ok(member, 'aid', 'submitClaim', input)
    expect(claim).toMatchObject({ criticalIllnessCode: 'CI01', hospitalDays: null })
    expect(claim.computedFen).toBe(computePayout(rules, { eligibleFen: 600_000, criticalIllnessCode: 'CI01' }, freshYear).payoutFen)
  })

  it('is refused to whoever is not a member', async () => {
    expect((await app.fail(staff, 'aid', 'submitClaim', await claimInput({ documents: await checklist(staff) }))).code).toBe('NOT_MEMBER')
  })
})

describe('reading claims', () => {
  it("shows a member their own claims, newest first, page by page, and never another member's", async () => {
    const first = await app.ok(member, 'aid', 'myClaims', { limit: 2 })
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).not.toBeNull()
    const rest = await app.ok(member, 'aid', 'myClaims', { limit: 50, cursor: first.nextCursor })
    const ids = [...first.items, ...rest.items].map((c) => c.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const [own] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM aid_claim c JOIN member m ON m.id = c.member_id WHERE m.user_id = $1', [member])
    expect(ids).toHaveLength(own.n)

    expect((await app.ok(other, 'aid', 'myClaims', { limit: 50 })).items).toEqual([])
    const before = await snapshot()
    const refusal = await app.fail(other, 'aid', 'claim', { id: ids[0] })
    expect(refusal.code).toBe('NOT_FOUND')
    expect((await app.fail(staff, 'aid', 'claim', { id: ids[0] })).code).toBe('NOT_MEMBER')
    expect((await app.fail(null, 'aid', 'claim', { id: ids[0] })).code).toBe('UNAUTHENTICATED')
    expect(await snapshot()).toEqual(before)
  })

  it('logs no read when the claimant opens their own documents', async () => {
    const [claim] = (await app.ok(member, 'aid', 'myClaims', { limit: 1 })).items
    const [before] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'file.read'`)
    const detail = await app.ok(member, 'aid', 'claim', { id: claim.id })
    expect(detail.documents.length).toBeGreaterThan(0)
    const [after] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'file.read'`)
    expect(after.n).toBe(before.n)
  })
})

describe('补充材料', () => {
  it('is taken only while asked for, returns the claim to the same reviewer, and is idempotent', async () => {
    const { claim } = await app.ok(member, 'aid', 'submitClaim', await claimInput())
    const supplement = [{ fileId: await upload(member, 'claim_document', 'application/pdf'), docType: 'supplement' as const }]
    await refused(member, 'addDocuments', { id: claim.id, documents: supplement }, 'AID_CLAIM_STATE_CONFLICT')

    // What the reviewer's side does when asking for more (server/aid/review.ts).
    await app.db.query(
      `UPDATE aid_claim SET status = 'need_more', reviewer_id = $2, taken_at = now(), status_reason = '请补充费用明细清单' WHERE id = $1`,
      [claim.id, staff],
    )
    await refused(other, 'addDocuments', { id: claim.id, documents: [{ fileId: await upload(other), docType: 'supplement' }] }, 'NOT_FOUND')
    await refused(member, 'addDocuments', { id: claim.id, documents: [{ fileId: await upload(other), docType: 'supplement' }] }, 'FILE_NOT_YOURS')

    const input = { id: claim.id, documents: supplement, note: '已补充明细' }
    const { claim: back } = await app.ok(member, 'aid', 'addDocuments', input)
    expect(back.status).toBe('in_review')
    expect(back.documents.filter((d) => d.round === 1).map((d) => [d.file.id, d.docType])).toEqual([[supplement[0].fileId, 'supplement']])
    expect(back.events.at(-1)).toMatchObject({ kind: 'documents_added', status: 'in_review', reason: '已补充明细', actor: 'member' })
    const [row] = await app.db.query<{ reviewer_id: number; document_round: number }>('SELECT reviewer_id, document_round FROM aid_claim WHERE id = $1', [claim.id])
    expect(row).toEqual({ reviewer_id: staff, document_round: 1 })

    const before = await snapshot()
    expect((await app.ok(member, 'aid', 'addDocuments', input)).claim.events).toHaveLength(back.events.length)
    expect(await snapshot()).toEqual(before)

    // Asked again: the same upload replayed is no answer.
    await app.db.query(`UPDATE aid_claim SET status = 'need_more', status_reason = '请补充出院小结' WHERE id = $1`, [claim.id])
    await refused(member, 'addDocuments', input, 'AID_CLAIM_DOCUMENTS_MISSING')
  })
})

describe('withdrawing', () => {
  it('is allowed before a decision, releases the documents, and answers the same when repeated', async () => {
    const input = await claimInput()
    const { claim } = await app.ok(member, 'aid', 'submitClaim', input)
    await refused(other, 'withdrawClaim', { id: claim.id }, 'NOT_FOUND')
    const { claim: withdrawn } = await app.ok(member, 'aid', 'withdrawClaim', { id: claim.id })
    expect(withdrawn.status).toBe('withdrawn')
    expect(withdrawn.events.at(-1)).toMatchObject({ kind: 'withdrawn', actor: 'member' })
    const released = await app.db.query<{ keep: boolean }>(
      `SELECT delete_after > now() + interval '29 days' AS keep FROM file WHERE id = ANY($1::int[])`,
      [input.documents.map((d) => d.fileId)],
    )
    expect(released.map((r) => r.keep)).toEqual([true, true, true])
    // Still shown to the member until they are deleted.
    expect(withdrawn.documents).toHaveLength(3)
    const before = await snapshot()
    expect((await app.ok(member, 'aid', 'withdrawClaim', { id: claim.id })).claim.status).toBe('withdrawn')
    expect(await snapshot()).toEqual(before)
  })

  it('is refused once the claim is decided; a closed claim keeps its documents five years', async () => {
    const input = await claimInput()
    const { claim } = await app.ok(member, 'aid', 'submitClaim', input)
    await app.db.query(`UPDATE aid_claim SET status = 'rejected', decided_at = now(), status_reason = '不属于保障范围' WHERE id = $1`, [claim.id])
    await refused(member, 'withdrawClaim', { id: claim.id }, 'AID_CLAIM_STATE_CONFLICT')
    const kept = await app.db.query<{ five_years: boolean }>(
      `SELECT delete_after BETWEEN now() + interval '5 years' - interval '1 day' AND now() + interval '5 years' AS five_years
         FROM file WHERE id = ANY($1::int[])`,
      [input.documents.map((d) => d.fileId)],
    )
    expect(kept.map((r) => r.five_years)).toEqual([true, true, true])
  })
})
