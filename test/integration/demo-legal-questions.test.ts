import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiDay, addDays } from '../../server/points/calendar'
import { seedDemoLegalQuestions } from '../../server/seed/demo-legal-questions'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

describe('demo questions for a local start', () => {
  it('writes a history through the module itself, once', async () => {
    expect(await seedDemoLegalQuestions({ db: app.db, env: testEnv })).toBe(true)
    expect(await seedDemoLegalQuestions({ db: app.db, env: testEnv })).toBe(false)

    const questions = await app.db.query<{ title: string; status: string; lawyer: boolean; rating: number | null; step: number; anonymous: boolean }>(
      `SELECT title, status, lawyer_user_id IS NOT NULL AS lawyer, rating, escalation_step AS step, anonymous FROM legal_question ORDER BY id`,
    )
    expect(questions.map((q) => [q.status, q.lawyer, q.rating])).toEqual([
      ['resolved', true, 5],
      ['resolved', true, 4],
      ['open', true, null],
      ['open', true, null],
      ['open', false, null],
    ])
    // The injury was answered late: the on-duty lawyer was reminded, then the county told.
    expect(questions[1]).toMatchObject({ anonymous: true, step: 2 })
    const [handed] = await app.db.query<{ kind: string; status: string; consent: boolean }>(
      'SELECT kind, status, contact_consent_at IS NOT NULL AS consent FROM legal_case',
    )
    expect(handed).toEqual({ kind: 'mediation', status: 'accepted', consent: true })

    // The lawyer's queue: the one nobody claimed, red; the county's figures count them all.
    const queue = await app.ok(app.users.lawyer, 'legal', 'lawyerQueue', { filter: 'unclaimed' })
    expect(queue.items.map((i) => [i.title, i.overdue, i.asker.anonymous])).toEqual([['公司按最低基数给我交社保，可以要求补缴吗', true, true]])
    const today = shanghaiDay(new Date())
    const county = await app.branchId('秀洲区总工会')
    const figures = await app.ok(app.users['legal-admin'], 'legal', 'legalFigures', { branchId: county, from: addDays(today, -60), to: today })
    expect(figures.total).toMatchObject({ questions: 5, answered: 4, escalated: 1, ratingCount: 2, ratingAverage: 4.5, handoffs: { legal_aid: 0, mediation: 1 } })
  })
})
