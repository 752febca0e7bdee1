import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startCluster } from '../../scripts/pg-cluster'
import type { Cluster } from '../../scripts/pg-cluster'
import { createPostgresDb } from '../../server/db/postgres'
import { migrate } from '../../server/db/migrate'
import { seedDemo } from '../../server/seed/demo'
import { testEnv } from './env'

let cluster: Cluster | null = null

/** One server for the run; every test file gets its own database copied from jx_template. */
export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    cluster = await startCluster({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' })
    adminUrl = cluster.url()
  }
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query('DROP DATABASE IF EXISTS jx_template')
  await admin.query('CREATE DATABASE jx_template')
  await admin.end()
  const templateUrl = new URL(adminUrl)
  templateUrl.pathname = '/jx_template'
  const db = createPostgresDb(templateUrl.toString(), 2)
  await migrate(db)
  await seedDemo(db, testEnv)
  await db.close()
  project.provide('pgAdminUrl', adminUrl)
}

export function teardown(): void {
  cluster?.stop()
}
