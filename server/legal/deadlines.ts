import type { Queryable } from '../db'
import { addWorkingMinutes } from '../calendar/working-time'
import type { WorkingHours } from '../calendar/working-time'

/** legal_policy's one row. */
export interface LegalPolicy extends WorkingHours {
  responseMinutes: number
  countyAfterMinutes: number
  cityAfterMinutes: number
  autoCloseDays: number
}

export async function loadPolicy(db: Queryable): Promise<LegalPolicy> {
  const [row] = await db.query<{
    response_minutes: number
    county_after_minutes: number
    city_after_minutes: number
    workday_start_minute: number
    workday_end_minute: number
    auto_close_days: number
  }>('SELECT response_minutes, county_after_minutes, city_after_minutes, workday_start_minute, workday_end_minute, auto_close_days FROM legal_policy')
  if (!row) throw new Error('legal_policy has no row (migration 0018 inserts it)')
  return {
    responseMinutes: row.response_minutes,
    countyAfterMinutes: row.county_after_minutes,
    cityAfterMinutes: row.city_after_minutes,
    startMinute: row.workday_start_minute,
    endMinute: row.workday_end_minute,
    autoCloseDays: row.auto_close_days,
  }
}

export interface QuestionDeadlines {
  dueAt: Date
  escalateCountyAt: Date
  escalateCityAt: Date
}

/** A question's response deadlines, frozen when it is asked: later policy edits do not move them. */
export function questionDeadlines(askedAt: Date, policy: LegalPolicy): QuestionDeadlines {
  const dueAt = addWorkingMinutes(askedAt, policy.responseMinutes, policy)
  return {
    dueAt,
    escalateCountyAt: addWorkingMinutes(dueAt, policy.countyAfterMinutes, policy),
    escalateCityAt: addWorkingMinutes(dueAt, policy.cityAfterMinutes, policy),
  }
}
