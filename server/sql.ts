import type { BranchRef } from '../src/shared/api'

/** SQL expression building a BranchRef from a branch alias; pairs with the BranchRef type. */
export function branchRefSql(alias: string): string {
  return `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'fullName', ${alias}.full_name, 'level', ${alias}.level)`
}

export type { BranchRef }

export function iso(value: Date | string): string {
  return new Date(value).toISOString()
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value)
}

/** Writes an audit entry: staff reads of personal data, grants, reviews. */
export async function audit(
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  entry: { actor: number; action: string; targetType: string; targetIds: number[]; detail?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor_user_id, action, target_type, target_ids, detail) VALUES ($1, $2, $3, $4, $5)',
    [entry.actor, entry.action, entry.targetType, entry.targetIds, JSON.stringify(entry.detail ?? {})],
  )
}
