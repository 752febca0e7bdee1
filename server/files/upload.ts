import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { FilePurpose, FileType, StoredFile, UploadTicket } from '../../src/shared/api'
import { filePurposes, publicUploaderRoles } from '../../src/shared/file-purposes'
import type { PurposeRule } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { hasRole } from '../scope'
import { signToken, verifyToken } from '../tokens'
import { storedFileColumns, toStoredFile } from './attach'
import type { FileRow } from './attach'
import { allowedTypesText, megabytes, processUpload } from './process'
import { fileStoreOf, lockBlobs, privateDir, publicDir } from './storage'

/** How long a ticket may wait for its bytes. */
export const ticketTtlSeconds = 10 * 60
const ticketPurpose = 'upload'
/** `f`: the file row, `u`: the uploader, `p`: WeChat cloud path of the raw upload. */
const ticketPayload = z.object({ f: z.number().int().positive(), u: z.number().int().positive(), p: z.string().nullable(), exp: z.number() })

/** Who may upload for a purpose: staff who edit goods or notices for public files, members (and the purpose's staffUploaderRoles) for private ones. */
function checkUploader(caller: Caller, purpose: FilePurpose): void {
  const rule: PurposeRule = filePurposes[purpose]
  if (rule.visibility === 'public') {
    if (rule.serverOnly) throw new AppError('FORBIDDEN', `${rule.label}由系统生成，不能上传`)
    if (rule.uploaderRoles) {
      if (!hasRole(caller, rule.uploaderRoles)) throw new AppError('FORBIDDEN', `您没有上传${rule.label}的权限`)
    } else if (!hasRole(caller, publicUploaderRoles)) throw new AppError('FORBIDDEN', `只有商城运营或工会管理员可以上传${rule.label}`)
  } else if (rule.uploaderRoles) {
    if (!hasRole(caller, rule.uploaderRoles)) throw new AppError('FORBIDDEN', `您没有上传${rule.label}的权限`)
  } else if (!caller.member && !hasRole(caller, rule.staffUploaderRoles ?? [])) {
    throw new AppError('NOT_MEMBER')
  }
}

export function tooLarge(rule: PurposeRule): AppError {
  return new AppError('FILE_TOO_LARGE', `文件超过大小上限：${rule.label}不超过 ${megabytes(rule.maxBytes)}`)
}

