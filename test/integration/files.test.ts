/**
 * Files: tickets, the host's POST /upload and /files, processing, attach/release, private reads
 * and housekeeping, driven through the real host over HTTP on this test's database.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync, crc32 } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FilePurpose, FileType, StoredFile } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { loadCaller } from '../../server/caller'
import type { Caller } from '../../server/caller'
import type { Env } from '../../server/env'
import { attachFiles, recordFiles, releaseFiles, replaceFiles } from '../../server/files/attach'
import { cleanFiles } from '../../server/files/cleanup'
import { localFileStore, verifyPrivateUrl } from '../../server/files/storage'
import { issueTicket } from '../../server/files/upload'
import { startHost } from '../../server/host'
import type { RunningHost } from '../../server/host'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
let host: RunningHost
let env: Env
let dataDir: string
const member = () => app.users.member
const siblingMember = () => app.users['sibling-member']
const operator = () => app.users['mall-operator']
/** 张晓梅's claim reviewers: at her town (covers her), at the sibling town, at another county, and a lawyer at her town. */
const staff = { town: 0, sibling: 0, otherCounty: 0, townLawyer: 0 }

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-files-'))
  env = { ...testEnv, dataDir }
  host = await startHost({ deps: { db: app.db, env }, h5Dir: dataDir, port: 0 })
  staff.town = await app.newStaff('油车港镇总工会', 'claim_reviewer')
  staff.sibling = await app.newStaff('王江泾镇总工会', 'claim_reviewer')
  staff.otherCounty = await app.newStaff('南湖区总工会', 'claim_reviewer')
  staff.townLawyer = await app.newStaff('油车港镇总工会', 'lawyer')
})
afterAll(async () => {
  await host?.close()
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

// ---- images and other bytes --------------------------------------------------------------

let serial = 0
/** A distinct photo each call (a colour from a counter), optionally with EXIF GPS and an orientation. */
async function photo(options: { width?: number; height?: number; gps?: boolean; orientation?: number } = {}): Promise<Buffer> {
  serial += 1
  let image = sharp({
    create: { width: options.width ?? 640, height: options.height ?? 480, channels: 3, background: { r: (serial * 37) % 256, g: (serial * 91) % 256, b: 120 } },
  }).jpeg({ quality: 90 })
  if (options.gps) {
    image = image.withExif({
      IFD0: { Make: 'TestCam', Copyright: 'owner-name-in-exif' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 45/1 0/1' },
    })
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation })
  return image.toBuffer()
}

async function transparentPng(): Promise<Buffer> {
  return sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.4 } } }).png().toBuffer()
}

const pdf = (body = 'claim') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1')

/** A PNG whose header claims 100,000 × 100,000 pixels: a decompression bomb's calling card. */
function bombPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(100_000, 0)
  ihdr.writeUInt32BE(100_000, 4)
  ihdr.writeUInt8(8, 8) // bit depth
  ihdr.writeUInt8(0, 9) // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(100_001))), chunk('IEND', Buffer.alloc(0))])
}

const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 1)])

// ---- HTTP -------------------------------------------------------------------------------

interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/**
 * POST /upload with the ticket header. `chunked` sends without a content-length, so only
 * counting can stop an oversized body. A connection the host cuts after answering is fine.
 */
function post(ticket: string | null, chunks: Buffer[], options: { chunked?: boolean } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const total = chunks.reduce((n, c) => n + c.length, 0)
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
    if (ticket !== null) headers['x-upload-ticket'] = ticket
    if (!options.chunked) headers['content-length'] = String(total)
    const req = request(`${host.url}/upload`, { method: 'POST', headers }, (res) => {
      const body: Buffer[] = []
      res.on('data', (c: Buffer) => body.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(body) }))
    })
    // Writing into a socket the host already closed after answering: the answer still arrives.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    const send = async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r))
      }
      req.end()
    }
    send().catch(reject)
  })
}

const json = (answer: HttpAnswer) => JSON.parse(answer.body.toString('utf8')) as ApiResult<StoredFile>

async function get(path: string): Promise<HttpAnswer> {
  const response = await fetch(`${host.url}${path}`)
  const headers: Record<string, string> = {}
  response.headers.forEach((value, key) => (headers[key] = value))
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) }
}

