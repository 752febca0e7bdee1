/**
 * 在线律师 response times (issue §4) and figures (§6), with a clock the test controls: the
 * escalation job is called with the instant it should believe it is. Questions are inserted as
 * the ask part leaves them (deadlines from questionDeadlines), so this file depends on no other
 * part. Each step happens once however often, and on PostgreSQL however concurrently, the job
 * runs; holidays are skipped; answered questions stop; the policy and figures keep to scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calendarCovers } from '../../server/calendar/china-holidays'
import { workingMinutesBetween } from '../../server/calendar/working-time'
import { loadPolicy, questionDeadlines } from '../../server/legal/deadlines'
import { legalEscalation } from '../../server/legal/escalation'
import { shanghaiYear } from '../../server/points/calendar'
import { chainOf } from '../../server/scope'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'

let app: TestApp
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`)
const people = { asker: 0, otherAsker: 0, lawyerA: 0, lawyerB: 0, cityLawyer: 0, countyAdmin: 0, otherCountyAdmin: 0, cityAdmin: 0 }
let county: number
let otherCounty: number
let city: number
/** Every legal_admin granted at the city itself: step 3's recipients. */
let cityAdmins: number[]

async function demoUser(key: string): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [key])
  if (!row) throw new Error(`no demo account ${key}`)
  return row.id
}

