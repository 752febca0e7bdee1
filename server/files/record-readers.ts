import type { Role } from '../../src/shared/roles'
import type { Caller } from '../caller'
import type { Queryable } from '../db'

/**
 * A purpose's reader roles say which staff may read its files at all; the record a file belongs to
 * may narrow that to the staff handling that record. Keyed by the record's type (`aid_claim:12` →
 * `aid_claim`). A record type without an entry admits every holder of a reader role in scope.
 */
type RecordGate = (db: Queryable, caller: Caller, recordId: number, role: Role) => Promise<boolean>

const gates: Record<string, RecordGate> = {
  // A claim's documents are health data: of the reviewers, only the ones who hold or decided the
  // claim read them (issue 9 §7); aid_admins in scope read them whatever their role's grant says.
  aid_claim: async (db, caller, claimId, role) => {
    if (role !== 'claim_reviewer') return true
    const rows = await db.query('SELECT 1 FROM aid_claim WHERE id = $1 AND $2 IN (reviewer_id, second_reviewer_id)', [claimId, caller.userId])
    return rows.length > 0
  },
}

/** Whether `role`, held in scope, lets the caller read the files of `record`. */
export async function recordAdmits(db: Queryable, caller: Caller, record: string, role: Role): Promise<boolean> {
  const match = /^([a-z_]+):(\d+)$/.exec(record)
  const gate = match ? gates[match[1]] : undefined
  return gate ? gate(db, caller, Number(match?.[2]), role) : true
}
