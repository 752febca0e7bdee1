import { readdir, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Deps } from '../action'
import { fileStoreOf, lockBlobs, uploadTmpDir } from './storage'

/** An upload nobody attached within this long is abandoned (a form left half-filled). */
export const unattachedHours = 24
/** Unfinished uploads go this long after their ticket expired (a slow upload may still be running). */
const unfinishedGraceHours = 1

const due = `(record IS NULL AND created_at < $1::timestamptz - make_interval(hours => ${unattachedHours}))
   OR (delete_after IS NOT NULL AND delete_after <= $1::timestamptz)
   OR (status <> 'ready' AND ticket_expires_at < $1::timestamptz - make_interval(hours => ${unfinishedGraceHours}))`

export interface CleanupOptions {
  now?: Date
  batchSize?: number
  /** Asked before each batch: a timer function stops well before its platform timeout. */
  continueWhile?: () => boolean
}

export interface CleanupResult {
  files: number
  blobs: number
}

/**
 * Deletes abandoned uploads, released files past their retention, and unfinished tickets, in
 * batches of one transaction each. A blob goes only with the last row that names it, under the
 * same lock an upload takes to store it. Idempotent: a killed run is finished by the next one.
 */
export async function cleanFiles(deps: Deps, options: CleanupOptions = {}): Promise<CleanupResult> {
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? 200
  const store = fileStoreOf(deps.env)
  const result: CleanupResult = { files: 0, blobs: 0 }
  while (options.continueWhile?.() ?? true) {
    const batch = await deps.db.transaction(async (tx) => {
      // The condition is checked again as rows are deleted: a file attached meanwhile stays.
      const deleted = await tx.query<{ blob_ref: string | null; thumb_ref: string | null }>(
        `DELETE FROM file WHERE id IN (SELECT id FROM file WHERE ${due} ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) AND (${due})
         RETURNING blob_ref, thumb_ref`,
        [now, batchSize],
      )
      const refs = [...new Set(deleted.flatMap((r) => [r.blob_ref, r.thumb_ref]).filter((r): r is string => r !== null))]
      await lockBlobs(tx, refs.map((ref) => basename(ref)))
      const unused: string[] = []
      for (const ref of refs) {
        const [used] = await tx.query('SELECT 1 FROM file WHERE blob_ref = $1 OR thumb_ref = $1 LIMIT 1', [ref])
        if (!used) unused.push(ref)
      }
      // Inside the transaction: should the delete fail, the rows come back and the next run retries.
      await store.delete(unused)
      return { files: deleted.length, blobs: unused.length }
    })
    result.files += batch.files
    result.blobs += batch.blobs
    if (batch.files < batchSize) break
  }
  if (store.kind === 'local') await removeStaleUploads(uploadTmpDir(deps.env), now)
  return result
}

/** Temporary files of uploads the host was killed in the middle of. */
async function removeStaleUploads(dir: string, now: Date): Promise<void> {
  const names = await readdir(dir).catch(() => [])
  const cutoff = now.getTime() - unfinishedGraceHours * 3600_000
  for (const name of names) {
    const path = join(dir, name)
    const info = await stat(path).catch(() => null)
    if (info && info.mtimeMs < cutoff) await rm(path, { force: true })
  }
}
