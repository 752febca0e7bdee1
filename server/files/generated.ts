import { createHash } from 'node:crypto'
import type { StoredFile } from '../../src/shared/api'
import { filePurposes } from '../../src/shared/file-purposes'
import type { FilePurpose, FileType } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import type { Env } from '../env'
import { storedFileColumns, toStoredFile } from './attach'
import type { FileRow } from './attach'
import { processUpload } from './process'
import { fileStoreOf, lockBlobs, privateDir, publicDir } from './storage'

const extensions: Partial<Record<FileType, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/epub+zip': 'epub',
}

/** A private document the server made, for insertGeneratedFile. */
export interface GeneratedFile {
  purpose: FilePurpose
  name: string
  type: FileType
  bytes: Buffer
  /** The record it belongs to from the start (kept), or none (removed after a day, see below). */
  record?: string
}

/**
 * Stores bytes the server made as a ready private file owned by `ownerUserId`, inside the
 * module's transaction: a module that keeps the file in a row of its own (a certificate's PDF)
 * writes both at once, under the lock it holds on that row.
 */
export async function insertGeneratedFile(tx: Queryable, env: Env, ownerUserId: number, file: GeneratedFile): Promise<{ id: number; blobRef: string }> {
  const ext = extensions[file.type]
  if (filePurposes[file.purpose].visibility !== 'private' || !ext) throw new Error(`insertGeneratedFile: ${file.purpose} ${file.type} is not a private document`)
  const blob = `${createHash('sha256').update(file.bytes).digest('hex')}.${ext}`
  // Locked before the bytes are stored: the cleanup deleting an equal blob's last row waits.
  await lockBlobs(tx, [blob])
  const ref = await fileStoreOf(env).put(`${privateDir}/${blob}`, file.bytes)
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, record, ticket_expires_at, ready_at)
     VALUES ($1, $2, $3, 'ready', $4, $5, $5, $4, $6, $7, now(), now())
     RETURNING id`,
    [ownerUserId, file.purpose, file.name, file.bytes.length, file.type, ref, file.record ?? null],
  )
  return { id: row.id, blobRef: ref }
}

/**
 * Stores bytes the server made (an export) as a ready private file owned by the caller, the way
 * completeUpload stores an upload. The row is left unattached: only the owner may read it (staff
 * read only files attached to a case), and the housekeeping job removes it after a day.
 */
export async function storeGeneratedFile({ db, env }: Deps, caller: Caller, file: Omit<GeneratedFile, 'record'>): Promise<number> {
  return db.transaction(async (tx) => (await insertGeneratedFile(tx, env, caller.userId, file)).id)
}

/**
 * Stores an image the server took from somewhere it does not trust (a book's cover or chapter
 * image), or a video or photo the demo data brings, as a ready file of its purpose's visibility owned by `ownerUserId`: it passes processUpload like an upload,
 * so it is re-encoded and nothing hostile in it survives. Left unattached: the module attaches it
 * to its record in the transaction that makes the record, and the housekeeping job removes it
 * after a day if that never happens (a killed import). Refusals are processUpload's AppErrors.
 */
export async function storeServerFile(
  { db, env }: Deps,
  ownerUserId: number,
  file: { purpose: FilePurpose; name: string; bytes: Buffer },
): Promise<StoredFile> {
  const rule = filePurposes[file.purpose]
  const dir = rule.visibility === 'public' ? publicDir : privateDir
  const processed = await processUpload(file.bytes, rule)
  const main = `${processed.main.sha256}.${processed.main.ext}`
  const thumb = processed.thumb ? `${processed.thumb.sha256}.${processed.thumb.ext}` : null
  const store = fileStoreOf(env)
  return db.transaction(async (tx) => {
    await lockBlobs(tx, thumb ? [main, thumb] : [main])
    const blobRef = await store.put(`${dir}/${main}`, processed.main.bytes)
    const thumbRef = processed.thumb && thumb ? await store.put(`${dir}/${thumb}`, processed.thumb.bytes) : null
    const [row] = await tx.query<FileRow>(
      `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, width, height, blob_ref, thumb_ref, duration_seconds, ticket_expires_at, ready_at)
       VALUES ($1, $2, $3, 'ready', $4, $5, $5, $4, $6, $7, $8, $9, $10, now(), now())
       RETURNING ${storedFileColumns}`,
      [ownerUserId, file.purpose, file.name, processed.main.bytes.length, processed.main.type, processed.width, processed.height, blobRef, thumbRef, processed.durationSeconds],
    )
    return toStoredFile(row)
  })
}
