import type { Queryable } from '../server/db'
import { round } from './stats'

/**
 * What the database's client backends are doing, sampled during a load run: on CPU, waiting
 * for a row lock held by another transaction, for the WAL flush of a commit, or for the client
 * (node) to send the next statement of an open transaction ("idle in transaction").
 */
export interface WaitReport {
  samples: number
  /** Mean number of backends per "state / wait event" over the samples, busiest first. */
  mean_backends: Record<string, number>
}

export interface WaitSampler {
  stop(): Promise<WaitReport>
}

/** Samples the backends of connections named applicationName (the load pools). */
export function sampleWaits(db: Queryable, applicationName: string, everyMs = 200): WaitSampler {
  const totals = new Map<string, number>()
  let samples = 0
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const rows = await db.query<{ state: string | null; wait: string; n: number }>(
        `SELECT state, COALESCE(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*)::int AS n
           FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND application_name = $1
          GROUP BY 1, 2`,
        [applicationName],
      )
      samples++
      for (const r of rows) {
        const key = `${r.state ?? 'unknown'} / ${r.wait}`
        totals.set(key, (totals.get(key) ?? 0) + r.n)
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      const mean = [...totals].map(([key, n]) => [key, round(n / Math.max(1, samples), 1)] as const).sort((a, b) => b[1] - a[1])
      return { samples, mean_backends: Object.fromEntries(mean.filter(([, n]) => n > 0)) }
    },
  }
}
