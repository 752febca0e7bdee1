import type { Queryable } from '../../server/db'
import { award } from '../../server/points/ledger'
import type { TestApp } from './app'

/** Members of one enterprise with the given balances, each with an account for signing in. */
export async function fundedMembers(app: Pick<TestApp, 'db' | 'newUser'>, balances: number[]): Promise<{ userId: number; memberId: number; balance: number }[]> {
  const members = []
  for (const balance of balances) {
    const userId = await app.newUser('并发会员')
    const [row] = await app.db.query<{ id: number }>(
      `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
       VALUES ($1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), '并发会员', '13800000000', md5(random()::text || $1::int::text), '1234',
               (SELECT id FROM branch WHERE name = '嘉兴恒创电子有限公司工会')) RETURNING id`,
      [userId],
    )
    if (balance > 0) await app.db.transaction((tx) => award(tx, { memberId: row.id, rule: 'admin_grant', sourceRef: 'fixture', points: balance }))
    members.push({ userId, memberId: row.id, balance })
  }
  return members
}

/** A pickup item visible city-wide, owned by 秀洲区 (whose mall operator is a demo account). */
export async function pickupItem(db: Queryable, fields: { price: number; stock: number; limit?: number }): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, price_points, stock, limit_period, limit_count, sale_start,
                            pickup_branch_id, pickup_point_id)
     SELECT (SELECT id FROM branch WHERE name = '秀洲区总工会'), (SELECT id FROM branch WHERE name = '嘉兴市总工会'),
            (SELECT min(id) FROM mall_category), 'pickup', '并发测试商品', $1, $2,
            CASE WHEN $3::int IS NULL THEN NULL ELSE 'lifetime' END, $3::int, now() - interval '1 day', p.branch_id, p.id
       FROM mall_pickup_point p JOIN branch b ON b.id = p.branch_id
      WHERE b.name = '油车港镇总工会' ORDER BY p.id LIMIT 1
     RETURNING id`,
    [fields.price, fields.stock, fields.limit ?? null],
  )
  return row.id
}

/** Ledger invariants that must hold at every moment, for every member. */
export async function ledgerViolations(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ problem: string }>(
    `SELECT 'member ' || a.member_id || ': balance ' || a.balance || ' but ledger sums to ' || COALESCE(l.sum, 0) AS problem
       FROM points_account a LEFT JOIN (SELECT member_id, sum(delta)::int AS sum FROM points_ledger GROUP BY member_id) l USING (member_id)
      WHERE a.balance <> COALESCE(l.sum, 0)
     UNION ALL
     SELECT 'ledger ' || id || ': balance_after ' || balance_after || ' but running sum ' || running
       FROM (SELECT id, balance_after, sum(delta) OVER (PARTITION BY member_id ORDER BY id)::int AS running FROM points_ledger) r
      WHERE balance_after <> running
     UNION ALL
     SELECT 'member ' || member_id || ': negative balance' FROM points_account WHERE balance < 0`,
  )
  return rows.map((r) => r.problem)
}

/** Stock plus what live orders hold must equal what the item started with. */
export async function stockHeld(db: Queryable, itemId: number): Promise<{ stock: number; held: number; orders: number }> {
  const [row] = await db.query<{ stock: number; held: number; orders: number }>(
    `SELECT i.stock, COALESCE(sum(o.quantity) FILTER (WHERE o.status <> 'cancelled'), 0)::int AS held,
            count(o.id) FILTER (WHERE o.status <> 'cancelled')::int AS orders
       FROM mall_item i LEFT JOIN mall_order o ON o.item_id = i.id WHERE i.id = $1 GROUP BY i.id`,
    [itemId],
  )
  return row
}