async function memberAt(branchName: string, name: string): Promise<number> {
  const userId = await app.newUser(name)
  await app.db.query(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT $1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, '13900000000', md5(random()::text || $1::int::text), '1234', b.id
       FROM branch b WHERE b.name = $3`,
    [userId, name, branchName],
  )
  return userId
}

/** Roster rows; ON CONFLICT because a demo seed may already hold the same slot. */
async function roster(branchId: number, lawyer: number, weekdays: number[], start: string, end: string) {
  const minute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))
  for (const weekday of weekdays) {
    await app.db.query(
      `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (branch_id, lawyer_user_id, weekday, start_minute) DO NOTHING`,
      [branchId, lawyer, weekday, minute(start), minute(end), people.countyAdmin],
    )
  }
}

/** A question as `ask` leaves it: the asker's county, the given queue, deadlines frozen from the policy. */
async function question(askedAt: Date, options: { asker?: number; queue?: number; lawyer?: number; title?: string } = {}): Promise<number> {
  const { dueAt, escalateCountyAt, escalateCityAt } = questionDeadlines(askedAt, await loadPolicy(app.db))
  const [member] = await app.db.query<{ id: number; branch_id: number; path: string }>(
    'SELECT m.id, m.branch_id, b.path FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.user_id = $1',
    [options.asker ?? people.asker],
  )
  const countyId = chainOf(member.path)[1] ?? chainOf(member.path)[0]
  const [row] = await app.db.query<{ id: number }>(
    `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path, category, title, body,
                                 anonymous, request_id, asked_at, due_at, escalate_county_at, escalate_city_at, last_member_at, lawyer_user_id, claimed_at)
     SELECT $1, $2, $3, $4, $5, q.id, q.path, 'wages', $7, '公司拖欠三个月工资，应该怎么维权？', true, md5(random()::text), $8, $9, $10, $11, $8, $12::int,
            CASE WHEN $12::int IS NULL THEN NULL ELSE $8::timestamptz END
       FROM branch q WHERE q.id = $6
     RETURNING id`,
    [options.asker ?? people.asker, member.id, member.branch_id, member.path, countyId, options.queue ?? countyId, options.title ?? '拖欠工资怎么办',
     askedAt, dueAt, escalateCountyAt, escalateCityAt, options.lawyer ?? null],
  )
  return row.id
}

async function events(questionId: number): Promise<string[]> {
  const rows = await app.db.query<{ kind: string }>('SELECT kind FROM legal_event WHERE question_id = $1 ORDER BY id', [questionId])
  return rows.map((r) => r.kind)
}

/** Messages about the question, as `kind:user` sorted. */
async function messages(questionId: number): Promise<string[]> {
  const rows = await app.db.query<{ kind: string; user_id: number; link: string }>(
    "SELECT kind, user_id, link FROM message WHERE source LIKE 'legal_question:' || $1 || ':%' ORDER BY kind, user_id",
    [questionId],
  )
  for (const row of rows) expect(row.link).toBe(`/pages/legal/question/index?id=${questionId}`)
  return rows.map((r) => `${r.kind}:${r.user_id}`)
}
const sent = (kind: string, users: number[]) => users.map((u) => `${kind}:${u}`)

async function step(questionId: number): Promise<number> {
  const [row] = await app.db.query<{ escalation_step: number }>('SELECT escalation_step FROM legal_question WHERE id = $1', [questionId])
  return row.escalation_step
}

beforeAll(async () => {
  app = await openTestApp()
  county = await app.branchId('秀洲区总工会')
  otherCounty = await app.branchId('南湖区总工会')
  city = await app.branchId('嘉兴市总工会')
  people.asker = app.users.member
  people.otherAsker = await memberAt('南湖区总工会', '南湖职工')
  people.lawyerA = await demoUser('lawyer')
  people.lawyerB = await app.newStaff('秀洲区总工会', 'lawyer')
  people.cityLawyer = await app.newStaff('嘉兴市总工会', 'lawyer')
  people.countyAdmin = await demoUser('legal-admin')
  people.otherCountyAdmin = await app.newStaff('南湖区总工会', 'legal_admin')
  people.cityAdmin = app.users['city-admin']
  // A: Monday to Friday 08:30–17:30; B: Tuesday afternoons only.
  await roster(county, people.lawyerA, [1, 2, 3, 4, 5], '08:30', '17:30')
  await roster(county, people.lawyerB, [2], '13:00', '17:30')
  // C was rostered every weekday, then lost the lawyer grant: never reminded (the exact lists below).
  const lawyerC = await app.newStaff('秀洲区总工会', 'lawyer')
  await roster(county, lawyerC, [1, 2, 3, 4, 5], '08:00', '18:00')
  await app.db.query("DELETE FROM role_grant WHERE user_id = $1 AND role = 'lawyer'", [lawyerC])
  const admins = await app.db.query<{ user_id: number }>("SELECT DISTINCT user_id FROM role_grant WHERE role = 'legal_admin' AND branch_id = $1 ORDER BY 1", [city])
  cityAdmins = admins.map((a) => a.user_id)
  expect(cityAdmins).toContain(people.cityAdmin)
})
afterAll(() => app?.close())

describe('escalation', () => {
  it('skips the 国庆 holidays: asked 2026-09-30 16:00, not overdue until 2026-10-08, then each step once', async () => {
    const id = await question(at('2026-09-30', '16:00'))
    const [deadlines] = await app.db.query<{ due_at: Date; escalate_county_at: Date; escalate_city_at: Date }>(
      'SELECT due_at, escalate_county_at, escalate_city_at FROM legal_question WHERE id = $1',
      [id],
    )
    expect(deadlines).toEqual({ due_at: at('2026-10-08', '09:00'), escalate_county_at: at('2026-10-08', '11:00'), escalate_city_at: at('2026-10-08', '13:00') })

    for (const now of [at('2026-09-30', '18:00'), at('2026-10-01', '10:00'), at('2026-10-07', '17:00'), at('2026-10-08', '08:59')]) {
      await legalEscalation(app.db, now)
    }
    expect(await events(id)).toEqual([])

    // Step 1 at the due time: the lawyer on duty that Thursday morning (A), not B (Tuesdays only).
    await legalEscalation(app.db, at('2026-10-08', '09:00'))
    await legalEscalation(app.db, at('2026-10-08', '09:00'))
    await legalEscalation(app.db, at('2026-10-08', '10:59'))
    expect(await events(id)).toEqual(['reminded'])
    expect(await step(id)).toBe(1)
    expect(await messages(id)).toEqual(sent('legal_overdue', [people.lawyerA]))

    // Step 2: the legal_admins at the county; step 3: the city's.
    await legalEscalation(app.db, at('2026-10-08', '11:00'))
    await legalEscalation(app.db, at('2026-10-08', '12:00'))
    expect(await events(id)).toEqual(['reminded', 'escalated_county'])
    await legalEscalation(app.db, at('2026-10-08', '13:00'))
    await legalEscalation(app.db, at('2026-10-09', '13:00'))
    await legalEscalation(app.db, at('2026-10-20', '13:00'))
    expect(await events(id)).toEqual(['reminded', 'escalated_county', 'escalated_city'])
    expect(await step(id)).toBe(3)
    expect(await messages(id)).toEqual([
      ...sent('legal_escalated', [people.countyAdmin, ...cityAdmins].sort((a, b) => a - b)),
      ...sent('legal_overdue', [people.lawyerA]),
    ])
    expect(await messages(id)).not.toContain(`legal_escalated:${people.otherCountyAdmin}`)
  })

  it('reminds every lawyer of the roster when nobody is on duty, and only the assigned lawyer of a claimed question', async () => {
    // Monday 15:00 + 2 working hours: due 17:00. The job runs (late) at 18:00: nobody is on duty.
    const unclaimed = await question(at('2026-11-23', '15:00'))
    const claimed = await question(at('2026-11-23', '15:00'), { lawyer: people.lawyerB })
    await legalEscalation(app.db, at('2026-11-23', '18:00'))
    expect(await messages(unclaimed)).toEqual(sent('legal_overdue', [people.lawyerA, people.lawyerB].sort((a, b) => a - b)))
    expect(await messages(claimed)).toEqual(sent('legal_overdue', [people.lawyerB]))
  })

  it('reminds only the lawyers on duty at that moment', async () => {
    // Tuesday 2026-11-24 12:00 + 2 h: due 14:00, when both A and B are on duty; at 12:30 only A.
    const afternoon = await question(at('2026-11-24', '12:00'))
    await legalEscalation(app.db, at('2026-11-24', '14:00'))
    expect(await messages(afternoon)).toEqual(sent('legal_overdue', [people.lawyerA, people.lawyerB].sort((a, b) => a - b)))
    const morning = await question(at('2026-11-24', '08:30'))
    await legalEscalation(app.db, at('2026-11-24', '10:30'))
    expect(await messages(morning)).toEqual(sent('legal_overdue', [people.lawyerA]))
  })

  it("reminds the lawyers granted at the city when the city's queue has no roster", async () => {
    const id = await question(at('2026-11-25', '09:00'), { queue: city })
    await legalEscalation(app.db, at('2026-11-25', '11:00'))
    expect(await messages(id)).toContain(`legal_overdue:${people.cityLawyer}`)
    expect(await messages(id)).not.toContain(`legal_overdue:${people.lawyerA}`)
  })

  it('stops escalating once the question is answered', async () => {
    const id = await question(at('2026-11-26', '09:00'))
    await legalEscalation(app.db, at('2026-11-26', '11:00'))
    expect(await events(id)).toEqual(['reminded'])
    await app.db.query('UPDATE legal_question SET first_response_at = $2, lawyer_user_id = $3, claimed_at = $2 WHERE id = $1', [id, at('2026-11-26', '12:00'), people.lawyerA])
    await legalEscalation(app.db, at('2026-11-26', '13:00'))
    await legalEscalation(app.db, at('2026-11-30', '13:00'))
    expect(await events(id)).toEqual(['reminded'])
    expect(await step(id)).toBe(1)
  })

  it('leaves a resolved question alone', async () => {
    const id = await question(at('2026-11-27', '09:00'))
    await app.db.query("UPDATE legal_question SET status = 'resolved', closed_at = $2 WHERE id = $1", [id, at('2026-11-27', '10:00')])
    await legalEscalation(app.db, at('2026-11-30', '13:00'))
    expect(await events(id)).toEqual([])
  })

  it('catches up every step due, in order and once, after the job was down', async () => {
    const id = await question(at('2026-12-01', '09:00'))
    const run = await legalEscalation(app.db, at('2026-12-03', '09:00'))
    expect(run.reminded).toBeGreaterThanOrEqual(1)
    expect(await events(id)).toEqual(['reminded', 'escalated_county', 'escalated_city'])
    await legalEscalation(app.db, at('2026-12-03', '09:00'))
    expect(await events(id)).toEqual(['reminded', 'escalated_county', 'escalated_city'])
  })

  it('takes each step once when many runs go at once (PostgreSQL: truly concurrent)', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => question(at('2026-12-07', `09:0${i}`))))
    const now = at('2026-12-07', '13:30') // past due (11:0x) and county time (13:0x), before the city's (15:0x)
    await Promise.all(Array.from({ length: 8 }, () => legalEscalation(app.db, now)))
    for (const id of ids) {
      expect(await events(id)).toEqual(['reminded', 'escalated_county'])
      expect(await messages(id)).toEqual([...sent('legal_escalated', [people.countyAdmin]), ...sent('legal_overdue', [people.lawyerA])])
    }
    const later = at('2026-12-07', '15:30')
    await Promise.all(Array.from({ length: 8 }, () => legalEscalation(app.db, later)))
    for (const id of ids) expect(await events(id)).toEqual(['reminded', 'escalated_county', 'escalated_city'])
  })
})

describe('policy', () => {
  const valid = { responseMinutes: 60, countyAfterMinutes: 30, cityAfterMinutes: 90, workdayStartMinute: 540, workdayEndMinute: 1020, autoCloseDays: 5 }

  it('is read by legal_admins and says which years the holiday calendar covers', async () => {
    const policy = await app.ok(people.countyAdmin, 'legal', 'policy', {})
    expect(policy).toMatchObject({ responseMinutes: 120, countyAfterMinutes: 120, cityAfterMinutes: 240, workdayStartMinute: 510, workdayEndMinute: 1050, autoCloseDays: 7, editable: false })
    const year = shanghaiYear(new Date())
    expect(policy.calendar).toEqual([
      { year, covered: calendarCovers(year) },
      { year: year + 1, covered: calendarCovers(year + 1) },
    ])
    expect((await app.ok(people.cityAdmin, 'legal', 'policy', {})).editable).toBe(true)
    expect((await app.fail(people.lawyerA, 'legal', 'policy', {})).code).toBe('FORBIDDEN')
  })

  it('is changed by a city legal_admin only, audited, and moves no deadline already set', async () => {
    const id = await question(at('2026-12-14', '09:00'))
    const [before] = await app.db.query<{ due_at: Date }>('SELECT due_at FROM legal_question WHERE id = $1', [id])
    const [policyBefore] = await app.db.query('SELECT * FROM legal_policy')
    expect((await app.fail(people.countyAdmin, 'legal', 'savePolicy', valid)).code).toBe('FORBIDDEN')
    expect((await app.fail(people.cityAdmin, 'legal', 'savePolicy', { ...valid, workdayEndMinute: 540 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(people.cityAdmin, 'legal', 'savePolicy', { ...valid, cityAfterMinutes: 10 })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(people.cityAdmin, 'legal', 'savePolicy', { ...valid, responseMinutes: 5 })).code).toBe('VALIDATION_FAILED')
    expect(await app.db.query('SELECT * FROM legal_policy')).toEqual([policyBefore])

    const saved = await app.ok(people.cityAdmin, 'legal', 'savePolicy', valid)
    expect(saved).toMatchObject({ ...valid, editable: true, updatedBy: expect.any(String) })
    expect(await loadPolicy(app.db)).toMatchObject({ responseMinutes: 60, startMinute: 540, endMinute: 1020 })
    const [after] = await app.db.query<{ due_at: Date }>('SELECT due_at FROM legal_question WHERE id = $1', [id])
    expect(after.due_at).toEqual(before.due_at)
    const [logged] = await app.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'legal.policy.save' AND actor_user_id = $1", [people.cityAdmin])
    expect(logged.n).toBe(1)
    // Back to the defaults for the rest of the file.
    await app.ok(people.cityAdmin, 'legal', 'savePolicy', { responseMinutes: 120, countyAfterMinutes: 120, cityAfterMinutes: 240, workdayStartMinute: 510, workdayEndMinute: 1050, autoCloseDays: 7 })
  })
})

describe('figures', () => {
  /** Asked in March 2026, away from the escalation tests' questions. */
  const asked = {
    q1: [at('2026-03-02', '09:00'), at('2026-03-02', '10:30')],
    // Friday 17:00 to Monday 11:00: 30 + 150 working minutes; past its due time (Monday 10:00).
    q2: [at('2026-03-06', '17:00'), at('2026-03-09', '11:00')],
    q3: [at('2026-03-10', '09:00'), null],
    q4: [at('2026-03-03', '09:00'), at('2026-03-03', '09:30')],
  } as const
  const hours = { startMinute: 510, endMinute: 1050 }
  const minutes = (key: 'q1' | 'q2' | 'q4') => workingMinutesBetween(asked[key][0], asked[key][1], hours)

  beforeAll(async () => {
    const answer = async (id: number, lawyer: number, firstResponseAt: Date | null, extra: { rating?: number; step?: number } = {}) => {
      await app.db.query(
        `UPDATE legal_question SET lawyer_user_id = $2, claimed_at = asked_at, first_response_at = $3, rating = $4::smallint,
                rated_at = CASE WHEN $4::smallint IS NULL THEN NULL ELSE now() END, escalation_step = $5 WHERE id = $1`,
        [id, lawyer, firstResponseAt, extra.rating ?? null, extra.step ?? 0],
      )
    }
    const handOff = async (id: number, kind: string, outcome: string | null) => {
      await app.db.query(
        `INSERT INTO legal_case (question_id, kind, county_branch_id, county_path, status, outcome, summary, handed_off_by, closed_at)
         SELECT q.id, $2, q.county_branch_id, b.path, CASE WHEN $3::text IS NULL THEN 'accepted' ELSE 'closed' END, $3::text, '需要线下协助处理欠薪', q.lawyer_user_id,
                CASE WHEN $3::text IS NULL THEN NULL ELSE now() END
           FROM legal_question q JOIN branch b ON b.id = q.county_branch_id WHERE q.id = $1`,
        [id, kind, outcome],
      )
    }
    const q1 = await question(asked.q1[0])
    await answer(q1, people.lawyerA, asked.q1[1], { rating: 5 })
    await handOff(q1, 'legal_aid', 'succeeded')
    const q2 = await question(asked.q2[0])
    await answer(q2, people.lawyerA, asked.q2[1], { rating: 3, step: 2 })
    await handOff(q2, 'mediation', null)
    await question(asked.q3[0])
    const q4 = await question(asked.q4[0], { asker: people.otherAsker })
    await answer(q4, people.lawyerB, asked.q4[1])
  })

  const march = (branchId: number) => ({ branchId, from: '2026-03-01', to: '2026-03-31' })

  it('gives the city totals, per county and per lawyer, with first-response times in working minutes', async () => {
    expect([minutes('q1'), minutes('q2'), minutes('q4')]).toEqual([90, 180, 30])
    const figures = await app.ok(people.cityAdmin, 'legal', 'legalFigures', march(city))
    expect(figures.total).toEqual({
      questions: 4,
      answered: 3,
      firstResponseMedianMinutes: 90,
      firstResponseP90Minutes: 162, // 90 + 0.8 × (180 − 90), percentile_cont
      overdue: 2, // q2 answered late, q3 never answered
      escalated: 1,
      ratingCount: 2,
      ratingAverage: 4,
      handoffs: { legal_aid: 1, mediation: 1 },
      outcomes: { succeeded: 1, not_succeeded: 0, withdrawn: 0, referred: 0, open: 1 },
    })
    const countyLine = figures.counties.find((c) => c.branch.id === county)
    expect(countyLine).toMatchObject({ questions: 3, answered: 2, firstResponseMedianMinutes: 135, firstResponseP90Minutes: 171, overdue: 2 })
    expect(figures.counties.find((c) => c.branch.id === otherCounty)).toMatchObject({ questions: 1, firstResponseMedianMinutes: 30 })
    // Every county of the city is listed, with or without questions.
    expect(figures.counties.filter((c) => c.questions === 0).length).toBeGreaterThan(0)
    expect(figures.lawyers.map((l) => [l.lawyer.userId, l.questions, l.ratingAverage])).toEqual([
      [people.lawyerA, 2, 4],
      [people.lawyerB, 1, null],
    ])
    expect(JSON.stringify(figures)).not.toContain('张晓梅')
  })

  it("keeps a county's legal_admin to the county", async () => {
    const figures = await app.ok(people.countyAdmin, 'legal', 'legalFigures', march(county))
    expect(figures.total.questions).toBe(3)
    expect(figures.counties.map((c) => c.branch.id)).toEqual([county])
    expect(figures.lawyers.map((l) => l.lawyer.userId)).toEqual([people.lawyerA])
    expect((await app.fail(people.countyAdmin, 'legal', 'legalFigures', march(city))).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(people.otherCountyAdmin, 'legal', 'legalFigures', march(county))).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(people.lawyerA, 'legal', 'legalFigures', march(county))).code).toBe('FORBIDDEN')
    expect((await app.fail(people.asker, 'legal', 'legalFigures', march(county))).code).toBe('FORBIDDEN')
    expect((await app.fail(people.countyAdmin, 'legal', 'legalFigures', { branchId: county, from: '2026-04-01', to: '2026-03-01' })).code).toBe('VALIDATION_FAILED')
    expect((await app.fail(people.countyAdmin, 'legal', 'legalFigures', { branchId: county, from: '2025-01-01', to: '2026-03-01' })).code).toBe('VALIDATION_FAILED')
  })

  it('counts nothing outside the period', async () => {
    const figures = await app.ok(people.cityAdmin, 'legal', 'legalFigures', { branchId: city, from: '2026-02-01', to: '2026-02-28' })
    expect(figures.total.questions).toBe(0)
    expect(figures.total.firstResponseMedianMinutes).toBeNull()
    expect(figures.lawyers).toEqual([])
  })
})
