import { join } from 'node:path'
import { migrate } from './migrate'
import { openPgliteDb } from './pglite'
import { createPostgresDb } from './postgres'
import type { Db } from './types'

export type { Db, Queryable } from './types'

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(options: { databaseUrl: string | null; dataDir: string }): Promise<Db> {
  const db = options.databaseUrl
    ? createPostgresDb(options.databaseUrl)
    : await openPgliteDb(join(options.dataDir, 'pglite'))
  await migrate(db)
  return db
}
