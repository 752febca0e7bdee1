import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface Migration {
  version: string
  sql: string
}

// In a bundled cloud function, import.meta.url is defined to point into its copied migrations folder.
const migrationsDir = dirname(fileURLToPath(import.meta.url))

/** `NNNN_name.sql` files in version order. The same SQL runs on PGlite and PostgreSQL. */
export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: file.replace(/\.sql$/, ''), sql: readFileSync(join(dir, file), 'utf8') }))
}
