import type { FileReadUrl } from '../../src/shared/api'
import { filePurposes } from '../../src/shared/file-purposes'
import type { FilePurpose, PurposeRule } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import { AppError } from '../errors'
import type { Role } from '../../src/shared/roles'
import { covers } from '../scope'
import { audit } from '../sql'
import { recordAdmits, recordReader } from './record-readers'
import { fileStoreOf, publicFileUrl } from './storage'

/** Signed URLs of private files work this long: a link passed on stops working soon. */
export const readUrlTtlSeconds = 600

interface ReadRow {
  id: number
  owner_user_id: number
  purpose: FilePurpose
  blob_ref: string
  thumb_ref: string | null
  record: string | null
  owner_path: string | null
}

/** Told to anyone who may not read a file, so a refusal never says whether the file exists. */
const notFound = () => new AppError('NOT_FOUND', '文件不存在或您无权查看')

/**
 * URLs to show a file. Public files: their stable URLs, for any signed-in user. Private files:
 * signed URLs valid for readUrlTtlSeconds, for the owner, and for staff holding one of the
 * purpose's reader roles at the owner's member branch or above it, once the file is attached to a
 * record the record's module lets them read (record-readers.ts); for records whose module names
 * the readers itself (a legal question's thread), exactly those. Every staff read is written to
 * audit_log.
 */
export async function fileReadUrl({ db, env }: Deps, caller: Caller, id: number, nowMs = Date.now()): Promise<FileReadUrl> {
  const [row] = await db.query<ReadRow>(
    `SELECT f.id, f.owner_user_id, f.purpose, f.blob_ref, f.thumb_ref, f.record, b.path AS owner_path
       FROM file f
       LEFT JOIN member m ON m.user_id = f.owner_user_id
       LEFT JOIN branch b ON b.id = m.branch_id
      WHERE f.id = $1 AND f.status = 'ready'`,
    [id],
  )
  if (!row) throw notFound()
  const rule: PurposeRule = filePurposes[row.purpose]
  if (rule.visibility === 'public') {
    return { url: publicFileUrl(row.blob_ref), thumbUrl: row.thumb_ref ? publicFileUrl(row.thumb_ref) : null, expiresAt: null }
  }
  const own = row.owner_user_id === caller.userId
  const named = own || row.record === null ? undefined : await recordReader(db, caller, row.record)
  if (named === 'participant') {
    // A member of the exchange (a legal question's asker) reading the other side's file: not a staff read.
  } else if (!own) {
    const record = row.record
    const ownerPath = row.owner_path
    let role: Role | null = null
    if (named !== undefined) {
      role = named !== null && rule.readerRoles.includes(named) ? named : null
    } else {
      const roles = record === null || ownerPath === null ? [] : rule.readerRoles.filter((candidate) => covers(caller, candidate, ownerPath))
      for (const candidate of roles) {
        if (record !== null && (await recordAdmits(db, caller, record, candidate))) {
          role = candidate
          break
        }
      }
    }
    if (!role) throw notFound()
    await audit(db, {
      actor: caller.userId,
      action: 'file.read',
      targetType: 'file',
      targetIds: [row.id],
      detail: { purpose: row.purpose, record: row.record, owner: row.owner_user_id, role },
    })
  }
  const store = fileStoreOf(env)
  const [url, thumbUrl] = await Promise.all([
    store.signedUrl(row.blob_ref, readUrlTtlSeconds),
    row.thumb_ref ? store.signedUrl(row.thumb_ref, readUrlTtlSeconds) : Promise.resolve(null),
  ])
  return { url, thumbUrl, expiresAt: new Date(nowMs + readUrlTtlSeconds * 1000).toISOString() }
}
