import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { StoredFile } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { epubType, mp4Type, xlsxType } from '../../src/shared/file-purposes'
import type { Deps } from '../action'
import { AppError } from '../errors'
import { blobName, privateDir, publicDir, uploadTmpDir, verifyPrivateUrl } from './storage'
import { claimTicket, completeUpload, failUpload, tooLarge } from './upload'
import type { ClaimedUpload } from './upload'

/** How the host answers: its JSON envelope with a status, the same as /api. */
export type Reply = (status: number, body: ApiResult<unknown>, headers?: Record<string, string>) => void

const replyError = (reply: Reply, error: AppError, headers?: Record<string, string>) =>
  reply(error.status, { ok: false, error: error.toApiError() }, headers)

/** A refusal before the body was read: the connection is closed rather than drained. */
const closing = { connection: 'close' }

type Received = { ok: true } | { ok: false; reason: 'too-large' | 'aborted' }

/**
 * Streams the body into `path`, counting: past `limit` bytes it stops reading at once (the sender
 * is then answered and cut off), so no more than `limit` bytes ever reach the disk.
 */
function receive(req: IncomingMessage, path: string, limit: number): Promise<Received> {
  return new Promise((done) => {
    const out = createWriteStream(path, { flags: 'wx', mode: 0o600 })
    let size = 0
    let settled = false
    const settle = (result: Received) => {
      if (settled) return
      settled = true
      req.off('data', onData)
      if (result.ok) {
        out.end(() => done(result))
      } else {
        // Not another byte is read: the answer goes out with `connection: close` and the socket after it.
        req.pause()
        // The file is opened asynchronously: answering before it is closed would let the caller's
        // rm run first and the late open create it again, a temporary file left behind.
        out.destroy()
        if (out.closed) done(result)
        else out.once('close', () => done(result))
      }
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) return settle({ ok: false, reason: 'too-large' })
      if (!out.write(chunk)) {
        req.pause()
        out.once('drain', () => req.resume())
      }
    }
    req.on('data', onData)
    req.on('end', () => settle({ ok: true }))
    req.on('aborted', () => settle({ ok: false, reason: 'aborted' }))
    req.on('error', () => settle({ ok: false, reason: 'aborted' }))
    out.on('error', () => settle({ ok: false, reason: 'aborted' }))
  })
}

/**
 * POST /upload (protocol: UploadTarget in src/shared/api/file.ts). The ticket is spent before a
 * byte is read; the body goes to a temporary file and from there through the same checks and
 * processing as a WeChat cloud upload. Whatever happens, the temporary file goes, and a refused
 * upload leaves its row failed and no blob.
 */
export async function handleUpload(deps: Deps, req: IncomingMessage, reply: Reply): Promise<void> {
  const ticket = req.headers['x-upload-ticket']
  if (typeof ticket !== 'string' || !ticket) return replyError(reply, new AppError('UPLOAD_TICKET_INVALID', '缺少上传凭证'), closing)
  let claimed: ClaimedUpload
  try {
    claimed = await claimTicket(deps, ticket)
  } catch (error) {
    if (error instanceof AppError) return replyError(reply, error, closing)
    throw error
  }
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > claimed.declaredSize) {
    await failUpload(deps.db, claimed.fileId)
    return replyError(reply, tooLarge(claimed.rule), closing)
  }
  const dir = uploadTmpDir(deps.env)
  await mkdir(dir, { recursive: true })
  const temporary = join(dir, `${claimed.fileId}-${randomBytes(8).toString('hex')}.upload`)
  // The temporary file is gone before the answer goes out: a client that sees the answer sees the final state.
  let outcome: Outcome
  try {
    outcome = await receiveAndStore(deps, req, claimed, temporary)
  } finally {
    await rm(temporary, { force: true })
  }
  if (outcome.ok) reply(200, { ok: true, data: outcome.stored })
  else replyError(reply, outcome.error, outcome.bodyUnread ? closing : undefined)
}

type Outcome = { ok: true; stored: StoredFile } | { ok: false; error: AppError; bodyUnread: boolean }

async function receiveAndStore(deps: Deps, req: IncomingMessage, claimed: ClaimedUpload, temporary: string): Promise<Outcome> {
  const received = await receive(req, temporary, claimed.declaredSize)
  if (!received.ok) {
    await failUpload(deps.db, claimed.fileId)
    const error = received.reason === 'too-large' ? tooLarge(claimed.rule) : new AppError('UPLOAD_INCOMPLETE')
    return { ok: false, error, bodyUnread: true }
  }
  try {
    return { ok: true, stored: await completeUpload(deps, claimed, await readFile(temporary)) }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error, bodyUnread: false }
    throw error
  }
}

const blobTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: xlsxType,
  epub: epubType,
  mp4: mp4Type,
}

/** Bytes `start..end` (inclusive) of a file, or why the Range header cannot be served. */
type ByteRange = { start: number; end: number } | 'whole' | 'unsatisfiable'

/**
 * One range of RFC 9110's `bytes=` forms (`a-b`, `a-`, `-n`), which is what video players send to
 * seek. Several ranges at once are served whole (a multipart answer buys players nothing); a
 * range past the end, or one that is not a range at all, is 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return 'whole'
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return header.includes(',') ? 'whole' : 'unsatisfiable'
  const [, from, to] = match
  if (!from && !to) return 'unsatisfiable'
  if (!from) {
    const suffix = Number(to)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(from)
  const end = to ? Math.min(Number(to), size - 1) : size - 1
  if (start >= size || (to && Number(to) < start)) return 'unsatisfiable'
  return { start, end }
}

/**
 * GET /files/<sha256>.<ext>: a public file, cached for good (its name is its content).
 * GET /files/private/<sha256>.<ext>?exp=&sig=: a private one, while its signature holds, never cached.
 * Answers false when the path is not one of these, for the host to answer as it does any other.
 */
export async function serveFile(deps: Deps, req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const match = /^\/files\/(?:(private)\/)?([^/]+)$/.exec(url.pathname)
  if (!match || deps.env.fileStore !== 'local' || !blobName.test(match[2])) return false
  const [, isPrivate, name] = match
  if (isPrivate && !verifyPrivateUrl(deps.env, name, url.searchParams.get('exp'), url.searchParams.get('sig'))) {
    replyError(reply, new AppError('FORBIDDEN', '文件链接无效或已过期，请重新打开'))
    return true
  }
  const path = join(deps.env.dataDir, 'files', isPrivate ? privateDir : publicDir, name)
  const info = await stat(path).catch(() => null)
  if (!info) return false
  const headers = {
    'content-type': blobTypes[name.split('.')[1]],
    'cache-control': isPrivate ? 'private, no-store' : 'public, max-age=31536000, immutable',
    'accept-ranges': 'bytes',
    // The type is ours (set by processing), never to be second-guessed into HTML or script.
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
  }
  // Players seek a video by asking for the bytes from there on; any file may be read in pieces.
  const range = parseRange(req.headers.range, info.size)
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${info.size}`, 'content-length': '0' })
    res.end()
    return true
  }
  const { start, end } = range === 'whole' ? { start: 0, end: info.size - 1 } : range
  res.writeHead(range === 'whole' ? 200 : 206, {
    ...headers,
    'content-length': String(Math.max(0, end - start + 1)),
    ...(range === 'whole' ? {} : { 'content-range': `bytes ${start}-${end}/${info.size}` }),
  })
  if (req.method === 'HEAD' || info.size === 0) res.end()
  else createReadStream(path, { start, end }).on('error', () => res.destroy()).pipe(res)
  return true
}
