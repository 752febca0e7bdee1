import type { Role } from '../../src/shared/roles'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { questionFileReader } from '../legal/question-access'

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
  // A chat is the two members' own: a matchmaker sees its images only when one of them reported it.
  dating_match: async (db, _caller, matchId, role) => {
    if (role !== 'matchmaker') return false
    const rows = await db.query('SELECT 1 FROM dating_report WHERE match_id = $1', [matchId])
    return rows.length > 0
  },
}

/** Whether `role`, held in scope, lets the caller read the files of `record`. */
export async function recordAdmits(db: Queryable, caller: Caller, record: string, role: Role): Promise<boolean> {
  const match = /^([a-z_]+):(\d+)$/.exec(record)
  const gate = match ? gates[match[1]] : undefined
  return gate ? gate(db, caller, Number(match?.[2]), role) : true
}

/**
 * Records whose module alone names their readers, whoever uploaded the file and wherever the
 * uploader's branch is: a legal question's thread is read by its asker, its lawyer and the
 * legal_admins over it (a lawyer's reply is the asker's to read, and a lawyer need not be a
 * member of any branch). A reader answers the staff role the caller reads under, 'participant'
 * for a member of the exchange who is not staff, or null for everyone else.
 */
type RecordReader = (db: Queryable, caller: Caller, recordId: number) => Promise<Role | 'participant' | null>

const readers: Record<string, RecordReader> = {
  legal_question: (db, caller, questionId) => questionFileReader(db, caller, { questionId }),
  legal_message: (db, caller, messageId) => questionFileReader(db, caller, { messageId }),
}

/** How the caller reads the files of `record` when its module names the readers; undefined when it does not. */
export async function recordReader(db: Queryable, caller: Caller, record: string): Promise<Role | 'participant' | null | undefined> {
  const match = /^([a-z_]+):(\d+)$/.exec(record)
  const reader = match ? readers[match[1]] : undefined
  return reader ? reader(db, caller, Number(match?.[2])) : undefined
}
