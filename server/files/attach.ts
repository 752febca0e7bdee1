import type { FilePurpose, FileType, StoredFile } from '../../src/shared/api'
import { filePurposes } from '../../src/shared/file-purposes'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { publicFileUrl } from './storage'

/** Columns `toStoredFile` reads. */
export const storedFileColumns = 'id, owner_user_id, purpose, name, status, type, size, width, height, blob_ref, thumb_ref, duration_seconds, record, delete_after'

export interface FileRow {
  id: number
  owner_user_id: number
  purpose: FilePurpose
  name: string
  status: 'pending' | 'receiving' | 'ready' | 'failed'
  type: FileType | null
  size: number | null
  width: number | null
  height: number | null
  blob_ref: string | null
  thumb_ref: string | null
  duration_seconds: number | null
  record: string | null
  delete_after: Date | null
}

/** A ready row as the client sees it; the table's CHECK guarantees a ready row has its type, size and blob. */
export function toStoredFile(row: FileRow): StoredFile {
  if (row.status !== 'ready' || row.type === null || row.size === null || row.blob_ref === null) throw new Error(`file ${row.id} is not ready`)
  const isPublic = filePurposes[row.purpose].visibility === 'public'
  return {
    id: row.id,
    purpose: row.purpose,
    name: row.name,
    type: row.type,
    size: row.size,
    width: row.width,
    height: row.height,
    url: isPublic ? publicFileUrl(row.blob_ref) : null,
    thumbUrl: isPublic && row.thumb_ref ? publicFileUrl(row.thumb_ref) : null,
    durationSeconds: row.duration_seconds,
  }
}

/** Which record a file belongs to: `<table>:<id>`, e.g. `mall_item:12`. */
export interface FileTarget {
  purpose: FilePurpose
  record: string
}

/**
 * Attaches uploaded files to a record, inside the module's own transaction (pass its `tx`).
 * Each id must be a ready file the caller uploaded, of `target.purpose`, not attached to another
 * record; a file already attached to this record stays, whoever uploaded it (a retried save, or
 * a second operator editing the item). Answers the files in
 * the order of `ids`, duplicates removed. Refusals: FILE_NOT_YOURS (someone else's, or no such
 * file: the two are not told apart), FILE_NOT_READY, FILE_WRONG_PURPOSE, FILE_IN_USE.
 */
export async function attachFiles(db: Queryable, caller: Caller, ids: number[], target: FileTarget): Promise<StoredFile[]> {
  const unique = [...new Set(ids)]
  if (!unique.length) return []
  // Locked so two saves cannot attach one file to two records.
  const rows = await db.query<FileRow>(`SELECT ${storedFileColumns} FROM file WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [unique])
  const byId = new Map(rows.map((r) => [r.id, r]))
  for (const id of unique) {
    const row = byId.get(id)
    // Already this record's (a retried save, or another editor keeping a colleague's image): kept as is.
    if (row && row.record === target.record && row.purpose === target.purpose) continue
    if (!row || row.owner_user_id !== caller.userId) throw new AppError('FILE_NOT_YOURS')
    if (row.status !== 'ready') throw new AppError('FILE_NOT_READY')
    if (row.purpose !== target.purpose) {
      throw new AppError('FILE_WRONG_PURPOSE', `该文件是${filePurposes[row.purpose].label}，不能用作${filePurposes[target.purpose].label}`)
    }
    if (row.record !== null && row.record !== target.record) throw new AppError('FILE_IN_USE')
  }
  await db.query('UPDATE file SET record = $2, delete_after = NULL WHERE id = ANY($1::int[])', [unique, target.record])
  return unique.map((id) => toStoredFile({ ...(byId.get(id) as FileRow), record: target.record, delete_after: null }))
}

export interface ReleaseOptions {
  /** Only this purpose's files of the record (a notice's cover, not its body images). */
  purpose?: FilePurpose
  /** Files that stay attached. */
  keep?: number[]
  /** A retention period the module states; the housekeeping job deletes the files after it. */
  keepDays?: number
}

/**
 * Marks a record's files for deletion, inside the module's transaction that deletes or edits
 * the record. The housekeeping job removes them (rows and, with the last row, the bytes).
 * Answers how many were released.
 */
export async function releaseFiles(db: Queryable, record: string, options: ReleaseOptions = {}): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `UPDATE file SET delete_after = now() + make_interval(days => $4::int)
      WHERE record = $1 AND delete_after IS NULL AND ($2::text IS NULL OR purpose = $2) AND id <> ALL($3::int[])
      RETURNING id`,
    [record, options.purpose ?? null, options.keep ?? [], options.keepDays ?? 0],
  )
  return rows.length
}

/**
 * A record's files of one purpose become exactly `ids` (an edited item's images): the new ones
 * are attached, the ones left out released.
 */
export async function replaceFiles(db: Queryable, caller: Caller, ids: number[], target: FileTarget, options: { keepDays?: number } = {}): Promise<StoredFile[]> {
  const files = await attachFiles(db, caller, ids, target)
  await releaseFiles(db, target.record, { purpose: target.purpose, keep: ids, keepDays: options.keepDays })
  return files
}

/** A record's attached files (released ones excluded), oldest first: what a module shows. */
export async function recordFiles(db: Queryable, record: string, purpose?: FilePurpose): Promise<StoredFile[]> {
  const rows = await db.query<FileRow>(
    `SELECT ${storedFileColumns} FROM file
      WHERE record = $1 AND delete_after IS NULL AND status = 'ready' AND ($2::text IS NULL OR purpose = $2)
      ORDER BY id`,
    [record, purpose ?? null],
  )
  return rows.map(toStoredFile)
}
