import type { AskerView } from '../../src/shared/api/legal-common'
import type { Queryable } from '../db'

/** The columns of a legal_question row that say who asked. */
export interface AskerRef {
  anonymous: boolean
  memberId: number
  branchId: number
  countyBranchId: number
}

/**
 * Who asked each question, as staff may see it. An anonymous question shows only its county: no
 * name, phone, member number, enterprise or nickname, unless `revealed` (a legal_admin's logged
 * reveal, server side only). Phone numbers and member numbers are never part of this view; a flow
 * that needs them (a hand-off the member consented to) reads them itself and logs the read.
 */
export async function askerViews(db: Queryable, askers: AskerRef[], revealed = false): Promise<AskerView[]> {
  if (askers.length === 0) return []
  const named = askers.filter((a) => revealed || !a.anonymous)
  const [counties, members] = await Promise.all([
    db.query<{ id: number; name: string }>('SELECT id, name FROM branch WHERE id = ANY($1::int[])', [[...new Set(askers.map((a) => a.countyBranchId))]]),
    named.length === 0
      ? Promise.resolve([])
      : db.query<{ member_id: number; branch_id: number; name: string; enterprise: string }>(
          `SELECT m.id AS member_id, b.id AS branch_id, m.name, b.full_name AS enterprise
             FROM unnest($1::int[], $2::int[]) AS a(member_id, branch_id)
             JOIN member m ON m.id = a.member_id JOIN branch b ON b.id = a.branch_id`,
          [named.map((a) => a.memberId), named.map((a) => a.branchId)],
        ),
  ])
  const countyName = new Map(counties.map((c) => [c.id, c.name]))
  const memberOf = new Map(members.map((m) => [`${m.member_id}:${m.branch_id}`, m]))
  return askers.map((a) => {
    const county = countyName.get(a.countyBranchId) ?? ''
    const member = revealed || !a.anonymous ? memberOf.get(`${a.memberId}:${a.branchId}`) : undefined
    return member ? { anonymous: false, county, name: member.name, enterprise: member.enterprise } : { anonymous: true, county }
  })
}
