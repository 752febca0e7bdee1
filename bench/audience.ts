/**
 * notice_audience_city_ms: what 发布's confirmation (notice.audience) costs at each level, on the
 * generated data. The city-wide count walks every member row, so it is the one worth watching.
 */
import { audienceSql } from '../cloudfunctions/notice/actions'
import type { Queryable } from '../server/db'
import { percentile, round } from './stats'

export interface AudienceLevel {
  level: number
  branch: string
  branches: number
  members: number
  median_ms: number
  runs_ms: number[]
}

/** The city, the largest county, the largest town and the largest enterprise, each counted `runs` times after one warm-up. */
export async function measureAudience(db: Queryable, runs = 7): Promise<AudienceLevel[]> {
  const targets = await db.query<{ id: number; level: number; name: string }>(
    `SELECT DISTINCT ON (b.level) b.id, b.level, b.name
       FROM branch b
       LEFT JOIN LATERAL (SELECT count(*) AS members FROM branch d JOIN member m ON m.branch_id = d.id
                            WHERE d.path >= b.path AND d.path < b.path || '~') size ON true
      ORDER BY b.level, size.members DESC`,
  )
  const levels: AudienceLevel[] = []
  for (const target of targets) {
    const [counts] = await db.query<{ branches: number; members: number }>(audienceSql, [target.id])
    const times: number[] = []
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      await db.query(audienceSql, [target.id])
      times.push(round(performance.now() - started, 2))
    }
    levels.push({
      level: target.level,
      branch: target.name,
      branches: counts.branches,
      members: counts.members,
      median_ms: percentile([...times].sort((a, b) => a - b), 50),
      runs_ms: times,
    })
  }
  return levels
}
