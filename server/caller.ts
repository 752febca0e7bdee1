import type { Role } from '../src/shared/roles'
import type { Queryable } from './db'
import { AppError } from './errors'

export interface CallerGrant {
  id: number
  role: Role
  branchId: number
  branchPath: string
}

/** Who is calling, resolved once per request. */
export interface Caller {
  userId: number
  nickname: string
  member: { id: number; memberNo: string; name: string; branchId: number; branchPath: string } | null
  grants: CallerGrant[]
}

/** The caller's membership, for what only members do: NOT_MEMBER for anyone else. */
export function requireMember(caller: Caller): NonNullable<Caller['member']> {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  return caller.member
}

interface CallerRow {
  id: number
  nickname: string
  member_id: number | null
  member_no: string | null
  member_name: string | null
  member_branch_id: number | null
  member_path: string | null
  grants: CallerGrant[]
}

export async function loadCaller(db: Queryable, userId: number): Promise<Caller | null> {
  const [row] = await db.query<CallerRow>(
    `SELECT u.id, u.nickname,
            m.id AS member_id, m.member_no, m.name AS member_name, m.branch_id AS member_branch_id, mb.path AS member_path,
            COALESCE((SELECT json_agg(json_build_object('id', g.id, 'role', g.role, 'branchId', g.branch_id, 'branchPath', gb.path) ORDER BY gb.path, g.id)
                        FROM role_grant g JOIN branch gb ON gb.id = g.branch_id
                       WHERE g.user_id = u.id), '[]'::json) AS grants
       FROM app_user u
       LEFT JOIN member m ON m.user_id = u.id
       LEFT JOIN branch mb ON mb.id = m.branch_id
      WHERE u.id = $1`,
    [userId],
  )
  if (!row) return null
  return {
    userId: row.id,
    nickname: row.nickname,
    member:
      row.member_id === null
        ? null
        : {
            id: row.member_id,
            memberNo: row.member_no ?? '',
            name: row.member_name ?? '',
            branchId: row.member_branch_id ?? 0,
            branchPath: row.member_path ?? '',
          },
    grants: row.grants,
  }
}

/** WeChat path: the openid from the cloud context is the identity; first sight creates the user. */
export async function userIdForOpenid(db: Queryable, openid: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO app_user (openid) VALUES ($1)
     ON CONFLICT (openid) DO UPDATE SET openid = EXCLUDED.openid
     RETURNING id`,
    [openid],
  )
  return row.id
}
