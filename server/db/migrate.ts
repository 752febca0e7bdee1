import type { Db, Queryable } from './types'
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

/** The database lacks migrations this code was built with. */
export class SchemaBehindError extends Error {}

/**
 * One cheap query instead of migrating: cloud functions leave migrations to the deployment
 * (`npm run db:migrate`) and refuse to run on a schema older than their code.
 */
export async function assertSchemaCurrent(db: Queryable): Promise<void> {
  const expected = loadMigrations().map((m) => m.version)
  let applied: string[] = []
  try {
    const rows = await db.query<{ version: string }>('SELECT version FROM schema_migration WHERE version = ANY($1::text[])', [expected])
    applied = rows.map((r) => r.version)
  } catch (error) {
    // undefined_table: a database that was never migrated.
    if ((error as { code?: string }).code !== '42P01') throw error
  }
  const missing = expected.filter((version) => !applied.includes(version))
  if (missing.length) throw new SchemaBehindError(`数据库结构落后于代码，缺少迁移：${missing.join('、')}。请先对 DATABASE_URL 运行 npm run db:migrate`)
}