async function ticketFor(as: number, purpose: FilePurpose, bytes: Buffer, options: { name?: string; type?: FileType; size?: number } = {}) {
  return app.ok(as, 'file', 'uploadTicket', {
    purpose,
    name: options.name ?? 'photo.jpg',
    size: options.size ?? bytes.length,
    type: options.type ?? 'image/jpeg',
  })
}

/** Ticket + upload; answers the host's answer. */
async function upload(as: number, purpose: FilePurpose, bytes: Buffer, options: { name?: string; type?: FileType } = {}) {
  const ticket = await ticketFor(as, purpose, bytes, options)
  const answer = await post(ticket.ticket, [bytes])
  return { ticket, answer, result: json(answer) }
}

async function uploaded(as: number, purpose: FilePurpose, bytes: Buffer, options: { name?: string; type?: FileType } = {}): Promise<StoredFile> {
  const { result } = await upload(as, purpose, bytes, options)
  if (!result.ok) throw new Error(`upload refused: ${result.error.code} ${result.error.message}`)
  return result.data
}

function blobsOnDisk(): string[] {
  const list = (dir: string) => readdirSync(join(dataDir, 'files', dir), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${dir}/${e.name}`)
  return ['public', 'private', 'tmp'].flatMap((dir) => {
    try {
      return list(dir)
    } catch {
      return []
    }
  })
}

async function fileRow(id: number) {
  const [row] = await app.db.query<{ status: string; blob_ref: string | null; thumb_ref: string | null; record: string | null }>(
    'SELECT status, blob_ref, thumb_ref, record FROM file WHERE id = $1',
    [id],
  )
  return row
}

const callerOf = async (userId: number): Promise<Caller> => {
  const caller = await loadCaller(app.db, userId)
  if (!caller) throw new Error(`no user ${userId}`)
  return caller
}

/** Refused uploads must leave no blob, no temporary file and no ready row. */
async function expectNothingStored(run: () => Promise<unknown>): Promise<void> {
  const before = blobsOnDisk()
  const [ready] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM file WHERE status = 'ready'`)
  await run()
  expect(blobsOnDisk()).toEqual(before)
  const [after] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM file WHERE status = 'ready'`)
  expect(after.n).toBe(ready.n)
}

// ---- tests ------------------------------------------------------------------------------

describe('upload tickets', () => {
  it('lets staff who edit goods or notices upload public images, and members their private files', async () => {
    expect((await app.fail(member(), 'file', 'uploadTicket', { purpose: 'goods_image', name: 'a.jpg', size: 10, type: 'image/jpeg' })).code).toBe('FORBIDDEN')
    const user = await app.newUser('未入会')
    expect((await app.fail(user, 'file', 'uploadTicket', { purpose: 'claim_document', name: 'a.pdf', size: 10, type: 'application/pdf' })).code).toBe('NOT_MEMBER')
    const ticket = await app.ok(operator(), 'file', 'uploadTicket', { purpose: 'notice_cover', name: '封面.png', size: 10, type: 'image/png' })
    expect(ticket.upload).toEqual({ via: 'host', url: '/upload' })
    expect(new Date(ticket.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000)
    await app.ok(member(), 'file', 'uploadTicket', { purpose: 'claim_document', name: '出院小结.pdf', size: 10, type: 'application/pdf' })
  })

  it('refuses a size over the purpose limit, a type the purpose does not take, and a path or control character in the name, writing nothing', async () => {
    const before = await app.snapshot()
    const ask = (input: Record<string, unknown>) =>
      app.fail(member(), 'file', 'uploadTicket', { purpose: 'dating_photo', name: 'me.jpg', size: 1000, type: 'image/jpeg', ...input })
    const tooBig = await ask({ size: 10 * 1024 * 1024 + 1 })
    expect(tooBig).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('10 MB') })
    expect((await ask({ type: 'application/pdf' })).code).toBe('FILE_TYPE_NOT_ALLOWED')
    expect((await ask({ type: 'application/x-msdownload' })).code).toBe('VALIDATION_FAILED')
    for (const name of ['../../etc/passwd', 'C:\\Users\\me.jpg', 'photos/me.jpg', '.htaccess', 'a\u0000.jpg', 'a\u202egpj.exe', 'x'.repeat(101), '']) {
      const error = await ask({ name })
      expect(error.code, name).toBe('VALIDATION_FAILED')
    }
    expect((await ask({ name: 'dir/me.jpg' })).message).toContain('文件名不能包含路径')
    expect(await app.snapshot()).toEqual(before)
  })
})

describe('the host stores public images', () => {
  it('re-encodes: EXIF and GPS gone, turned upright, long edge capped, thumbnail made, served for good', async () => {
    const original = await photo({ width: 3000, height: 2000, gps: true })
    expect(original.includes(Buffer.from('owner-name-in-exif'))).toBe(true)
    const stored = await uploaded(operator(), 'goods_image', original)
    expect(stored).toMatchObject({ purpose: 'goods_image', name: 'photo.jpg', type: 'image/jpeg', width: 2048, height: 1365 })
    expect(stored.url).toMatch(/^\/files\/[0-9a-f]{64}\.jpg$/)
    expect(stored.thumbUrl).toMatch(/^\/files\/[0-9a-f]{64}\.jpg$/)

    const served = await get(stored.url ?? '')
    expect(served.status).toBe(200)
    expect(served.headers['content-type']).toBe('image/jpeg')
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(served.headers['x-content-type-options']).toBe('nosniff')
    expect(served.body.length).toBe(stored.size)
    // Content-addressed: the name is the sha256 of the bytes served.
    expect(stored.url).toContain(createHash('sha256').update(served.body).digest('hex'))
    const meta = await sharp(served.body).metadata()
    expect(meta.exif).toBeUndefined()
    expect(served.body.includes(Buffer.from('owner-name-in-exif'))).toBe(false)
    expect([meta.width, meta.height]).toEqual([2048, 1365])
    const thumb = await sharp((await get(stored.thumbUrl ?? '')).body).metadata()
    expect(Math.max(thumb.width ?? 0, thumb.height ?? 0)).toBe(320)

    const rotated = await uploaded(operator(), 'goods_image', await photo({ width: 400, height: 300, orientation: 6 }))
    expect([rotated.width, rotated.height]).toEqual([300, 400])
    const upright = await sharp((await get(rotated.url ?? '')).body).metadata()
    expect([upright.width, upright.height, upright.orientation]).toEqual([300, 400, undefined])
  })

  it('keeps PNG for images with transparency; an opaque PNG becomes a JPEG', async () => {
    const stored = await uploaded(operator(), 'notice_image', await transparentPng(), { name: 'logo.png', type: 'image/png' })
    expect(stored.type).toBe('image/png')
    expect(stored.url).toMatch(/\.png$/)
    expect((await sharp((await get(stored.url ?? '')).body).metadata()).hasAlpha).toBe(true)
    const screenshot = await sharp({ create: { width: 300, height: 600, channels: 4, background: { r: 250, g: 250, b: 250, alpha: 1 } } }).png().toBuffer()
    const opaque = await uploaded(operator(), 'notice_image', screenshot, { name: '截图.png', type: 'image/png' })
    expect(opaque).toMatchObject({ type: 'image/jpeg', width: 300, height: 600 })
  })

  it('stores identical bytes once', async () => {
    const bytes = await photo()
    const a = await uploaded(operator(), 'goods_image', bytes)
    const b = await uploaded(operator(), 'goods_image', bytes)
    expect(a.id).not.toBe(b.id)
    expect(a.url).toBe(b.url)
    const name = (a.url ?? '').split('/').pop() ?? ''
    expect(blobsOnDisk().filter((path) => path.endsWith(name))).toEqual([`public/${name}`])
  })

  it('answers a public file to any signed-in user with its stable URL', async () => {
    const stored = await uploaded(operator(), 'goods_image', await photo())
    expect(await app.ok(siblingMember(), 'file', 'readUrl', { id: stored.id })).toEqual({ url: stored.url, thumbUrl: stored.thumbUrl, expiresAt: null })
  })

  it('serves nothing else under /files', async () => {
    const claim = await uploaded(member(), 'claim_document', await photo())
    const [row] = await app.db.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [claim.id])
    const name = row.blob_ref.split('/').pop() ?? ''
    // A private blob is not public because someone learnt its name.
    expect((await get(`/files/${name}`)).status).toBe(404)
    expect((await get(`/files/private/${name}`)).status).toBe(403)
    expect((await get('/files/..%2F..%2Fdev-secrets.json')).status).toBe(404)
    expect((await get('/files/tmp/x.upload')).status).toBe(404)
  })
})

describe('bad uploads: a clear error, nothing stored', () => {
  it('refuses the wrong real type whatever the name and declared type say', async () => {
    for (const [bytes, name] of [[elf(), 'virus.jpg'], [Buffer.from('just some text, not a photo at all'), 'note.jpg'], [pdf(), 'doc.jpg']] as const) {
      await expectNothingStored(async () => {
        const { answer, result } = await upload(operator(), 'goods_image', bytes, { name })
        expect(answer.status).toBe(415)
        expect(result).toMatchObject({ ok: false, error: { code: 'FILE_TYPE_NOT_ALLOWED' } })
      })
    }
  })

  it('refuses a truncated image and a truncated PDF', async () => {
    const whole = await photo({ width: 1200, height: 900 })
    await expectNothingStored(async () => {
      const { answer, result } = await upload(operator(), 'goods_image', whole.subarray(0, Math.floor(whole.length / 2)))
      expect(answer.status).toBe(400)
      expect(result).toMatchObject({ ok: false, error: { code: 'FILE_CORRUPT' } })
    })
    const document = pdf()
    await expectNothingStored(async () => {
      const { result } = await upload(member(), 'claim_document', document.subarray(0, document.length - 8), { name: 'a.pdf', type: 'application/pdf' })
      expect(result).toMatchObject({ ok: false, error: { code: 'FILE_CORRUPT' } })
    })
  })

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    await expectNothingStored(async () => {
      const started = Date.now()
      const { answer, result } = await upload(operator(), 'goods_image', bombPng(), { name: 'bomb.png', type: 'image/png' })
      expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_LARGE' } })
      expect(answer.status).toBe(400)
      expect(Date.now() - started).toBeLessThan(5000)
    })
  })

  it('stops reading past the declared size, and says so when fewer bytes came', async () => {
    const bytes = await photo()
    await expectNothingStored(async () => {
      // Chunked, so only counting can catch it: the host answers 413 and cuts the connection.
      const ticket = await ticketFor(operator(), 'goods_image', bytes)
      const answer = await post(ticket.ticket, [bytes, Buffer.alloc(8 * 1024 * 1024, 7)], { chunked: true })
      expect(answer.status).toBe(413)
      expect(json(answer)).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE' } })
      expect((await fileRow(ticket.fileId)).status).toBe('failed')
    })
    await expectNothingStored(async () => {
      const ticket = await ticketFor(operator(), 'goods_image', bytes)
      const answer = await post(ticket.ticket, [Buffer.concat([bytes, Buffer.from('x')])])
      expect(json(answer)).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE' } })
    })
    await expectNothingStored(async () => {
      const ticket = await ticketFor(operator(), 'goods_image', bytes, { size: bytes.length + 100 })
      const answer = await post(ticket.ticket, [bytes])
      expect(json(answer)).toMatchObject({ ok: false, error: { code: 'UPLOAD_INCOMPLETE' } })
    })
  })

  it('refuses a missing, forged, expired or replayed ticket', async () => {
    const bytes = await photo()
    await expectNothingStored(async () => {
      expect(json(await post(null, [bytes]))).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_INVALID' } })
      // A session token is signed with the same secret for another purpose.
      expect(json(await post(app.tokenFor(operator()), [bytes]))).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_INVALID' } })
      const caller = await callerOf(operator())
      const stale = await issueTicket({ db: app.db, env }, caller, { purpose: 'goods_image', name: 'a.jpg', size: bytes.length, type: 'image/jpeg' }, Date.now() - 11 * 60_000)
      const expired = await post(stale.ticket, [bytes])
      expect(expired.status).toBe(410)
      expect(json(expired)).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_EXPIRED' } })
    })
    const { ticket } = await upload(operator(), 'goods_image', bytes)
    await expectNothingStored(async () => {
      expect(json(await post(ticket.ticket, [bytes]))).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_USED' } })
    })
    // A ticket whose upload was refused is spent too.
    const refused = await upload(operator(), 'goods_image', elf())
    expect(json(await post(refused.ticket.ticket, [bytes]))).toMatchObject({ ok: false, error: { code: 'UPLOAD_TICKET_USED' } })
  })

  it('confirmUpload belongs to WeChat cloud storage only', async () => {
    const ticket = await ticketFor(member(), 'claim_document', pdf())
    expect((await app.fail(member(), 'file', 'confirmUpload', { ticket: ticket.ticket, cloudFileId: 'cloud://env/uploads/x' })).code).toBe('BAD_REQUEST')
  })
})

describe('concurrent uploads', () => {
  it('stores each of several uploads at once, and spends one ticket exactly once', async () => {
    const photos = await Promise.all(Array.from({ length: 6 }, () => photo({ width: 1200, height: 900 })))
    const results = await Promise.all(photos.map((bytes) => upload(operator(), 'goods_image', bytes)))
    expect(results.map((r) => r.result.ok)).toEqual(photos.map(() => true))
    expect(new Set(results.map((r) => (r.result.ok ? r.result.data.url : null))).size).toBe(6)

    // The same bytes four times at once: four ready rows, one blob.
    const same = await photo({ width: 1000, height: 800 })
    const twins = await Promise.all(Array.from({ length: 4 }, () => uploaded(operator(), 'goods_image', same)))
    expect(new Set(twins.map((f) => f.id)).size).toBe(4)
    expect(new Set(twins.map((f) => f.url)).size).toBe(1)
    expect(blobsOnDisk().filter((path) => path.endsWith((twins[0].url ?? '').split('/').pop() ?? '-'))).toHaveLength(1)

    const bytes = await photo()
    const ticket = await ticketFor(operator(), 'goods_image', bytes)
    const answers = await Promise.all([post(ticket.ticket, [bytes]), post(ticket.ticket, [bytes]), post(ticket.ticket, [bytes])])
    const codes = answers.map((a) => {
      const r = json(a)
      return r.ok ? 'ok' : r.error.code
    })
    expect(codes.sort()).toEqual(['UPLOAD_TICKET_USED', 'UPLOAD_TICKET_USED', 'ok'])
  })
})

describe('attach and release', () => {
  it('attaches only the caller’s own ready files of the right purpose, to one record', async () => {
    const mine = await uploaded(operator(), 'goods_image', await photo())
    const cover = await uploaded(operator(), 'notice_cover', await photo())
    const others = await uploaded(member(), 'dating_photo', await photo())
    const pending = await ticketFor(operator(), 'goods_image', await photo())
    const caller = await callerOf(operator())
    const target = { purpose: 'goods_image', record: 'mall_item:901' } as const
    const attempt = (ids: number[], t: { purpose: FilePurpose; record: string } = target) =>
      app.db.transaction((tx) => attachFiles(tx, caller, ids, t)).then(() => 'ok', (error: { code?: string }) => error.code)

    expect(await attempt([mine.id, others.id])).toBe('FILE_NOT_YOURS')
    expect(await attempt([2147483000])).toBe('FILE_NOT_YOURS')
    expect(await attempt([cover.id])).toBe('FILE_WRONG_PURPOSE')
    expect(await attempt([pending.fileId])).toBe('FILE_NOT_READY')
    // A refused attach changed nothing, the good id in it included.
    expect((await fileRow(mine.id)).record).toBeNull()

    const files = await app.db.transaction((tx) => attachFiles(tx, caller, [mine.id, mine.id], target))
    expect(files).toEqual([mine])
    // Again to the same record: a retried save.
    expect(await attempt([mine.id])).toBe('ok')
    expect(await attempt([mine.id], { purpose: 'goods_image', record: 'mall_item:902' })).toBe('FILE_IN_USE')
    expect(await recordFiles(app.db, 'mall_item:901')).toEqual([mine])
    // Another operator saving the same item keeps the image, but cannot take it elsewhere.
    const colleague = await callerOf(await app.newStaff('秀洲区总工会', 'mall_operator'))
    expect(await app.db.transaction((tx) => replaceFiles(tx, colleague, [mine.id], target))).toEqual([mine])
    const stolen = await app.db.transaction((tx) => attachFiles(tx, colleague, [mine.id], { purpose: 'goods_image', record: 'mall_item:904' })).catch((error: { code?: string }) => error.code)
    expect(stolen).toBe('FILE_NOT_YOURS')

    // Rolled back with the module's transaction.
    const another = await uploaded(operator(), 'goods_image', await photo())
    await app.db
      .transaction(async (tx) => {
        await attachFiles(tx, caller, [another.id], { purpose: 'goods_image', record: 'mall_item:903' })
        throw new Error('the module failed')
      })
      .catch(() => undefined)
    expect((await fileRow(another.id)).record).toBeNull()
  })

  it('replaces a record’s files: new ones attached, dropped ones released', async () => {
    const caller = await callerOf(operator())
    const [a, b, c] = [await uploaded(operator(), 'goods_image', await photo()), await uploaded(operator(), 'goods_image', await photo()), await uploaded(operator(), 'goods_image', await photo())]
    const cover = await uploaded(operator(), 'notice_cover', await photo())
    const target = { purpose: 'goods_image', record: 'mall_item:910' } as const
    await app.db.transaction((tx) => replaceFiles(tx, caller, [a.id, b.id], target))
    await app.db.transaction((tx) => attachFiles(tx, caller, [cover.id], { purpose: 'notice_cover', record: 'mall_item:910' }))
    await app.db.transaction((tx) => replaceFiles(tx, caller, [b.id, c.id], target))
    expect((await recordFiles(app.db, 'mall_item:910', 'goods_image')).map((f) => f.id)).toEqual([b.id, c.id])
    // Another purpose of the same record is left alone.
    expect((await recordFiles(app.db, 'mall_item:910', 'notice_cover')).map((f) => f.id)).toEqual([cover.id])
    expect(await releaseFiles(app.db, 'mall_item:910')).toBe(3)
    expect(await recordFiles(app.db, 'mall_item:910')).toEqual([])
  })
})

describe('private files', () => {
  let claim: StoredFile
  let scan: StoredFile

  beforeAll(async () => {
    claim = await uploaded(member(), 'claim_document', pdf('discharge summary'), { name: '出院小结.pdf', type: 'application/pdf' })
    scan = await uploaded(member(), 'claim_document', await photo(), { name: '发票.jpg' })
  })

  const auditCount = async () => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'file.read'`))[0].n

  it('has no public URL; the owner reads it through a short-lived signed URL, not cached', async () => {
    expect(claim).toMatchObject({ type: 'application/pdf', url: null, thumbUrl: null, width: null, height: null })
    expect(scan).toMatchObject({ url: null, thumbUrl: null })
    const audits = await auditCount()
    const read = await app.ok(member(), 'file', 'readUrl', { id: claim.id })
    expect(read.url).toMatch(/^\/files\/private\/[0-9a-f]{64}\.pdf\?exp=\d+&sig=/)
    expect(new Date(read.expiresAt ?? 0).getTime() - Date.now()).toBeLessThanOrEqual(600_000)
    const served = await get(read.url)
    expect(served.status).toBe(200)
    expect(served.headers['cache-control']).toBe('private, no-store')
    expect(served.headers['content-type']).toBe('application/pdf')
    expect(served.body.toString('latin1')).toContain('discharge summary')
    const image = await app.ok(member(), 'file', 'readUrl', { id: scan.id })
    expect((await get(image.thumbUrl ?? '')).status).toBe(200)
    // The owner's own reads are no staff reads.
    expect(await auditCount()).toBe(audits)
  })

  it('is refused, as if it did not exist, to other members and to staff before it is part of a case', async () => {
    const missing = await app.fail(siblingMember(), 'file', 'readUrl', { id: 2147483000 })
    for (const as of [siblingMember(), operator(), app.users['county-admin'], staff.town]) {
      expect(await app.fail(as, 'file', 'readUrl', { id: claim.id }), String(as)).toEqual(missing)
    }
  })

  it('is read by the claim reviewer or aid_admin over the owner’s branch (logged), never by one beside it, elsewhere, or of another role', async () => {
    const owner = await callerOf(member())
    await app.db.transaction((tx) => attachFiles(tx, owner, [claim.id, scan.id], { purpose: 'claim_document', record: 'claim:1' }))
    const audits = await auditCount()
    const read = await app.ok(staff.town, 'file', 'readUrl', { id: claim.id })
    expect((await get(read.url)).status).toBe(200)
    const [entry] = await app.db.query<{ actor_user_id: number; target_ids: number[]; detail: Record<string, unknown> }>(
      `SELECT actor_user_id, target_ids, detail FROM audit_log WHERE action = 'file.read' ORDER BY id DESC LIMIT 1`,
    )
    expect(entry).toMatchObject({ actor_user_id: staff.town, target_ids: [claim.id], detail: { purpose: 'claim_document', record: 'claim:1', owner: member() } })
    expect(await auditCount()).toBe(audits + 1)
    // A union admin at the city holds no reader role of claim documents; the city's aid_admin does.
    const cityAdmin = await app.newStaff('嘉兴市总工会', 'admin')
    for (const as of [staff.sibling, staff.otherCounty, staff.townLawyer, siblingMember(), cityAdmin]) {
      expect((await app.fail(as, 'file', 'readUrl', { id: claim.id })).code, String(as)).toBe('NOT_FOUND')
    }
    expect(await auditCount()).toBe(audits + 1)
    const cityAidAdmin = await app.newStaff('嘉兴市总工会', 'aid_admin')
    await app.ok(cityAidAdmin, 'file', 'readUrl', { id: claim.id })
    expect(await auditCount()).toBe(audits + 2)
  })

  it('has URLs that expire and cannot be altered', async () => {
    const read = await app.ok(member(), 'file', 'readUrl', { id: claim.id })
    const url = new URL(read.url, 'http://x')
    const name = url.pathname.split('/').pop() ?? ''
    const [exp, sig] = [url.searchParams.get('exp'), url.searchParams.get('sig')]
    expect(verifyPrivateUrl(env, name, exp, sig)).toBe(true)
    expect(verifyPrivateUrl(env, name, exp, sig, Date.now() + 601_000)).toBe(false)
    // A URL signed eleven minutes ago for ten: the host refuses it.
    const [row] = await app.db.query<{ blob_ref: string }>('SELECT blob_ref FROM file WHERE id = $1', [claim.id])
    const old = await localFileStore(env, () => Date.now() - 11 * 60_000).signedUrl(row.blob_ref, 600)
    const refused = await get(old)
    expect(refused.status).toBe(403)
    expect(refused.headers['cache-control']).toBe('no-store')
    expect((await get(`${url.pathname}?exp=${Number(exp) + 3600}&sig=${sig}`)).status).toBe(403)
    expect((await get(url.pathname)).status).toBe(403)
  })
})

