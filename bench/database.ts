import pg from 'pg'
import { startCluster } from '../scripts/pg-cluster'
import type { Cluster } from '../scripts/pg-cluster'
import type { Db } from '../server/db'
import { createPostgresDb } from '../server/db/postgres'

export const benchDatabaseName = 'jx_bench'

export interface BenchDatabase {
  db: Db
  url: string
  /** The same server's maintenance database, for other databases (pgbench) and CHECKPOINT. */
  serverUrl: string
  /** The throw-away cluster's binaries (pgbench); null for DATABASE_URL. */
  binDir: string | null
  /** Where the server came from, for the report. */
  origin: 'DATABASE_URL' | 'throw-away cluster'
  /** Closes the pool and stops a throw-away cluster; safe to call twice. */
  close(): Promise<void>
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function recreateDatabase(serverUrl: string): Promise<void> {
  // A database cannot be dropped from a session connected to it.
  const connectTo = new URL(serverUrl).pathname === `/${benchDatabaseName}` ? withDatabase(serverUrl, 'postgres') : serverUrl
  const admin = new pg.Client({ connectionString: connectTo })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${benchDatabaseName} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${benchDatabaseName}`)
  } finally {
    await admin.end()
  }
}

/**
 * A fresh, empty jx_bench database. Without DATABASE_URL a throw-away server is started with
 * its default durability settings: the figures must hold for a server that really syncs.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.DATABASE_URL?.trim() || null
  let cluster: Cluster | null = null
  const serverUrl = given ?? (cluster = await startCluster()).url()
  let closed = false
  let db: Db | null = null
  const close = async () => {
    if (closed) return
    closed = true
    try {
      await db?.close()
    } finally {
      cluster?.stop()
    }
  }
  try {
    await recreateDatabase(serverUrl)
    const url = withDatabase(serverUrl, benchDatabaseName)
    // The bench calls one request at a time; a few connections cover the setup queries.
    db = createPostgresDb(url, 4)
    return {
      db,
      url,
      serverUrl: new URL(serverUrl).pathname === `/${benchDatabaseName}` ? withDatabase(serverUrl, 'postgres') : serverUrl,
      binDir: cluster?.binDir ?? null,
      origin: given ? 'DATABASE_URL' : 'throw-away cluster',
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