/** Step 1 of an upload: a pending row and a signed, single-use ticket naming it. */
export async function issueTicket(
  { db, env }: Deps,
  caller: Caller,
  input: { purpose: FilePurpose; name: string; size: number; type: FileType },
  nowMs = Date.now(),
): Promise<UploadTicket> {
  checkUploader(caller, input.purpose)
  const rule: PurposeRule = filePurposes[input.purpose]
  if (!rule.types.includes(input.type)) throw new AppError('FILE_TYPE_NOT_ALLOWED', `${rule.label}只能是${allowedTypesText(rule)}`)
  if (input.size > rule.maxBytes) throw tooLarge(rule)
  const exp = Math.floor(nowMs / 1000) + ticketTtlSeconds
  // The raw upload's cloud path is unguessable, so one member cannot overwrite another's pending upload.
  const cloudPath = env.fileStore === 'wechat' ? `uploads/${randomBytes(12).toString('hex')}` : null
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO file (owner_user_id, purpose, name, declared_size, declared_type, ticket_expires_at, upload_path)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7) RETURNING id`,
    [caller.userId, input.purpose, input.name, input.size, input.type, exp, cloudPath],
  )
  const ticket = signToken(env.appSecret, ticketPurpose, { f: row.id, u: caller.userId, p: cloudPath, exp })
  return {
    fileId: row.id,
    ticket,
    expiresAt: new Date(exp * 1000).toISOString(),
    upload: cloudPath ? { via: 'cloud', cloudPath } : { via: 'host', url: '/upload' },
  }
}

/** A ticket that was spent: its file row is now `receiving`, and nobody else can spend it. */
export interface ClaimedUpload {
  fileId: number
  rule: PurposeRule
  declaredSize: number
  cloudPath: string | null
}

/**
 * Spends a ticket, once: of two uploads with one ticket, exactly one gets here; the other is told
 * UPLOAD_TICKET_USED. Checked before a byte of the body is read.
 */
export async function claimTicket({ db, env }: Deps, ticket: string, nowMs = Date.now()): Promise<ClaimedUpload> {
  const verified = verifyToken<{ exp: number }>(env.appSecret, ticketPurpose, ticket, nowMs)
  if (!verified.ok) throw new AppError(verified.reason === 'expired' ? 'UPLOAD_TICKET_EXPIRED' : 'UPLOAD_TICKET_INVALID')
  const payload = ticketPayload.safeParse(verified.payload)
  if (!payload.success) throw new AppError('UPLOAD_TICKET_INVALID')
  const { f: fileId, u: userId, p: cloudPath } = payload.data
  const [claimed] = await db.query<{ purpose: FilePurpose; declared_size: number }>(
    `UPDATE file SET status = 'receiving' WHERE id = $1 AND owner_user_id = $2 AND status = 'pending'
     RETURNING purpose, declared_size`,
    [fileId, userId],
  )
  if (!claimed) {
    const [row] = await db.query<{ id: number }>('SELECT id FROM file WHERE id = $1 AND owner_user_id = $2', [fileId, userId])
    // A row the housekeeping job already removed belonged to a ticket long expired or spent.
    throw new AppError(row ? 'UPLOAD_TICKET_USED' : 'UPLOAD_TICKET_EXPIRED')
  }
  return { fileId, rule: filePurposes[claimed.purpose], declaredSize: claimed.declared_size, cloudPath }
}

/**
 * A refused or broken upload: the row stays only to tell a replayed ticket it was used. Best
 * effort, so the reason the upload failed is what the client hears: a row left `receiving`
 * (the database away) refuses a replay the same way and is cleaned up with the unfinished ones.
 */
export async function failUpload(db: Queryable, fileId: number): Promise<void> {
  await db.query(`UPDATE file SET status = 'failed' WHERE id = $1 AND status = 'receiving'`, [fileId]).catch(() => undefined)
}

/**
 * Checks and processes the received bytes, stores them content-addressed and makes the row
 * ready; on any refusal the row is marked failed and nothing is stored.
 */
export async function completeUpload(deps: Deps, claimed: ClaimedUpload, bytes: Buffer): Promise<StoredFile> {
  const { db, env } = deps
  try {
    if (bytes.length > claimed.declaredSize) throw tooLarge(claimed.rule)
    if (bytes.length < claimed.declaredSize) throw new AppError('UPLOAD_INCOMPLETE')
    const processed = await processUpload(bytes, claimed.rule)
    const dir = claimed.rule.visibility === 'public' ? publicDir : privateDir
    const main = `${processed.main.sha256}.${processed.main.ext}`
    const thumb = processed.thumb ? `${processed.thumb.sha256}.${processed.thumb.ext}` : null
    const store = fileStoreOf(env)
    return await db.transaction(async (tx) => {
      // The row is locked before any bytes are stored, so the housekeeping job cannot delete it
      // between the store and the update and leave a blob no row names.
      const [receiving] = await tx.query(`SELECT id FROM file WHERE id = $1 AND status = 'receiving' FOR UPDATE`, [claimed.fileId])
      if (!receiving) throw new AppError('UPLOAD_TICKET_EXPIRED')
      await lockBlobs(tx, thumb ? [main, thumb] : [main])
      const blobRef = await store.put(`${dir}/${main}`, processed.main.bytes)
      const thumbRef = processed.thumb && thumb ? await store.put(`${dir}/${thumb}`, processed.thumb.bytes) : null
      const [row] = await tx.query<FileRow>(
        `UPDATE file SET status = 'ready', type = $2, size = $3, width = $4, height = $5, blob_ref = $6, thumb_ref = $7, duration_seconds = $8, ready_at = now()
          WHERE id = $1
          RETURNING ${storedFileColumns}`,
        [claimed.fileId, processed.main.type, processed.main.bytes.length, processed.width, processed.height, blobRef, thumbRef, processed.durationSeconds],
      )
      return toStoredFile(row)
    })
  } catch (error) {
    await failUpload(db, claimed.fileId)
    throw error
  }
}
