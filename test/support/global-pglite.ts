import { writeFileSync, rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { migrate } from '../../server/db/migrate'
import { wrapPglite } from '../../server/db/pglite'
import { seedDemo } from '../../server/seed/demo'
import { testEnv } from './env'

let dir = ''

/** Creating a PGlite cluster costs seconds; loading a dumped one costs a fraction of that. */
export async function setup(project: TestProject): Promise<void> {
  const pglite = await PGlite.create()
  const db = wrapPglite(pglite)
  await migrate(db)
  await seedDemo(db, testEnv)
  const dump = await pglite.dumpDataDir('gzip')
  dir = mkdtempSync(join(tmpdir(), 'jx-pglite-'))
  const file = join(dir, 'template.tar.gz')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await db.close()
  project.provide('pgliteTemplate', file)
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true })
}
