import type { Queryable } from '../db'

/** 08:30–17:30, Shanghai minutes of the day. */
const dutyStart = 8 * 60 + 30
const dutyEnd = 17 * 60 + 30

/**
 * The duty roster of 秀洲区: the demo lawyer (吴律师) Monday to Friday 08:30–17:30, set by the
 * county's legal admin. A member of 秀洲区 therefore asks the county's queue; the other counties
 * have no roster, so their members' questions go to the city. Runs once: it stops if any roster exists.
 */
export async function seedDemoLegal(tx: Queryable, countyId: number): Promise<boolean> {
  const [existing] = await tx.query('SELECT 1 FROM legal_roster LIMIT 1')
  if (existing) return false
  const [users] = await tx.query<{ lawyer: number | null; admin: number | null }>(
    `SELECT (SELECT id FROM app_user WHERE demo_key = 'lawyer') AS lawyer, (SELECT id FROM app_user WHERE demo_key = 'legal-admin') AS admin`,
  )
  if (users.lawyer === null || users.admin === null) return false
  await tx.query(
    `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
     SELECT $1, $2, d, $3, $4, $5 FROM generate_series(1, 5) AS d`,
    [countyId, users.lawyer, dutyStart, dutyEnd, users.admin],
  )
  return true
}
