import type { LegalPolicyView, SavePolicyInput } from '../../src/shared/api/legal-sla'
import type { Caller } from '../caller'
import { calendarCovers } from '../calendar/china-holidays'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { shanghaiYear } from '../points/calendar'
import { loadPolicy } from './deadlines'
import { chainOf } from '../scope'
import { audit, iso } from '../sql'

/** A legal_admin granted at the city itself: the one who sets the city-wide response times. */
export function isCityLegalAdmin(caller: Caller): boolean {
  return caller.grants.some((g) => g.role === 'legal_admin' && chainOf(g.branchPath).length === 1)
}

/** The policy as legal_admins see it, with whether the holiday calendar covers this year and next. */
export async function readPolicy(db: Queryable, caller: Caller, now = new Date()): Promise<LegalPolicyView> {
  const policy = await loadPolicy(db)
  const [meta] = await db.query<{ updated_at: Date; updated_by: string | null }>(
    `SELECT p.updated_at, COALESCE(m.name, u.nickname) AS updated_by
       FROM legal_policy p LEFT JOIN app_user u ON u.id = p.updated_by LEFT JOIN member m ON m.user_id = u.id`,
  )
  const year = shanghaiYear(now)
  return {
    responseMinutes: policy.responseMinutes,
    countyAfterMinutes: policy.countyAfterMinutes,
    cityAfterMinutes: policy.cityAfterMinutes,
    workdayStartMinute: policy.startMinute,
    workdayEndMinute: policy.endMinute,
    autoCloseDays: policy.autoCloseDays,
    updatedAt: iso(meta.updated_at),
    updatedBy: meta.updated_by,
    editable: isCityLegalAdmin(caller),
    calendar: [year, year + 1].map((y) => ({ year: y, covered: calendarCovers(y) })),
  }
}

/**
 * A city legal_admin changes the response times. Questions already asked keep the deadlines
 * frozen into them (server/legal/deadlines.ts); the change and its old values are audited.
 */
export async function savePolicy(db: Db, caller: Caller, input: SavePolicyInput, now = new Date()): Promise<LegalPolicyView> {
  if (!isCityLegalAdmin(caller)) throw new AppError('FORBIDDEN', '只有市总工会的法律服务管理员可以修改答复时限')
  return db.transaction(async (tx) => {
    const [before] = await tx.query<Record<string, number>>(
      `SELECT response_minutes, county_after_minutes, city_after_minutes, workday_start_minute, workday_end_minute, auto_close_days
         FROM legal_policy FOR UPDATE`,
    )
    await tx.query(
      `UPDATE legal_policy SET response_minutes = $1, county_after_minutes = $2, city_after_minutes = $3,
              workday_start_minute = $4, workday_end_minute = $5, auto_close_days = $6, updated_by = $7, updated_at = $8`,
      [input.responseMinutes, input.countyAfterMinutes, input.cityAfterMinutes, input.workdayStartMinute, input.workdayEndMinute, input.autoCloseDays, caller.userId, now],
    )
    await audit(tx, { actor: caller.userId, action: 'legal.policy.save', targetType: 'legal_policy', targetIds: [], detail: { before, after: input } })
    return readPolicy(tx, caller, now)
  })
}
