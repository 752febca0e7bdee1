import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickupReplayMinutes } from '../../cloudfunctions/mall/actions'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { fundedMembers, pickupItem } from '../support/mall-fixtures'

let app: TestApp
beforeAll(async () => {
  app = await openTestApp()
})
afterAll(() => app?.close())

const strikesOf = async (userId: number) => {
  const [row] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'mall.verifyPickupFailed' AND actor_user_id = $1`, [userId])
  return row.n
}

describe('pickup verification resends', () => {
  it('replays a hand-over only within the resend window; an old code is a wrong code and a strike', async () => {
    const operator = app.users['mall-operator']
    const itemId = await pickupItem(app.db, { price: 100, stock: 10 })
    const [member] = await fundedMembers(app, [500])
    const { order } = await app.ok(member.userId, 'mall', 'redeem', { itemId, quantity: 1, requestId: randomUUID() })
    const code = order.pickupCode ?? ''
    const verified = await app.ok(operator, 'mall', 'verifyPickup', { code })
    expect(verified).toMatchObject({ id: order.id, status: 'completed', replayed: false })
    expect(await app.ok(operator, 'mall', 'verifyPickup', { code })).toMatchObject({ id: order.id, replayed: true })
    const strikes = await strikesOf(operator)
    // Handed over long ago: the code may since belong to another order, or be guessed.
    await app.db.query(`UPDATE mall_order SET updated_at = now() - make_interval(mins => $2::int + 1) WHERE id = $1`, [order.id, pickupReplayMinutes])
    expect((await app.fail(operator, 'mall', 'verifyPickup', { code })).code).toBe('PICKUP_CODE_INVALID')
    expect(await strikesOf(operator)).toBe(strikes + 1)
  })
})

describe('item creation resends', () => {
  it('applies the changes a resent create carries to the item the first send made', async () => {
    const operator = app.users['mall-operator']
    const requestId = randomUUID()
    const input = {
      title: '重发时改价的商品',
      categoryId: (await app.ok(operator, 'mall', 'categories', {}))[0].id,
      kind: 'delivery' as const,
      pricePoints: 300,
      saleStart: new Date(Date.now() - 60_000).toISOString(),
      scopeBranchId: await app.branchId('秀洲区总工会'),
      initialStock: 20,
      requestId,
    }
    const first = await app.ok(operator, 'mall', 'saveItem', input)
    const resent = await app.ok(operator, 'mall', 'saveItem', { ...input, pricePoints: 250, title: '重发时改价的商品（新）' })
    expect(resent).toEqual({ ...first, pricePoints: 250, title: '重发时改价的商品（新）' })
    expect(await app.ok(operator, 'mall', 'manageItem', { id: first.id })).toEqual(resent)
    const rows = await app.db.query<{ price_points: number }>('SELECT price_points FROM mall_item WHERE created_by = $1 AND request_id = $2', [operator, requestId])
    expect(rows).toEqual([{ price_points: 250 }])
    // A resend is an edit: the kind stays as created, and nothing changes when it is refused.
    const before = await app.snapshot()
    expect((await app.fail(operator, 'mall', 'saveItem', { ...input, kind: 'virtual' })).code).toBe('ITEM_KIND_MISMATCH')
    expect(await app.snapshot()).toEqual(before)
    expect((await app.ok(operator, 'mall', 'manageItem', { id: first.id })).pricePoints).toBe(250)
  })
})

describe('card token sweep', () => {
  /** Expired token rows, oldest last in `i`: a verification should delete the oldest first. */
  async function expiredRows(count: number, prefix: string): Promise<void> {
    const [member] = await app.db.query<{ id: number }>('SELECT id FROM member WHERE user_id = $1', [app.users.member])
    await app.db.query(
      `INSERT INTO card_token_use (jti, member_id, verified_by, expires_at)
       SELECT $1 || i, $2::int, $3::int, now() - interval '1 day' - make_interval(secs => i) FROM generate_series(0, $4::int - 1) AS i`,
      [prefix, member.id, app.users['county-admin'], count],
    )
  }
  const left = async (prefix: string) =>
    (await app.db.query<{ jti: string }>(`SELECT jti FROM card_token_use WHERE starts_with(jti, $1) ORDER BY expires_at DESC`, [prefix])).map((r) => r.jti)

  it('deletes at most a hundred expired rows per verification, oldest first', async () => {
    await expiredRows(150, 'sweep-')
    const { qrToken } = await app.ok(app.users.member, 'card', 'mine', {})
    expect(await app.ok(app.users['county-admin'], 'card', 'verify', { token: qrToken })).toMatchObject({ replayed: false })
    expect(await left('sweep-')).toEqual(Array.from({ length: 50 }, (_, i) => `sweep-${i}`))
    const next = await app.ok(app.users.member, 'card', 'mine', {})
    await app.ok(app.users['county-admin'], 'card', 'verify', { token: next.qrToken })
    expect(await left('sweep-')).toEqual([])
  })

  // Two connections are needed to hold a lock while verifying: PGlite has one.
  it.runIf(process.env.TEST_DB === 'pg')('skips expired rows another transaction holds instead of waiting for it', async () => {
    await expiredRows(5, 'held-')
    const { qrToken } = await app.ok(app.users.member, 'card', 'mine', {})
    const outcome = await app.db.transaction(async (tx) => {
      await tx.query(`SELECT jti FROM card_token_use WHERE starts_with(jti, 'held-') FOR UPDATE`)
      // Without SKIP LOCKED the verification waits on this transaction, which waits on it.
      const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000))
      return Promise.race([app.ok(app.users['county-admin'], 'card', 'verify', { token: qrToken }), timeout])
    })
    expect(outcome).toMatchObject({ replayed: false })
    expect(await left('held-')).toHaveLength(5)
  })
})

describe('revoke resends', () => {
  it('answers a resent revoke within a day, and NOT_FOUND for one revoked long ago', async () => {
    const member = await app.ok(app.users.member, 'card', 'mine', {})
    const enterprise = await app.branchId('嘉兴恒创电子有限公司工会')
    const grant = await app.ok(app.users['city-admin'], 'role', 'grant', { memberNo: member.memberNo, role: 'lawyer', branchId: enterprise })
    const townAdmin = app.users['town-admin']
    expect(await app.ok(townAdmin, 'role', 'revoke', { grantId: grant.id })).toEqual({ grantId: grant.id })
    expect(await app.ok(townAdmin, 'role', 'revoke', { grantId: grant.id })).toEqual({ grantId: grant.id })
    await app.db.query(
      `UPDATE audit_log SET created_at = now() - interval '2 days' WHERE action = 'role.revoke' AND $1 = ANY(target_ids)`,
      [grant.id],
    )
    expect(await app.fail(townAdmin, 'role', 'revoke', { grantId: grant.id })).toEqual({ code: 'NOT_FOUND', message: '该授权不存在或已撤销' })
  })
})
