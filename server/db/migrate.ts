import type { Db } from './types'
import { loadMigrations } from '../migrations'

/**
 * Applies pending migrations in order, each in its own transaction. A PostgreSQL advisory
 * lock keeps two starting processes from applying the same migration twice.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7301001)')
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migration')).map((r) => r.version))
    const applied: string[] = []
    for (const migration of loadMigrations()) {
      if (done.has(migration.version)) continue
      await tx.exec(migration.sql)
      await tx.query('INSERT INTO schema_migration (version) VALUES ($1)', [migration.version])
      applied.push(migration.version)
    }
    return applied
  })
}
