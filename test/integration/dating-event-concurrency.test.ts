/**
 * 联谊活动 races, on PostgreSQL only (PGlite runs one statement at a time and cannot race): the
 * last place of a gender taken by two members at the same moment goes to exactly one of them, the
 * other is waitlisted; two attendees picking each other at the same moment make exactly one match,
 * each told once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater } from '../support/dating-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const hours = (n: number) => new Date(Date.now() + n * 3600_000).toISOString()
let serial = 0

async function publishedEvent(capacityFemale: number): Promise<number> {
  const event = await app.ok(app.users.matchmaker, 'dating', 'saveEvent', {
    branchId: await app.branchId('秀洲区总工会'),
    title: '并发联谊',
    intro: '',
    place: '职工服务中心',
    startsAt: hours(48),
    endsAt: hours(50),
    signupDeadline: hours(24),
    picksCloseAt: hours(72),
    capacityMale: 5,
    capacityFemale,
    requestId: `evt-race-${Date.now().toString(36)}-${serial++}`,
  })
  await app.ok(app.users.matchmaker, 'dating', 'publishEvent', { eventId: event.id })
  return event.id
}

describe.runIf(process.env.TEST_DB === 'pg')('联谊活动 races (PostgreSQL: truly concurrent; PGlite cannot race)', () => {
  it('gives the last place to exactly one of two members signing up at once, and waitlists the other', async () => {
    for (let round = 0; round < 5; round += 1) {
      const eventId = await publishedEvent(2)
      const first = await insertDater(app.db, { gender: 'female', birthYear: 1995 })
      await app.ok(first.userId, 'dating', 'signUp', { eventId })
      const racers = [await insertDater(app.db, { gender: 'female', birthYear: 1996 }), await insertDater(app.db, { gender: 'female', birthYear: 1997 })]
      const results = await Promise.all(racers.map((r) => app.ok(r.userId, 'dating', 'signUp', { eventId })))
      expect(results.map((r) => r.status).sort()).toEqual(['pending', 'waitlisted'])
      expect(results.find((r) => r.status === 'waitlisted')?.waitlistPosition).toBe(1)
      const [event] = await app.db.query<{ taken_female: number; held: number }>(
        `SELECT taken_female, (SELECT count(*)::int FROM dating_event_signup WHERE event_id = $1 AND gender = 'female' AND status IN ('pending', 'approved')) AS held
           FROM dating_event WHERE id = $1`,
        [eventId],
      )
      expect(event).toEqual({ taken_female: 2, held: 2 })
    }
  })

  it('makes exactly one match when two attendees pick each other at the same moment, each told once', async () => {
    for (let round = 0; round < 5; round += 1) {
      const eventId = await publishedEvent(5)
      const her = await insertDater(app.db, { gender: 'female', birthYear: 1995 })
      const him = await insertDater(app.db, { gender: 'male', birthYear: 1993 })
      for (const m of [her, him]) await app.ok(m.userId, 'dating', 'signUp', { eventId })
      await app.db.query(`UPDATE dating_event_signup SET status = 'approved', checked_in_at = now() WHERE event_id = $1`, [eventId])
      await app.db.query(
        `UPDATE dating_event SET signup_deadline = now() - interval '4 hours', starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour', picks_close_at = now() + interval '1 day' WHERE id = $1`,
        [eventId],
      )
      const results = await Promise.all([
        app.ok(her.userId, 'dating', 'savePicks', { eventId, targetIds: [him.memberId] }),
        app.ok(him.userId, 'dating', 'savePicks', { eventId, targetIds: [her.memberId] }),
      ])
      // Whichever commits second sees the first pick: at least it reports the match.
      expect(results.some((r) => r.matchedIds.length === 1)).toBe(true)
      const matches = await app.db.query('SELECT id FROM dating_match WHERE event_id = $1', [eventId])
      expect(matches).toHaveLength(1)
      const told = await app.db.query<{ user_id: number; n: number }>(
        `SELECT user_id, count(*)::int AS n FROM message WHERE kind = 'dating_match' AND user_id = ANY($1::int[]) GROUP BY user_id ORDER BY user_id`,
        [[her.userId, him.userId]],
      )
      expect(told.map((t) => t.n)).toEqual([1, 1])
    }
  })
})
