import type { Queryable } from '../../server/db'

/**
 * A legal question inserted directly, as ask would leave it (the ask part has its own tests):
 * the member's branch and county, the county's queue, and optionally a lawyer who holds it.
 */
export async function insertLegalQuestion(
  db: Queryable,
  fields: { askerUserId: number; anonymous?: boolean; lawyerUserId?: number | null; title?: string; body?: string; status?: 'open' | 'resolved' | 'closed' },
): Promise<number> {
  const status = fields.status ?? 'open'
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path,
                                 category, title, body, anonymous, request_id, status, lawyer_user_id, claimed_at,
                                 due_at, escalate_county_at, escalate_city_at, closed_at)
     SELECT m.user_id, m.id, b.id, b.path, county.id, county.id, county.path,
            'wages', $2, $3, $4, md5(random()::text), $5, $6::int, CASE WHEN $6::int IS NULL THEN NULL ELSE now() END,
            now() + interval '2 hours', now() + interval '4 hours', now() + interval '6 hours', CASE WHEN $5 = 'open' THEN NULL ELSE now() END
       FROM member m JOIN branch b ON b.id = m.branch_id
       JOIN branch county ON county.id = split_part(b.path, '/', 3)::int
      WHERE m.user_id = $1
     RETURNING id`,
    [
      fields.askerUserId,
      fields.title ?? '公司拖欠三个月工资怎么办',
      fields.body ?? '我在公司工作两年，最近三个月工资一直没有发，老板说资金紧张，请问我该怎么维权？',
      fields.anonymous ?? false,
      status,
      fields.lawyerUserId ?? null,
    ],
  )
  if (!row) throw new Error(`user ${fields.askerUserId} is not a member`)
  return row.id
}

/** A member with a name and phone of their own, so a scan for them finds only them. */
export async function insertLegalMember(
  app: { db: Queryable; newUser: (nickname?: string) => Promise<number> },
  fields: { branch: string; name: string; phone: string; nickname?: string },
): Promise<{ userId: number; memberId: number; memberNo: string }> {
  const userId = await app.newUser(fields.nickname ?? fields.name)
  const [row] = await app.db.query<{ id: number; member_no: string }>(
    `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT $1::int, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, $3, md5(random()::text || $1::int::text), '1234', b.id
       FROM branch b WHERE b.name = $4 RETURNING id, member_no`,
    [userId, fields.name, fields.phone, fields.branch],
  )
  if (!row) throw new Error(`no branch ${fields.branch}`)
  return { userId, memberId: row.id, memberNo: row.member_no }
}

/** A demo account's user id by its key (lawyer, legal-admin: not in the test app's DemoKey list). */
export async function demoUser(db: Queryable, key: string): Promise<number> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM app_user WHERE demo_key = $1', [key])
  if (!row) throw new Error(`no demo account ${key}`)
  return row.id
}
