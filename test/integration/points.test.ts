import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, shanghaiDay, shanghaiYear, yearStart } from '../../server/points/calendar'
import { award, expirePoints } from '../../server/points/ledger'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, ledgerViolations, pickupItem } from '../support/mall-fixtures'

let app: TestApp
const year = shanghaiYear(new Date())

beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

async function memberIdOf(userId: number): Promise<number> {
  const [row] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [userId])
  return row.id
}

/** A fresh member of an enterprise, with no points. */
async function newMember(branchName = '嘉兴恒创电子有限公司工会'): Promise<{ userId: number; memberId: number; memberNo: string }> {
  const userId = await app.newUser('测试会员')
  const [row] = await app.db.query<{ id: number; member_no: string }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '测试会员', '13800000000', md5(random()::text), '1234',
             (SELECT id FROM branch WHERE name = $2)) RETURNING id, member_no`,
    [userId, branchName],
  )
  return { userId, memberId: row.id, memberNo: row.member_no }
}

async function ledgerSum(memberId: number): Promise<{ balance: number; sum: number }> {
  const [row] = await app.db.query<{ balance: number; sum: number }>(
    `SELECT COALESCE((SELECT balance FROM points_account WHERE member_id = $1), 0) AS balance,
            COALESCE((SELECT sum(delta)::int FROM points_ledger WHERE member_id = $1), 0) AS sum`,
    [memberId],
  )
  return row
}

describe('check-in', () => {
  it('awards 5 points once a day and a 20-point bonus on every 7th day in a row', async () => {
    const { userId, memberId } = await newMember()
    const first = await app.ok(userId, 'points', 'checkIn', {})
    expect(first).toEqual({ streak: 1, awarded: 5, bonus: 0, balance: 5, alreadyCheckedIn: false })
    // A resend after a lost answer learns the day's result; nothing is added twice.
    expect(await app.ok(userId, 'points', 'checkIn', {})).toEqual({ ...first, alreadyCheckedIn: true })
    expect((await app.ok(userId, 'points', 'summary', {})).checkIn).toEqual({ checkedInToday: true, streak: 1, nextBonusIn: 6, dailyPoints: 5, bonusPoints: 20 })

    const other = await newMember()
    const today = shanghaiDay(new Date())
    for (let i = 6; i >= 1; i--) {
      await app.db.query('INSERT INTO points_checkin (member_id, day, streak) VALUES ($1, $2::date, $3)', [other.memberId, addDays(today, -i), 7 - i])
    }
    expect((await app.ok(other.userId, 'points', 'summary', {})).checkIn).toMatchObject({ checkedInToday: false, streak: 6, nextBonusIn: 1 })
    const seventh = await app.ok(other.userId, 'points', 'checkIn', {})
    expect(seventh).toEqual({ streak: 7, awarded: 5, bonus: 20, balance: 25, alreadyCheckedIn: false })
    expect(await app.ok(other.userId, 'points', 'checkIn', {})).toEqual({ ...seventh, alreadyCheckedIn: true })
    const history = await app.ok(other.userId, 'points', 'history', {})
    expect(history.items.map((e) => [e.delta, e.reason])).toEqual([[20, '连续签到 7 天奖励'], [5, '每日签到']])
    expect(await ledgerSum(memberId)).toEqual({ balance: 5, sum: 5 })
    expect((await app.fail(app.users['town-admin'], 'points', 'checkIn', {})).code).toBe('NOT_MEMBER')
  })

  it('lets only one of many simultaneous check-ins through', async () => {
    const { userId, memberId } = await newMember()
    const results = await Promise.all(Array.from({ length: 10 }, () => app.ok(userId, 'points', 'checkIn', {})))
    expect(results.filter((r) => !r.alreadyCheckedIn)).toHaveLength(1)
    expect(results.every((r) => r.awarded === 5 && r.balance === 5)).toBe(true)
    expect(await ledgerSum(memberId)).toEqual({ balance: 5, sum: 5 })
  })
})

describe('award', () => {
  it('is idempotent by rule and source, and holds each rule to its daily cap', async () => {
    const { memberId } = await newMember()
    const first = await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'event:1', points: 150 }))
    expect(first).toEqual({ delta: 150, balance: 150, replayed: false })
    const again = await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'event:1', points: 150 }))
    expect(again).toEqual({ delta: 150, balance: 150, replayed: true })
    const capped = await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'event:2', points: 100 }))
    expect(capped).toEqual({ delta: 50, balance: 200, replayed: false })
    const nothing = await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'event:3', points: 100 }))
    expect(nothing).toEqual({ delta: 0, balance: 200, replayed: false })
    expect(await ledgerSum(memberId)).toEqual({ balance: 200, sum: 200 })
  })

  it('keeps the database itself from going negative or rewriting history', async () => {
    const { memberId } = await newMember()
    await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'guard', points: 10 }))
    await expect(app.db.query('UPDATE points_account SET balance = -1 WHERE member_id = $1', [memberId])).rejects.toThrow(/check/i)
    await expect(app.db.query('UPDATE points_ledger SET delta = 1000 WHERE member_id = $1', [memberId])).rejects.toThrow(/append-only/)
    await expect(app.db.query('DELETE FROM points_ledger WHERE member_id = $1', [memberId])).rejects.toThrow(/append-only/)
  })
})

describe('expiry', () => {
  it('expires last year’s unused points once, first in first out, however often it runs', async () => {
    const { userId, memberId } = await newMember()
    const lastYear = year - 1
    await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'old', points: 200, at: new Date(Date.UTC(lastYear, 5, 1, 4)) }))
    await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'new', points: 150 }))
    expect((await app.ok(userId, 'points', 'summary', {})).expiring.points).toBe(200)
    // Spending uses the oldest points first.
    await app.db.query(
      `INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after)
       VALUES ($1, -50, 'spend', 'redeem', '兑换', 'x', $2, 300)`,
      [memberId, `test:${randomUUID()}`],
    )
    await app.db.query('UPDATE points_account SET balance = 300 WHERE member_id = $1', [memberId])
    expect((await app.ok(userId, 'points', 'summary', {})).expiring.points).toBe(150)

    await expect(expirePoints(app.db, lastYear, new Date())).rejects.toThrow(/年底才过期/)
    const after = new Date(yearStart(lastYear + 2).getTime() + 3600_000)
    const first = await expirePoints(app.db, lastYear, after)
    expect(first.points).toBeGreaterThanOrEqual(150)
    const second = await expirePoints(app.db, lastYear, after)
    expect(second).toEqual({ members: 0, points: 0, done: true })
    const entries = await app.db.query<{ delta: number }>(`SELECT delta FROM points_ledger WHERE member_id = $1 AND kind = 'expire'`, [memberId])
    expect(entries).toEqual([{ delta: -150 }])
    expect(await ledgerSum(memberId)).toEqual({ balance: 150, sum: 150 })
    const expired = await app.ok(userId, 'points', 'history', { filter: 'expired' })
    expect(expired.items.map((e) => e.delta)).toEqual([-150])
  })
  it('works in bounded batches: a run cut short continues where it stopped, and a redone batch writes nothing twice', async () => {
    // A year no other test earns in, so its progress cursor belongs to this test alone.
    const earned = year - 6
    // One after another: batches follow member ids, and the assertions follow this order.
    const members = []
    for (let i = 0; i < 7; i++) members.push(await newMember())
    for (const [i, { memberId }] of members.entries()) {
      await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'resume', points: 100, at: new Date(Date.UTC(earned, 3, 1, 4)) }))
      // Spent the next year, first in first out: taken from these credits.
      if (i > 0) {
        await app.db.query(
          `WITH account AS (UPDATE points_account SET balance = balance - $2 WHERE member_id = $1 RETURNING balance)
           INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, created_at)
           SELECT $1, -$2::int, 'spend', 'redeem', '兑换', 'x', $3, balance, $4 FROM account`,
          [memberId, i * 10, `test:${randomUUID()}`, new Date(Date.UTC(earned + 1, 2, 1, 4))],
        )
      }
    }
    const after = new Date(yearStart(earned + 2).getTime() + 3600_000)
    const expected = (i: number) => 100 - i * 10

    const cut = await expirePoints(app.db, earned, after, { batchSize: 2, continueWhile: (done) => done < 2 })
    expect(cut).toEqual({ members: 4, points: [0, 1, 2, 3].reduce((sum, i) => sum + expected(i), 0), done: false })
    const [progress] = await app.db.query<{ after_member_id: number; finished_at: Date | null }>(
      'SELECT after_member_id, finished_at FROM points_expiry_progress WHERE year = $1',
      [earned],
    )
    expect(progress).toEqual({ after_member_id: members[3].memberId, finished_at: null })

    // As if the cursor's last move was lost: the first batches are redone and find their keys taken.
    await app.db.query('UPDATE points_expiry_progress SET after_member_id = $2 WHERE year = $1', [earned, members[1].memberId])
    const resumed = await expirePoints(app.db, earned, after, { batchSize: 2 })
    expect(resumed).toEqual({ members: 3, points: [4, 5, 6].reduce((sum, i) => sum + expected(i), 0), done: true })
    // A finished year: the timer's later runs (every 15 minutes, all year) write nothing at all.
    const progressRow = 'SELECT after_member_id, finished_at, updated_at FROM points_expiry_progress WHERE year = $1'
    const [finished] = await app.db.query<{ finished_at: Date | null }>(progressRow, [earned])
    expect(finished.finished_at).not.toBeNull()
    expect(await expirePoints(app.db, earned, after, { batchSize: 2 })).toEqual({ members: 0, points: 0, done: true })
    expect(await app.db.query(progressRow, [earned])).toEqual([finished])

    for (const [i, { memberId }] of members.entries()) {
      const entries = await app.db.query<{ delta: number; created_at: Date }>(
        `SELECT delta, created_at FROM points_ledger WHERE member_id = $1 AND kind = 'expire'`,
        [memberId],
      )
      expect(entries).toEqual([{ delta: -expected(i), created_at: yearStart(earned + 2) }])
      expect(await ledgerSum(memberId)).toEqual({ balance: 0, sum: 0 })
    }
    expect(await ledgerViolations(app.db)).toEqual([])
  })

  it('stays exact while members redeem during the run (a real race on PostgreSQL)', async () => {
    const lastYear = year - 1
    // 100 points this year (the fixture) and 100 last year; two redemptions of 30 each race the expiry.
    const members = await fundedMembers(app, Array.from({ length: 40 }, () => 100))
    for (const { memberId } of members) {
      await app.db.transaction((tx) => award(tx, { memberId, rule: 'activity', sourceRef: 'race', points: 100, at: new Date(Date.UTC(lastYear, 8, 1, 4)) }))
    }
    const itemId = await pickupItem(app.db, { price: 30, stock: 1000 })
    const after = new Date(yearStart(lastYear + 2).getTime() + 1000)
    // The first expiry test may have finished last year, and a finished year is never looked at
    // again (no credits of a lapsed year appear outside tests): start the year afresh.
    await app.db.query('DELETE FROM points_expiry_progress WHERE year = $1', [lastYear])
    const results = await Promise.all([
      // Two runs at once as well: they queue on the progress row.
      expirePoints(app.db, lastYear, after, { batchSize: 5 }),
      expirePoints(app.db, lastYear, after, { batchSize: 5 }),
      ...members.flatMap((m) => [1, 2].map(() => app.call(m.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: randomUUID() }))),
    ])
    for (const result of results.slice(2)) expect(result).toMatchObject({ ok: true })
    expect(await ledgerViolations(app.db)).toEqual([])
    for (const { memberId } of members) {
      const rows = await app.db.query<{ id: number; kind: string; delta: number }>(
        `SELECT id, kind, delta FROM points_ledger WHERE member_id = $1 AND kind IN ('spend', 'expire') ORDER BY id`,
        [memberId],
      )
      const expiry = rows.filter((r) => r.kind === 'expire')
      expect(expiry).toHaveLength(1)
      // Redemptions before the expiry used last year's points first; after it, this year's.
      const spentBefore = rows.filter((r) => r.kind === 'spend' && r.id < expiry[0].id).reduce((sum, r) => sum - r.delta, 0)
      expect(expiry[0].delta).toBe(-(100 - spentBefore))
      const left = 200 - 60 - (100 - spentBefore)
      expect(await ledgerSum(memberId)).toEqual({ balance: left, sum: left })
    }
  })
})

describe('admin grants and budgets', () => {
  it('grants out of the admin branch’s budget, once per request id', async () => {
    const { memberId, memberNo } = await newMember()
    const admin = app.users['enterprise-admin']
    const requestId = randomUUID()
    const granted = await app.ok(admin, 'points', 'grant', { memberNo, points: 300, reason: '技能比武一等奖', requestId })
    expect(granted).toEqual({ memberName: '测试会员', points: 300, balance: 300, budgetLeft: 4700 })
    const again = await app.ok(admin, 'points', 'grant', { memberNo, points: 300, reason: '技能比武一等奖', requestId })
    expect(again.budgetLeft).toBe(4700)
    expect(await ledgerSum(memberId)).toEqual({ balance: 300, sum: 300 })
    const [logged] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'points.grant' AND $1 = ANY(target_ids)`, [memberId])
    expect(logged.n).toBe(1)
    expect((await app.fail(admin, 'points', 'grant', { memberNo, points: 4701, reason: '超出预算', requestId: randomUUID() })).code).toBe('BUDGET_EXCEEDED')
  })

  it('refuses members, admins outside the member’s branch, branches without a budget and bad amounts, writing nothing', async () => {
    const { memberNo } = await newMember()
    const sibling = await newMember('嘉兴王江泾织造有限公司工会')
    const siblingTownAdmin = await app.newStaff('王江泾镇总工会')
    const before = await app.snapshot()
    const grant = (points: unknown, no = memberNo) => ({ memberNo: no, points, reason: '奖励', requestId: randomUUID() })
    expect((await app.fail(app.users.member, 'points', 'grant', grant(10))).code).toBe('FORBIDDEN')
    // An unknown number and a member outside the admin's subtree each say what is wrong, naming no one.
    expect(await app.fail(app.users['town-admin'], 'points', 'grant', grant(10, 'JX9999999999'))).toEqual({
      code: 'NOT_FOUND',
      message: '会员编号 JX9999999999 不存在，请核对',
    })
    const outside = { code: 'OUT_OF_SCOPE', message: `会员 ${sibling.memberNo} 不在您可发放积分的组织内` }
    expect(await app.fail(app.users['town-admin'], 'points', 'grant', grant(10, sibling.memberNo))).toEqual(outside)
    expect(await app.fail(app.users['enterprise-admin'], 'points', 'grant', grant(10, sibling.memberNo))).toEqual(outside)
    expect((await app.fail(siblingTownAdmin, 'points', 'grant', grant(10, sibling.memberNo))).code).toBe('NO_BUDGET')
    for (const bad of [-5, 0, 1.5, 10001, 1e12, '100']) {
      expect((await app.fail(app.users['town-admin'], 'points', 'grant', grant(bad))).code).toBe('VALIDATION_FAILED')
    }
    expect((await app.fail(app.users['town-admin'], 'points', 'grant', { ...grant(10), requestId: 'x' })).message).toContain('请求编号无效')
    expect(await app.snapshot()).toEqual(before)
  })

  it('shows the member a grant would go to, only inside the admin’s subtree, and records the read', async () => {
    const { memberId, memberNo } = await newMember()
    const sibling = await newMember('嘉兴王江泾织造有限公司工会')
    const admin = app.users['town-admin']
    const found = await app.ok(admin, 'points', 'findMember', { memberNo: ` ${memberNo} ` })
    expect(found).toEqual({ memberNo, name: '测试会员', branch: expect.objectContaining({ name: '嘉兴恒创电子有限公司工会', level: 4 }) })
    const [logged] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'points.findMember' AND actor_user_id = $1 AND $2 = ANY(target_ids)`,
      [admin, memberId],
    )
    expect(logged.n).toBe(1)

    const before = await app.snapshot()
    expect(await app.fail(admin, 'points', 'findMember', { memberNo: sibling.memberNo })).toEqual({
      code: 'OUT_OF_SCOPE',
      message: `会员 ${sibling.memberNo} 不在您可发放积分的组织内`,
    })
    expect(await app.fail(admin, 'points', 'findMember', { memberNo: 'JX9999999999' })).toEqual({
      code: 'NOT_FOUND',
      message: '会员编号 JX9999999999 不存在，请核对',
    })
    const [self] = await app.db.query<{ member_no: string }>('SELECT member_no FROM member WHERE user_id = $1', [app.users['enterprise-admin']])
    expect((await app.fail(app.users['enterprise-admin'], 'points', 'findMember', { memberNo: self.member_no })).code).toBe('SELF_GRANT')
    expect((await app.fail(app.users.member, 'points', 'findMember', { memberNo })).code).toBe('FORBIDDEN')
    expect((await app.fail(admin, 'points', 'findMember', { memberNo: 'J00001234' })).message).toContain('会员号格式')
    expect(await app.snapshot()).toEqual(before)
  })

  it('lets the branch directly above set a budget, never the branch itself, a sibling or one further up', async () => {
    const town = await app.branchId('油车港镇总工会')
    const siblingTown = await app.branchId('王江泾镇总工会')
    const city = await app.branchId('嘉兴市总工会')
    expect(await app.ok(app.users['county-admin'], 'points', 'setBudget', { branchId: siblingTown, year, amount: 8000 })).toMatchObject({ amount: 8000, used: 0 })
    expect((await app.ok(app.users['city-admin'], 'points', 'setBudget', { branchId: city, year, amount: 2_000_000 })).amount).toBe(2_000_000)
    // The enterprise's own grant, so the floor below is there whichever tests ran before.
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const { memberNo } = await newMember()
    await app.ok(app.users['enterprise-admin'], 'points', 'grant', { memberNo, points: 20, reason: '合理化建议', requestId: randomUUID() })
    const before = await app.snapshot()
    expect((await app.fail(app.users['town-admin'], 'points', 'setBudget', { branchId: town, year, amount: 999_999 })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users['town-admin'], 'points', 'setBudget', { branchId: siblingTown, year, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users['county-admin'], 'points', 'setBudget', { branchId: city, year, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users.member, 'points', 'setBudget', { branchId: town, year, amount: 1 })).code).toBe('FORBIDDEN')
    expect((await app.fail(app.users['county-admin'], 'points', 'setBudget', { branchId: town, year, amount: -1 })).code).toBe('VALIDATION_FAILED')
    const [used] = await app.db.query<{ used: number }>('SELECT used FROM points_budget WHERE branch_id = $1 AND year = $2', [enterprise, year])
    expect(used.used).toBeGreaterThanOrEqual(20)
    const below = await app.fail(app.users['town-admin'], 'points', 'setBudget', { branchId: enterprise, year, amount: used.used - 1 })
    expect(below).toMatchObject({ code: 'BUDGET_TOO_LOW', message: expect.stringContaining('不能低于已发放') })
    // Two levels down is not the county's to set: the town allots its enterprises' budgets.
    expect((await app.fail(app.users['county-admin'], 'points', 'setBudget', { branchId: enterprise, year, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect((await app.fail(app.users['city-admin'], 'points', 'setBudget', { branchId: town, year, amount: 1 })).code).toBe('OUT_OF_SCOPE')
    expect(await app.snapshot()).toEqual(before)
    expect((await app.ok(app.users['town-admin'], 'points', 'myBudgets', {})).map((b) => b.branch.name)).toEqual(['油车港镇总工会'])
    expect((await app.fail(app.users.member, 'points', 'myBudgets', {})).code).toBe('FORBIDDEN')
    const listed = await app.ok(app.users['county-admin'], 'points', 'budgets', { year })
    expect(listed.items.map((b) => b.branch.name)).toEqual(expect.arrayContaining(['秀洲区总工会', '油车港镇总工会', '王江泾镇总工会']))
    expect(listed.items.map((b) => b.branch.name)).not.toContain('嘉兴市总工会')
  })
})

describe('history', () => {
  it('pages the seeded member’s history and filters it', async () => {
    const member = app.users.member
    const all = await app.ok(member, 'points', 'history', { limit: 2 })
    expect(all.items).toHaveLength(2)
    expect(all.nextCursor).not.toBeNull()
    const earned = await app.ok(member, 'points', 'history', { filter: 'earned', limit: 50 })
    expect(earned.items.every((e) => e.delta > 0)).toBe(true)
    expect((await app.ok(member, 'points', 'history', { filter: 'spent' })).items.every((e) => e.kind === 'spend')).toBe(true)
    expect((await app.fail(member, 'points', 'history', { filter: 'stolen' })).code).toBe('VALIDATION_FAILED')
    expect(await memberIdOf(member)).toBeGreaterThan(0)
  })
})
