import { createHash } from 'node:crypto'
import { filePurposes } from '../../src/shared/file-purposes'
import type { FilePurpose, FileType } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { fileStoreOf, lockBlobs, privateDir } from './storage'

const extensions: Partial<Record<FileType, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/epub+zip': 'epub',
}

/**
 * Stores bytes the server made (an export) as a ready private file owned by the caller, the way
 * completeUpload stores an upload. The row is left unattached: only the owner may read it (staff
 * read only files attached to a case), and the housekeeping job removes it after a day.
 */
export async function storeGeneratedFile(
  { db, env }: Deps,
  caller: Caller,
  file: { purpose: FilePurpose; name: string; type: FileType; bytes: Buffer },
): Promise<number> {
  const ext = extensions[file.type]
  if (filePurposes[file.purpose].visibility !== 'private' || !ext) throw new Error(`storeGeneratedFile: ${file.purpose} ${file.type} is not a private document`)
  const blob = `${createHash('sha256').update(file.bytes).digest('hex')}.${ext}`
  return db.transaction(async (tx) => {
    // Locked before the bytes are stored: the cleanup deleting an equal blob's last row waits.
    await lockBlobs(tx, [blob])
    const ref = await fileStoreOf(env).put(`${privateDir}/${blob}`, file.bytes)
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO file (owner_user_id, purpose, name, status, declared_size, declared_type, type, size, blob_ref, ticket_expires_at, ready_at)
       VALUES ($1, $2, $3, 'ready', $4, $5, $5, $4, $6, now(), now())
       RETURNING id`,
      [caller.userId, file.purpose, file.name, file.bytes.length, file.type, ref],
    )
    return row.id
  })
}
