import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardTokenPurpose } from '../../cloudfunctions/card/actions'
import { shanghaiYear } from '../../server/points/calendar'
import { signToken } from '../../server/tokens'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { pickupItem } from '../support/mall-fixtures'
import { testEnv } from '../support/env'

/**
 * Staff never serve themselves, budgets are allotted down the tree, revokes come from above or
 * from the grantor, and a card token verifies once. The races are real on PostgreSQL (a pool of
 * 20 connections); PGlite runs one statement at a time and shows the same outcomes in sequence.
 */
let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const year = shanghaiYear(new Date())

async function memberNoOf(userId: number): Promise<string> {
  const [row] = await app.db.query<{ member_no: string }>('SELECT member_no FROM member WHERE user_id = $1', [userId])
  return row.member_no
}

async function budgetOf(branchId: number, y: number): Promise<{ amount: number; used: number; allotted: number } | undefined> {
  const [row] = await app.db.query<{ amount: number; used: number; allotted: number }>(
    'SELECT amount, used, allotted FROM points_budget WHERE branch_id = $1 AND year = $2',
    [branchId, y],
  )
  return row
}

/** Every parent's allotted equals the sum of its children's amounts, and never exceeds what it has. */
async function allotmentViolations(y: number): Promise<string[]> {
  const rows = await app.db.query<{ problem: string }>(
    `SELECT 'branch ' || p.branch_id || ': allotted ' || p.allotted || ', children ' || COALESCE(c.sum, 0) || ', used ' || p.used || ', amount ' || p.amount AS problem
       FROM points_budget p
       LEFT JOIN (SELECT b.parent_id, sum(pb.amount)::int AS sum FROM points_budget pb JOIN branch b ON b.id = pb.branch_id
                   WHERE pb.year = $1 GROUP BY b.parent_id) c ON c.parent_id = p.branch_id
      WHERE p.year = $1 AND (p.allotted <> COALESCE(c.sum, 0) OR p.used + p.allotted > p.amount)`,
    [y],
  )
  return rows.map((r) => r.problem)
}