describe('housekeeping', () => {
  const later = (hours: number) => new Date(Date.now() + hours * 3600_000)

  it('deletes abandoned uploads after a day, released files after their retention, and a blob only with its last row', async () => {
    // Everything earlier tests left, so this test counts only its own.
    await cleanFiles({ db: app.db, env }, { now: later(24 * 400) })
    await app.db.query('DELETE FROM file')
    await cleanFiles({ db: app.db, env }, { now: later(24 * 400) })

    const caller = await callerOf(operator())
    const shared = await photo()
    const kept = await uploaded(operator(), 'goods_image', shared)
    const twin = await uploaded(operator(), 'goods_image', shared)
    const abandoned = await uploaded(operator(), 'goods_image', await photo())
    const retained = await uploaded(operator(), 'goods_image', await photo())
    const unfinished = await ticketFor(operator(), 'goods_image', await photo())
    await app.db.transaction(async (tx) => {
      await attachFiles(tx, caller, [kept.id], { purpose: 'goods_image', record: 'mall_item:920' })
      await attachFiles(tx, caller, [retained.id], { purpose: 'goods_image', record: 'mall_item:921' })
      await releaseFiles(tx, 'mall_item:921', { keepDays: 30 })
    })
    const onDisk = blobsOnDisk()

    expect(await cleanFiles({ db: app.db, env }, { now: later(2) })).toEqual({ files: 1, blobs: 0 })
    expect(await fileRow(unfinished.fileId)).toBeUndefined()

    // A day on: the abandoned upload and the unattached twin go; the twin's bytes stay for `kept`.
    const day = await cleanFiles({ db: app.db, env }, { now: later(25), batchSize: 1 })
    expect(day).toEqual({ files: 2, blobs: 2 })
    expect(await fileRow(abandoned.id)).toBeUndefined()
    expect(await fileRow(twin.id)).toBeUndefined()
    expect((await get(kept.url ?? '')).status).toBe(200)
    expect((await get(abandoned.url ?? '')).status).toBe(404)
    expect((await get(retained.url ?? '')).status).toBe(200)
    expect(blobsOnDisk().length).toBe(onDisk.length - 2)

    // Idempotent, and the retention holds until it has passed.
    expect(await cleanFiles({ db: app.db, env }, { now: later(25) })).toEqual({ files: 0, blobs: 0 })
    expect(await cleanFiles({ db: app.db, env }, { now: later(24 * 31) })).toEqual({ files: 1, blobs: 2 })
    expect((await get(retained.url ?? '')).status).toBe(404)
    expect((await get(kept.url ?? '')).status).toBe(200)
    expect(blobsOnDisk().length).toBe(onDisk.length - 4)
  })
})
