import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { datingLimits } from '../../src/shared/dating/names'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { insertDater } from '../support/dating-fixtures'

/**
 * Races over a pool of 20 connections. PGlite runs one statement at a time, so it cannot race:
 * these run on PostgreSQL only (TEST_DB=pg).
 */
let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const pg = process.env.TEST_DB === 'pg'
const sibling = '嘉兴王江泾织造有限公司工会'

describe('鹊桥会 likes at the same moment', () => {
  it.runIf(pg)(`21 likes at once against a quota of ${datingLimits.likesPerDay}: exactly ${datingLimits.likesPerDay} (PostgreSQL: truly concurrent)`, async () => {
    const me = await insertDater(app.db, { gender: 'male', birthYear: 1990 })
    const targets = []
    for (let i = 0; i <= datingLimits.likesPerDay; i++) targets.push(await insertDater(app.db, { gender: 'female', birthYear: 1992, branchName: sibling }))
    const results = await Promise.all(targets.map((t) => app.call(me.userId, 'dating', 'like', { targetId: t.memberId })))
    expect(results.filter((r) => r.ok)).toHaveLength(datingLimits.likesPerDay)
    const refused = results.filter((r) => !r.ok)
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(['DATING_LIKE_QUOTA'])
    const [likes] = await app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dating_like WHERE member_id = $1', [me.memberId])
    expect(likes.n).toBe(datingLimits.likesPerDay)
    const [day] = await app.db.query<{ likes: number }>('SELECT likes FROM dating_like_day WHERE member_id = $1', [me.memberId])
    expect(day.likes).toBe(datingLimits.likesPerDay)
    // Every answer saw a different count: the row lock queued them one behind another.
    const left = results.flatMap((r) => (r.ok ? [r.data.likesLeft] : []))
    expect(left.sort((a, b) => a - b)).toEqual(Array.from({ length: datingLimits.likesPerDay }, (_, i) => i))
  })

  it.runIf(pg)('the same like sent twice at once counts once (PostgreSQL: truly concurrent)', async () => {
    const me = await insertDater(app.db, { gender: 'male', birthYear: 1990 })
    const her = await insertDater(app.db, { gender: 'female', birthYear: 1992, branchName: sibling })
    const results = await Promise.all([1, 2, 3].map(() => app.ok(me.userId, 'dating', 'like', { targetId: her.memberId })))
    expect(results.map((r) => r.likesLeft)).toEqual([19, 19, 19])
    const [day] = await app.db.query<{ likes: number }>('SELECT likes FROM dating_like_day WHERE member_id = $1', [me.memberId])
    expect(day.likes).toBe(1)
  })

  it.runIf(pg)('two members liking each other at the same moment: exactly one match, each told once (PostgreSQL: truly concurrent)', async () => {
    for (let round = 0; round < 10; round++) {
      const she = await insertDater(app.db, { gender: 'female', birthYear: 1994 })
      const he = await insertDater(app.db, { gender: 'male', birthYear: 1991, branchName: sibling })
      const [a, b] = await Promise.all([
        app.ok(she.userId, 'dating', 'like', { targetId: he.memberId }),
        app.ok(he.userId, 'dating', 'like', { targetId: she.memberId }),
      ])
      // Whichever committed second saw the first like and made the match; the first saw none.
      expect([a.matched, b.matched].sort()).toEqual([false, true])
      const matches = await app.db.query<{ id: number }>(
        'SELECT id FROM dating_match WHERE member_lo = LEAST($1::int, $2::int) AND member_hi = GREATEST($1::int, $2::int)',
        [she.memberId, he.memberId],
      )
      expect(matches).toHaveLength(1)
      const told = await app.db.query<{ user_id: number }>(`SELECT user_id FROM message WHERE kind = 'dating_match' AND source = $1`, [`dating_match:${matches[0].id}`])
      expect(told.map((m) => m.user_id).sort()).toEqual([she.userId, he.userId].sort())
    }
  })
})