describe('no self-service', () => {
  it('refuses an admin granting points or a role to themselves, writing nothing', async () => {
    const admin = app.users['enterprise-admin']
    const own = await memberNoOf(admin)
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const before = await app.snapshot()
    expect(await app.fail(admin, 'points', 'grant', { memberNo: own, points: 100, reason: '自己发给自己', requestId: randomUUID() })).toEqual({
      code: 'SELF_GRANT',
      message: '不能给自己发放积分',
    })
    expect(await app.fail(admin, 'role', 'grant', { memberNo: own, role: 'mall_operator', branchId: enterprise })).toEqual({
      code: 'SELF_GRANT',
      message: '不能给自己授予角色',
    })
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('budgets are allotted down the tree', () => {
  // Next year's budgets: nobody has granted from them, so every figure here is this test's own.
  const next = year + 1

  it('lets only the branch directly above set a budget, out of its own, never below what is committed', async () => {
    const city = await app.branchId('嘉兴市总工会')
    const county = await app.branchId('秀洲区总工会')
    const otherCounty = await app.branchId('南湖区总工会')
    const town = await app.branchId('油车港镇总工会')
    const siblingTown = await app.branchId('王江泾镇总工会')
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const cityAdmin = app.users['city-admin']
    const countyAdmin = app.users['county-admin']

    expect((await app.fail(cityAdmin, 'points', 'setBudget', { branchId: county, year: next, amount: 100 })).code).toBe('NO_BUDGET')
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: city, year: next, amount: 1000 })
    expect(await app.ok(cityAdmin, 'points', 'setBudget', { branchId: county, year: next, amount: 600 })).toMatchObject({ amount: 600, used: 0, allotted: 0, settable: true })
    expect(await budgetOf(city, next)).toEqual({ amount: 1000, used: 0, allotted: 600 })

    const before = await app.snapshot()
    const exceeded = await app.fail(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: next, amount: 401 })
    expect(exceeded).toMatchObject({ code: 'BUDGET_EXCEEDED', message: expect.stringContaining('可再分配 400 积分') })
    // The county sets its own children, not the enterprise two levels down; the city not the town.
    expect((await app.fail(countyAdmin, 'points', 'setBudget', { branchId: enterprise, year: next, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(cityAdmin, 'points', 'setBudget', { branchId: town, year: next, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect(await app.snapshot()).toEqual(before)

    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: next, amount: 400 })
    await app.ok(countyAdmin, 'points', 'setBudget', { branchId: town, year: next, amount: 600 })
    expect((await app.fail(countyAdmin, 'points', 'setBudget', { branchId: siblingTown, year: next, amount: 1 })).code).toBe('BUDGET_EXCEEDED')
    // The county has given all 600 away: it cannot go below that, nor the city below its 1000 given.
    expect(await app.fail(cityAdmin, 'points', 'setBudget', { branchId: county, year: next, amount: 599 })).toMatchObject({
      code: 'BUDGET_TOO_LOW',
      message: '预算不能低于已发放的 0 积分与已分配给下级的 600 积分之和',
    })
    expect((await app.fail(cityAdmin, 'points', 'setBudget', { branchId: city, year: next, amount: 999 })).code).toBe('BUDGET_TOO_LOW')
    // Lowering a child gives the difference back to the parent; the same amount again writes nothing.
    const lowered = await app.ok(countyAdmin, 'points', 'setBudget', { branchId: town, year: next, amount: 100 })
    const audits = await app.db.query(`SELECT 1 FROM audit_log WHERE action = 'points.setBudget'`)
    expect(await app.ok(countyAdmin, 'points', 'setBudget', { branchId: town, year: next, amount: 100 })).toEqual(lowered)
    expect(await app.db.query(`SELECT 1 FROM audit_log WHERE action = 'points.setBudget'`)).toHaveLength(audits.length)
    expect(await budgetOf(county, next)).toEqual({ amount: 600, used: 0, allotted: 100 })
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: county, year: next, amount: 100 })
    expect(await budgetOf(city, next)).toEqual({ amount: 1000, used: 0, allotted: 500 })
    expect(await allotmentViolations(next)).toEqual([])
    const listed = await app.ok(countyAdmin, 'points', 'budgets', { year: next })
    expect(listed.items.map((b) => [b.branch.name, b.settable])).toEqual([
      ['秀洲区总工会', false],
      ['油车港镇总工会', true],
    ])
  })

  it('keeps what a branch allotted below out of its own grants', async () => {
    const town = await app.branchId('油车港镇总工会')
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const townAdmin = app.users['town-admin']
    const start = await budgetOf(town, year)
    if (!start) throw new Error('the demo seeds this year’s town budget')
    const enterpriseBudget = await budgetOf(enterprise, year)
    expect(start.allotted).toBe(enterpriseBudget?.amount)
    const free = start.amount - start.used - start.allotted
    // Give the enterprise all but 10 of the town's free points; the town then grants 10 at most.
    await app.ok(townAdmin, 'points', 'setBudget', { branchId: enterprise, year, amount: start.allotted + free - 10 })
    const memberNo = await memberNoOf(app.users.member)
    const grant = (points: number) => ({ memberNo, points, reason: '年度先进', requestId: randomUUID() })
    expect((await app.fail(townAdmin, 'points', 'grant', grant(11))).code).toBe('BUDGET_EXCEEDED')
    expect((await app.ok(townAdmin, 'points', 'grant', grant(10))).budgetLeft).toBe(0)
    expect(await allotmentViolations(year)).toEqual([])
  })

  it('counts what the children already hold when a parent’s row comes after theirs', async () => {
    const y = year + 3
    const city = await app.branchId('嘉兴市总工会')
    const county = await app.branchId('秀洲区总工会')
    const otherCounty = await app.branchId('南湖区总工会')
    const cityAdmin = app.users['city-admin']
    // As set before the rule (migration 0004): both counties budgeted, the city without a row.
    await app.db.query('INSERT INTO points_budget (branch_id, year, amount) VALUES ($1, $3, 600), ($2, $3, 300)', [county, otherCounty, y])
    expect(await app.fail(cityAdmin, 'points', 'setBudget', { branchId: city, year: y, amount: 899 })).toEqual({
      code: 'BUDGET_TOO_LOW',
      message: '预算不能低于已发放的 0 积分与已分配给下级的 900 积分之和',
    })
    expect(await app.ok(cityAdmin, 'points', 'setBudget', { branchId: city, year: y, amount: 1000 })).toMatchObject({ amount: 1000, used: 0, allotted: 900 })
    expect(await budgetOf(city, y)).toEqual({ amount: 1000, used: 0, allotted: 900 })
    // Only 100 is the city's own: what its counties hold is not allotted a second time.
    expect(await app.fail(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: y, amount: 401 })).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('可再分配 100 积分'),
    })
    // Lowering a county gives the difference back to the row that now counts it.
    expect(await app.ok(cityAdmin, 'points', 'setBudget', { branchId: county, year: y, amount: 200 })).toMatchObject({ amount: 200 })
    expect(await budgetOf(city, y)).toEqual({ amount: 1000, used: 0, allotted: 500 })
    expect(await allotmentViolations(y)).toEqual([])
  })

  it('lets a parent over-allotted since before the rule lower its children back within its amount, and allot nothing more', async () => {
    const y = year + 4
    const city = await app.branchId('嘉兴市总工会')
    const county = await app.branchId('秀洲区总工会')
    const otherCounty = await app.branchId('南湖区总工会')
    const cityAdmin = app.users['city-admin']
    // As migration 0004 leaves a city whose counties were given more than it had: the amounts
    // kept, allotted computed. Only the migration writes such a row, so the guard is off for it.
    await app.db.transaction(async (tx) => {
      await tx.query('ALTER TABLE points_budget DISABLE TRIGGER points_budget_within_amount')
      await tx.query('INSERT INTO points_budget (branch_id, year, amount, allotted) VALUES ($1, $2, 1000, 1500)', [city, y])
      await tx.query('ALTER TABLE points_budget ENABLE TRIGGER points_budget_within_amount')
    })
    await app.db.query('INSERT INTO points_budget (branch_id, year, amount) VALUES ($1, $3, 900), ($2, $3, 600)', [county, otherCounty, y])

    // A decrease needs no room: it goes through while the city is still 300 over.
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: county, year: y, amount: 700 })
    expect(await budgetOf(city, y)).toEqual({ amount: 1000, used: 0, allotted: 1300 })
    expect((await app.fail(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: y, amount: 601 })).code).toBe('BUDGET_EXCEEDED')
    // The database backs the rule: no write takes a row further past its amount.
    await expect(app.db.query('UPDATE points_budget SET allotted = allotted + 1 WHERE branch_id = $1 AND year = $2', [city, y])).rejects.toThrow(
      /exceed amount/,
    )
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: y, amount: 200 })
    expect(await budgetOf(city, y)).toEqual({ amount: 1000, used: 0, allotted: 900 })
    // Back within its amount, the city allots again, up to what it has.
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: y, amount: 300 })
    expect((await app.fail(cityAdmin, 'points', 'setBudget', { branchId: otherCounty, year: y, amount: 301 })).code).toBe('BUDGET_EXCEEDED')
    expect(await allotmentViolations(y)).toEqual([])
  })

  it('never over-allots a parent under concurrent allotments, nor lets its bookkeeping drift', async () => {
    const next2 = year + 2
    const city = await app.branchId('嘉兴市总工会')
    const counties = await app.db.query<{ id: number }>('SELECT id FROM branch WHERE parent_id = $1 ORDER BY id', [city])
    const cityAdmin = app.users['city-admin']
    await app.ok(cityAdmin, 'points', 'setBudget', { branchId: city, year: next2, amount: 10_000 })
    // Every county asks for 3,000 several times over, with different amounts: at most 10,000 fits.
    const results = await Promise.all(
      counties.flatMap((c) =>
        [3000, 2000, 3000, 1000].map((amount) => app.call(cityAdmin, 'points', 'setBudget', { branchId: c.id, year: next2, amount })),
      ),
    )
    expect(results.some((r) => r.ok)).toBe(true)
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'BUDGET_EXCEEDED')).toBe(true)
    expect(await allotmentViolations(next2)).toEqual([])
    const parent = await budgetOf(city, next2)
    expect(parent?.allotted).toBeLessThanOrEqual(10_000)
  })
})

