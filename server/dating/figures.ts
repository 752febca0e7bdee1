import type { DatingCountyFigures, DatingFigures } from '../../src/shared/api/dating-review'
import type { BranchRef } from '../../src/shared/api/common'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { inSubtreesSql, scopePaths } from '../scope'
import { branchRefSql } from '../sql'
import { countyIdSql } from './dater'

/**
 * 鹊桥会统计 (issue 13 §8), per county, over the members in the caller's admin or matchmaker scope:
 * members, joined profiles, shown profiles, matches (live and ended, counted in each side's county
 * as it was when they matched), event attendance (checked in) and 牵手成功 (confirmed).
 * A match across two counties counts once in each, so the totals count matches, not county rows.
 */

type Metric = Exclude<keyof DatingCountyFigures, 'county'>

export async function figures(db: Queryable, caller: Caller): Promise<DatingFigures> {
  const paths = [...new Set([...scopePaths(caller, 'admin'), ...scopePaths(caller, 'matchmaker')])]
  const inScope = inSubtreesSql('mb.path', '$1')
  const counts = await db.query<{ county: number; metric: Metric; n: number }>(
    `SELECT ${countyIdSql('mb.path')} AS county, 'members' AS metric, count(*)::int AS n
       FROM member m JOIN branch mb ON mb.id = m.branch_id WHERE ${inScope} GROUP BY 1
     UNION ALL
     SELECT p.county_branch_id, 'joined', count(*)::int
       FROM dating_profile p JOIN member m ON m.id = p.member_id JOIN branch mb ON mb.id = m.branch_id WHERE ${inScope} GROUP BY 1
     UNION ALL
     SELECT p.county_branch_id, 'active', count(*)::int
       FROM dating_profile p JOIN member m ON m.id = p.member_id JOIN branch mb ON mb.id = m.branch_id
      WHERE ${inScope} AND p.state = 'active' AND p.approved_at IS NOT NULL GROUP BY 1
     UNION ALL
     SELECT side.county, 'matches', count(*)::int
       FROM dating_match x CROSS JOIN LATERAL (VALUES (x.member_lo, x.county_lo), (x.member_hi, x.county_hi)) AS side(member_id, county)
       JOIN member m ON m.id = side.member_id JOIN branch mb ON mb.id = m.branch_id WHERE ${inScope} GROUP BY 1
     UNION ALL
     SELECT side.county, 'couples', count(*)::int
       FROM dating_match x CROSS JOIN LATERAL (VALUES (x.member_lo, x.county_lo), (x.member_hi, x.county_hi)) AS side(member_id, county)
       JOIN member m ON m.id = side.member_id JOIN branch mb ON mb.id = m.branch_id
      WHERE ${inScope} AND x.couple_confirmed_at IS NOT NULL GROUP BY 1
     UNION ALL
     SELECT ${countyIdSql('mb.path')}, 'attendance', count(*)::int
       FROM dating_event_signup s JOIN member m ON m.id = s.member_id JOIN branch mb ON mb.id = m.branch_id
      WHERE ${inScope} AND s.checked_in_at IS NOT NULL GROUP BY 1`,
    [paths],
  )
  // Every county the caller covers has a row, zeros included; a grant below county level shows its county.
  const counties = await db.query<{ id: number; ref: BranchRef }>(
    `SELECT b.id, ${branchRefSql('b')} AS ref FROM branch b
      WHERE b.id = ANY($2::int[])
         OR (b.level = 2 AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS scope(p)
                                      WHERE starts_with(b.path, scope.p) OR starts_with(scope.p, b.path)))
      ORDER BY b.level, b.id`,
    [paths, [...new Set(counts.map((c) => c.county))]],
  )
  const rows = new Map<number, DatingCountyFigures>(
    counties.map((c) => [c.id, { county: c.ref, members: 0, joined: 0, active: 0, matches: 0, attendance: 0, couples: 0 }]),
  )
  for (const c of counts) {
    const row = rows.get(c.county)
    if (row) row[c.metric] = c.n
  }
  const [distinct] = await db.query<{ matches: number; couples: number }>(
    `SELECT count(*)::int AS matches, count(*) FILTER (WHERE x.couple_confirmed_at IS NOT NULL)::int AS couples
       FROM dating_match x
      WHERE EXISTS (SELECT 1 FROM member m JOIN branch mb ON mb.id = m.branch_id
                     WHERE m.id IN (x.member_lo, x.member_hi) AND ${inScope})`,
    [paths],
  )
  const list = [...rows.values()]
  const sum = (metric: Metric) => list.reduce((total, row) => total + row[metric], 0)
  return {
    rows: list,
    totals: { members: sum('members'), joined: sum('joined'), active: sum('active'), matches: distinct.matches, attendance: sum('attendance'), couples: distinct.couples },
    at: new Date().toISOString(),
  }
}
