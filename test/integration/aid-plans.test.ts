import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanRules } from '../../src/shared/api/aid-plans'
import { createEnrolments } from '../../server/aid/coverage'
import { addDays, shanghaiDay, shanghaiYear } from '../../server/points/calendar'
import { demoAidRules } from '../../server/seed/demo-aid'
import { insertAidPlan } from '../support/aid-fixtures'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers } from '../support/mall-fixtures'

let app: TestApp
let cityAid: number
let county: number
const year = shanghaiYear(new Date())
beforeAll(async () => {
  app = await openTestApp()
  cityAid = app.users['city-admin']
  county = await app.branchId('秀洲区总工会')
})
afterAll(() => app?.close())

const planInput = (fields: Record<string, unknown> = {}) => ({
  name: '秀洲区职工医疗互助（测试）',
  coverageYear: year + 1,
  contributionFen: 10_000,
  eligibleBranchId: county,
  individualEnrolment: true,
  participationMinBp: 8000,
  filingWindowDays: 180,
  rules: demoAidRules,
  ...fields,
})

describe('plans: drafts, frozen rules, versions', () => {
  it('a city aid_admin drafts, edits and opens a plan; its rules are then frozen in the action and in the database', async () => {
    const draft = await app.ok(cityAid, 'aid', 'savePlan', planInput())
    expect(draft).toMatchObject({ status: 'draft', version: 1, editable: true, eligibleBranch: { id: county } })
    const edited = await app.ok(cityAid, 'aid', 'savePlan', planInput({ id: draft.id, contributionFen: 12_000 }))
    expect(edited).toMatchObject({ id: draft.id, contributionFen: 12_000 })

    const opened = await app.ok(cityAid, 'aid', 'openPlan', { id: draft.id })
    expect(opened).toMatchObject({ status: 'open', editable: false })
    expect(opened.openedAt).not.toBeNull()
    expect((await app.fail(cityAid, 'aid', 'savePlan', planInput({ id: draft.id, contributionFen: 1 }))).code).toBe('AID_PLAN_FROZEN')
    expect((await app.fail(cityAid, 'aid', 'openPlan', { id: draft.id })).code).toBe('AID_PLAN_STATE_CONFLICT')

    // No code path can change them: the trigger refuses a direct UPDATE or DELETE.
    const cheaper: PlanRules = { ...demoAidRules, yearlyCapFen: 1 }
    await expect(app.db.query('UPDATE aid_plan SET rules = $2 WHERE id = $1', [draft.id, JSON.stringify(cheaper)])).rejects.toThrow(/frozen/)
    await expect(app.db.query('UPDATE aid_plan SET contribution_fen = 1 WHERE id = $1', [draft.id])).rejects.toThrow(/frozen/)
    await expect(app.db.query(`UPDATE aid_plan SET status = 'draft', opened_at = NULL WHERE id = $1`, [draft.id])).rejects.toThrow()
    await expect(app.db.query('DELETE FROM aid_plan WHERE id = $1', [draft.id])).rejects.toThrow(/draft/)
    const [stored] = await app.db.query<{ rules: PlanRules; contribution_fen: number }>('SELECT rules, contribution_fen FROM aid_plan WHERE id = $1', [draft.id])
    expect(stored).toEqual({ rules: demoAidRules, contribution_fen: 12_000 })
  })

  it('a correction is a new version: a draft copy that replaces the old one when opened', async () => {
    const v1 = await app.ok(cityAid, 'aid', 'savePlan', planInput({ name: '版本测试互助计划' }))
    expect((await app.fail(cityAid, 'aid', 'newPlanVersion', { id: v1.id })).code).toBe('AID_PLAN_STATE_CONFLICT')
    await app.ok(cityAid, 'aid', 'openPlan', { id: v1.id })
    const v2 = await app.ok(cityAid, 'aid', 'newPlanVersion', { id: v1.id })
    expect(v2).toMatchObject({ status: 'draft', version: 2, previousVersionId: v1.id, rules: demoAidRules, name: '版本测试互助计划' })
    expect((await app.fail(cityAid, 'aid', 'newPlanVersion', { id: v1.id })).code).toBe('AID_PLAN_VERSION_EXISTS')
    expect((await app.ok(cityAid, 'aid', 'plan', { id: v1.id })).nextVersionId).toBe(v2.id)

    const corrected = { ...demoAidRules, deductibleFen: 50_000 }
    await app.ok(cityAid, 'aid', 'savePlan', planInput({ id: v2.id, name: '版本测试互助计划', rules: corrected }))
    const opened = await app.ok(cityAid, 'aid', 'openPlan', { id: v2.id })
    expect(opened.rules.deductibleFen).toBe(50_000)
    expect(await app.ok(cityAid, 'aid', 'plan', { id: v1.id })).toMatchObject({ status: 'closed', rules: demoAidRules })

    const closed = await app.ok(cityAid, 'aid', 'closePlan', { id: v2.id })
    expect(closed.status).toBe('closed')
    expect((await app.fail(cityAid, 'aid', 'closePlan', { id: v2.id })).code).toBe('AID_PLAN_STATE_CONFLICT')
  })

  it('two admins correcting one plan at once make one new version', async () => {
    const v1 = await app.ok(cityAid, 'aid', 'savePlan', planInput({ name: '并发版本互助计划' }))
    await app.ok(cityAid, 'aid', 'openPlan', { id: v1.id })
    const results = await Promise.all(Array.from({ length: 4 }, () => app.call(cityAid, 'aid', 'newPlanVersion', { id: v1.id })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('AID_PLAN_VERSION_EXISTS')
  })

  it('refuses rules that do not add up, and plans from anyone but a city aid_admin', async () => {
    const before = await app.snapshot()
    const bad = async (rules: unknown) => (await app.fail(cityAid, 'aid', 'savePlan', planInput({ rules }))).message
    expect(await bad({ ...demoAidRules, bands: [{ uptoFen: 100, ratioBp: 6000 }, { uptoFen: 50, ratioBp: 6000 }, { uptoFen: null, ratioBp: 7000 }] })).toMatch(/递增/)
    expect(await bad({ ...demoAidRules, bands: [{ uptoFen: 100, ratioBp: 6000 }] })).toMatch(/最后一段/)
    expect(await bad({ ...demoAidRules, perClaimCapFen: demoAidRules.yearlyCapFen + 1 })).toMatch(/单次封顶额/)
    expect(await bad({ ...demoAidRules, deductibleFen: 80_000.5 })).toMatch(/精确到分/)
    expect(await bad({ ...demoAidRules, bands: [{ uptoFen: null, ratioBp: 10_001 }] })).toMatch(/100%/)
    expect(await bad({ ...demoAidRules, criticalIllness: [demoAidRules.criticalIllness[0], demoAidRules.criticalIllness[0]] })).toMatch(/重复/)
    const countyAid = await app.newStaff('秀洲区总工会', 'aid_admin')
    const refused = await app.fail(countyAid, 'aid', 'savePlan', planInput())
    expect(refused).toEqual({ code: 'FORBIDDEN', message: '只有市级互助管理员可以制定互助计划' })
    expect(await app.snapshot()).toMatchObject({ aid_plan: before.aid_plan })
  })
})

describe('who sees which plans', () => {
  it('aid_admins see plans of their subtree and those above it; members see open plans on their chain', async () => {
    const nanhu = await insertAidPlan(app.db, { branch: '南湖区总工会', name: '南湖区互助计划' })
    const xiuzhou = await insertAidPlan(app.db, { branch: '秀洲区总工会', name: '秀洲区互助计划' })
    const townDraft = await insertAidPlan(app.db, { branch: '油车港镇总工会', name: '油车港镇互助计划', status: 'draft' })
    const townAid = await app.newStaff('油车港镇总工会', 'aid_admin')
    const managed = await app.ok(townAid, 'aid', 'plans', { view: 'manage', limit: 50 })
    const ids = managed.items.map((p) => p.id)
    expect(ids).toEqual(expect.arrayContaining([xiuzhou, townDraft]))
    expect(ids).not.toContain(nanhu)
    // Only a city aid_admin edits, and only drafts.
    expect(managed.items.every((p) => !p.editable)).toBe(true)

    const member = app.users.member
    const open = await app.ok(member, 'aid', 'plans', { limit: 50 })
    const openIds = open.items.map((p) => p.id)
    expect(openIds).toContain(xiuzhou)
    expect(openIds).not.toContain(nanhu)
    expect(openIds).not.toContain(townDraft)
    expect((await app.fail(member, 'aid', 'plan', { id: nanhu })).code).toBe('NOT_FOUND')
    expect((await app.fail(member, 'aid', 'plans', { view: 'manage' })).code).toBe('FORBIDDEN')
  })

  it('pages through plans newest year first', async () => {
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number; coverageYear: number }[]; nextCursor: string | null } = await app.ok(cityAid, 'aid', 'plans', { view: 'manage', limit: 2, cursor })
      seen.push(...page.items.map((p) => p.coverageYear * 1_000_000 + p.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    const [count] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM aid_plan')
    expect(seen).toHaveLength(count.n)
  })
})

describe('enrolment periods and the member coverage', () => {
  it('starts observation with a new enrolment, waives it on renewal, and enrols a member once a year', async () => {
    const lastYear = await insertAidPlan(app.db, { year: year - 1, branch: '秀洲区总工会', name: '去年的计划' })
    const thisYear = await insertAidPlan(app.db, { year, branch: '秀洲区总工会', name: '今年的计划' })
    const [renewing, newcomer] = await fundedMembers(app, [0, 0])
    const branchId = await app.branchId('嘉兴恒创电子有限公司工会')
    const plan = async (id: number) => (await app.db.query<{ id: number; coverage_year: number; rules: PlanRules }>('SELECT id, coverage_year, rules FROM aid_plan WHERE id = $1', [id]))[0]
    await createEnrolments(app.db, await plan(lastYear), [{ memberId: renewing.memberId, branchId, source: 'individual', status: 'active', startsOn: `${year - 1}-03-01` }])
    const late = createEnrolments(app.db, await plan(lastYear), [{ memberId: newcomer.memberId, branchId, source: 'individual', status: 'active' }])
    await expect(late).rejects.toMatchObject({ code: 'AID_PLAN_STATE_CONFLICT' })
    const today = shanghaiDay(new Date())
    const created = await createEnrolments(app.db, await plan(thisYear), [
      { memberId: renewing.memberId, branchId, source: 'individual', status: 'active' },
      { memberId: newcomer.memberId, branchId, source: 'individual', status: 'active' },
    ], today)
    expect(created).toHaveLength(2)
    const periods = await app.db.query<{ member_id: number; starts_on: string; observation_ends_on: string; ends_on: string }>(
      'SELECT member_id, starts_on::text, observation_ends_on::text, ends_on::text FROM aid_enrolment WHERE plan_id = $1 ORDER BY id',
      [thisYear],
    )
    expect(periods).toEqual([
      { member_id: renewing.memberId, starts_on: today, observation_ends_on: today, ends_on: `${year}-12-31` },
      { member_id: newcomer.memberId, starts_on: today, observation_ends_on: addDays(today, 90), ends_on: `${year}-12-31` },
    ])
    // Already enrolled this year, in this plan or another one: skipped, for the caller to report.
    const other = await insertAidPlan(app.db, { year, branch: '嘉兴市总工会', name: '另一个今年的计划' })
    expect(await createEnrolments(app.db, await plan(thisYear), [{ memberId: newcomer.memberId, branchId, source: 'individual', status: 'active' }])).toEqual([])
    expect(await createEnrolments(app.db, await plan(other), [{ memberId: newcomer.memberId, branchId, source: 'individual', status: 'active' }])).toEqual([])

    const coverage = await app.ok(newcomer.userId, 'aid', 'coverage', {})
    expect(coverage.current).toMatchObject({ inObservation: true, current: true, observationEndsOn: addDays(today, 90), usage: { paidFen: 0, leftFen: demoAidRules.yearlyCapFen } })
    // Enrolled this year: only next year's plans may still be joined.
    expect(coverage.individualPlans.filter((p) => p.coverageYear === year)).toEqual([])
  })

  // PGlite runs one statement at a time: two transactions there cannot race.
  it.runIf(process.env.TEST_DB === 'pg')('enrols a member once a year when two plans of that year enrol them at the same moment', async () => {
    const plans = await Promise.all(['同年计划甲', '同年计划乙'].map((name) => insertAidPlan(app.db, { year: year + 1, name })))
    const rows = await app.db.query<{ id: number; coverage_year: number; rules: PlanRules }>('SELECT id, coverage_year, rules FROM aid_plan WHERE id = ANY($1) ORDER BY id', [plans])
    const members = await fundedMembers(app, Array.from({ length: 20 }, () => 0))
    const branchId = await app.branchId('嘉兴恒创电子有限公司工会')
    const list = members.map((m) => ({ memberId: m.memberId, branchId, source: 'individual' as const, status: 'active' as const }))
    const created = await Promise.all(rows.map((plan) => app.db.transaction((tx) => createEnrolments(tx, plan, list, `${year + 1}-01-02`))))
    expect(created[0].length + created[1].length).toBe(members.length)
    const [counted] = await app.db.query<{ n: number; people: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT member_id)::int AS people FROM aid_enrolment WHERE plan_id = ANY($1)',
      [plans],
    )
    expect(counted).toEqual({ n: members.length, people: members.length })
  })

  it("shows the demo member's plan, period, cap used and left, and the history by year with its payouts", async () => {
    const coverage = await app.ok(app.users.member, 'aid', 'coverage', {})
    expect(coverage.current).toMatchObject({
      plan: { coverageYear: year },
      status: 'active',
      startsOn: `${year}-01-01`,
      // Renewed from last year: no observation period.
      observationEndsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      state: 'covered',
      inObservation: false,
      current: true,
      usage: { yearlyCapFen: 5_000_000, paidFen: 0, leftFen: 5_000_000, payouts: 0 },
    })
    expect(coverage.history.map((c) => c.plan.coverageYear)).toEqual([year, year - 1])
    const last = coverage.history[1]
    expect(last).toMatchObject({ state: 'lapsed', current: false, usage: { paidFen: 681_000, leftFen: 5_000_000 - 681_000, deductibleUsedFen: 80_000, hospitalDaysPaid: 3, payouts: 1 } })
    const payouts = await app.ok(app.users.member, 'aid', 'myPayouts', { enrolmentId: last.enrolmentId })
    expect(payouts.items).toHaveLength(1)
    expect(payouts.items[0]).toMatchObject({ source: 'settlement', amountFen: 681_000, lines: expect.arrayContaining(['合计 6,810.00']) })
  })

  it('tells a member without coverage which plans they may join alone', async () => {
    const [member] = await fundedMembers(app, [0])
    const coverage = await app.ok(member.userId, 'aid', 'coverage', {})
    expect(coverage.current).toBeNull()
    expect(coverage.history).toEqual([])
    expect(coverage.individualPlans.map((p) => p.coverageYear)).toContain(year)
  })

  it("estimates over the member's own year so far, with the engine's explanation", async () => {
    const { current } = await app.ok(app.users.member, 'aid', 'coverage', {})
    const estimate = await app.ok(app.users.member, 'aid', 'estimate', { enrolmentId: current?.enrolmentId ?? 0, bill: { eligibleFen: 1_200_000 } })
    expect(estimate).toEqual({
      payoutFen: 672_000,
      deductibleFen: 80_000,
      hospitalDays: 0,
      yearLeftFen: 5_000_000,
      lines: ['可报销金额 12,000.00 − 起付线 800.00 = 11,200.00 × 60% = 6,720.00'],
    })
    const absurd = await app.fail(app.users.member, 'aid', 'estimate', { enrolmentId: current?.enrolmentId ?? 0, bill: { eligibleFen: 100_000_001 } })
    expect(absurd.code).toBe('VALIDATION_FAILED')
    const negative = await app.fail(app.users.member, 'aid', 'estimate', { enrolmentId: current?.enrolmentId ?? 0, bill: { eligibleFen: 100, hospitalDays: -1 } })
    expect(negative.code).toBe('VALIDATION_FAILED')
  })
})