describe('revoking roles', () => {
  /** A fresh admin of a branch, granted by `by` (or by nobody). */
  async function admin(branch: string, by: number | null = null): Promise<{ userId: number; grantId: number }> {
    const userId = await app.newUser(`${branch}管理员`)
    const [row] = await app.db.query<{ id: number }>(
      `INSERT INTO role_grant (user_id, role, branch_id, granted_by) VALUES ($1, 'admin', (SELECT id FROM branch WHERE name = $2), $3) RETURNING id`,
      [userId, branch, by],
    )
    return { userId, grantId: row.id }
  }

  it('lets an admin above or the grantor revoke, never a peer, and answers a resend with the first answer', async () => {
    const made = await admin('油车港镇总工会')
    const peer = await admin('油车港镇总工会', made.userId)
    const before = await app.snapshot()
    // The new admin cannot remove the one who made them, nor any other peer.
    expect((await app.fail(peer.userId, 'role', 'revoke', { grantId: made.grantId })).code).toBe('FORBIDDEN')
    const other = await admin('油车港镇总工会')
    expect((await app.fail(made.userId, 'role', 'revoke', { grantId: other.grantId })).code).toBe('FORBIDDEN')
    await app.db.query('DELETE FROM role_grant WHERE id = $1', [other.grantId])
    await app.db.query('DELETE FROM app_user WHERE id = $1', [other.userId])
    expect(await app.snapshot()).toEqual(before)
    // The grantor may; so may the county above.
    expect(await app.ok(made.userId, 'role', 'revoke', { grantId: peer.grantId })).toEqual({ grantId: peer.grantId })
    expect(await app.ok(made.userId, 'role', 'revoke', { grantId: peer.grantId })).toEqual({ grantId: peer.grantId })
    expect((await app.fail(app.users['county-admin'], 'role', 'revoke', { grantId: peer.grantId })).code).toBe('NOT_FOUND')
    expect(await app.ok(app.users['county-admin'], 'role', 'revoke', { grantId: made.grantId })).toEqual({ grantId: made.grantId })
  })

  it('answers a resent grant with the grant, and another admin’s duplicate with ROLE_EXISTS', async () => {
    const memberNo = await memberNoOf(app.users['sibling-member'])
    const input = { memberNo, role: 'lawyer' as const, branchId: await app.branchId('王江泾镇总工会') }
    const granted = await app.ok(app.users['county-admin'], 'role', 'grant', input)
    expect(await app.ok(app.users['county-admin'], 'role', 'grant', input)).toEqual(granted)
    expect((await app.fail(app.users['city-admin'], 'role', 'grant', input)).code).toBe('ROLE_EXISTS')
    const [logged] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'role.grant' AND $1 = ANY(target_ids)`, [granted.id])
    expect(logged.n).toBe(1)
  })

  it('lets only one of two admins who could revoke each other succeed when they try at once', async () => {
    for (let round = 0; round < 10; round++) {
      // A made B's grant and B made A's: each may revoke the other.
      const a = await admin('秀洲区总工会')
      const b = await admin('秀洲区总工会', a.userId)
      await app.db.query('UPDATE role_grant SET granted_by = $2 WHERE id = $1', [a.grantId, b.userId])
      const results = await Promise.all([
        app.call(a.userId, 'role', 'revoke', { grantId: b.grantId }),
        app.call(b.userId, 'role', 'revoke', { grantId: a.grantId }),
      ])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      const left = await app.db.query('SELECT 1 FROM role_grant WHERE id = ANY($1::int[])', [[a.grantId, b.grantId]])
      expect(left).toHaveLength(1)
    }
  })
})

describe('member card tokens', () => {
  it('verifies a token once; the same staff member resending gets the first answer, anyone else CARD_TOKEN_USED', async () => {
    const { qrToken } = await app.ok(app.users.member, 'card', 'mine', {})
    const siblingTownAdmin = await app.newStaff('王江泾镇总工会')
    // Staff outside the member's branch do not use the token up.
    expect((await app.fail(siblingTownAdmin, 'card', 'verify', { token: qrToken })).code).toBe('OUT_OF_SCOPE')
    const county = app.users['county-admin']
    const first = await app.ok(county, 'card', 'verify', { token: qrToken })
    expect(first).toMatchObject({ name: '张晓梅', replayed: false })
    expect(await app.ok(county, 'card', 'verify', { token: qrToken })).toEqual({ ...first, replayed: true })
    const before = await app.snapshot()
    expect(await app.fail(app.users['city-admin'], 'card', 'verify', { token: qrToken })).toEqual({
      code: 'CARD_TOKEN_USED',
      message: '该会员码已被核验过，请让会员刷新后重新出示',
    })
    // A token without its own id (signed before one-time tokens) is not accepted.
    const legacy = signToken(testEnv.appSecret, cardTokenPurpose, { m: 1, exp: Math.floor(Date.now() / 1000) + 60 })
    expect((await app.fail(county, 'card', 'verify', { token: legacy })).code).toBe('CARD_TOKEN_INVALID')
    // Validly signed payloads of an odd shape are invalid tokens too, never a database error.
    for (const m of [2 ** 40, -1, { id: 1 }, '1']) {
      const odd = signToken(testEnv.appSecret, cardTokenPurpose, { m, exp: Math.floor(Date.now() / 1000) + 60, j: 'odd-token' })
      expect((await app.fail(county, 'card', 'verify', { token: odd })).code).toBe('CARD_TOKEN_INVALID')
    }
    expect(await app.snapshot()).toEqual(before)
  })

  it('lets exactly one of several staff verify the same token at once', async () => {
    const { qrToken } = await app.ok(app.users['sibling-member'], 'card', 'mine', {})
    const staff = await Promise.all(Array.from({ length: 6 }, () => app.newStaff('秀洲区总工会')))
    const results = await Promise.all(staff.map((s) => app.call(s, 'card', 'verify', { token: qrToken })))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'CARD_TOKEN_USED')).toBe(true)
  })

  it('forgets the uses of long-expired tokens', async () => {
    const [member] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [app.users.member])
    await app.db.query(
      `INSERT INTO card_token_use (jti, member_id, verified_by, expires_at) VALUES ('old-token', $1, $2, now() - interval '1 hour')`,
      [member.id, app.users['county-admin']],
    )
    const { qrToken } = await app.ok(app.users.member, 'card', 'mine', {})
    await app.ok(app.users['county-admin'], 'card', 'verify', { token: qrToken })
    expect(await app.db.query(`SELECT 1 FROM card_token_use WHERE jti = 'old-token'`)).toEqual([])
  })
})

describe('restock', () => {
  it('adds the stock once however often and however concurrently a request id is sent', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 5 })
    const input = { itemId, delta: 7, requestId: randomUUID() }
    const results = await Promise.all(Array.from({ length: 10 }, () => app.ok(app.users['mall-operator'], 'mall', 'restock', input)))
    expect(results.every((r) => r.stock === 12)).toBe(true)
    expect(await app.db.query('SELECT 1 FROM mall_restock WHERE item_id = $1', [itemId])).toHaveLength(1)
    // The same request id for another item is a client bug, not a replay.
    const otherId = await pickupItem(app.db, { price: 100, stock: 5 })
    expect((await app.fail(app.users['mall-operator'], 'mall', 'restock', { ...input, itemId: otherId })).code).toBe('VALIDATION_FAILED')
  })

  it('creates one item per request id, however often and however concurrently the create is resent', async () => {
    const input = {
      title: '重发的新商品',
      categoryId: (await app.ok(app.users['mall-operator'], 'mall', 'categories', {}))[0].id,
      kind: 'delivery' as const,
      pricePoints: 300,
      saleStart: new Date(Date.now() - 60_000).toISOString(),
      scopeBranchId: await app.branchId('秀洲区总工会'),
      initialStock: 20,
      requestId: randomUUID(),
    }
    const results = await Promise.all(Array.from({ length: 5 }, () => app.ok(app.users['mall-operator'], 'mall', 'saveItem', input)))
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(await app.ok(app.users['mall-operator'], 'mall', 'saveItem', input)).toEqual(results[0])
    expect(await app.db.query(`SELECT 1 FROM mall_item WHERE title = '重发的新商品'`)).toHaveLength(1)
    // Another operator's request id is theirs alone.
    const other = await app.newStaff('秀洲区总工会', 'mall_operator')
    expect((await app.ok(other, 'mall', 'saveItem', input)).id).not.toBe(results[0].id)
  })

  it('refuses stock past the column’s 2^31 - 1 before writing', async () => {
    const itemId = await pickupItem(app.db, { price: 100, stock: 2_147_483_000 })
    const before = await app.snapshot()
    expect(await app.fail(app.users['mall-operator'], 'mall', 'restock', { itemId, delta: 1000, requestId: randomUUID() })).toEqual({
      code: 'STOCK_TOO_LARGE',
      message: '库存不能超过 2147483647 件',
    })
    expect(await app.snapshot()).toEqual(before)
    expect((await app.ok(app.users['mall-operator'], 'mall', 'restock', { itemId, delta: 647, requestId: randomUUID() })).stock).toBe(2_147_483_647)
  })
})

describe('pickup code lookup', () => {
  it('indexes only completed orders with a pickup code, not every virtual coupon redeemed', async () => {
    const [index] = await app.db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'mall_order_fulfilled_code_idx'`)
    expect(index.indexdef).toMatch(/WHERE \(\(status = 'completed'::text\) AND \(pickup_code IS NOT NULL\)\)/)
  })
})
