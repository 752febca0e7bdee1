/**
 * Videos in the file service (职工课堂's lessons): MP4 told by its `ftyp` box, its length read
 * from `moov/mvhd` on upload, and every served file readable in byte ranges so players can seek.
 * Driven through the real host over HTTP, with the committed 12-second fixture.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredFile } from '../../src/shared/api'
import type { ApiResult } from '../../src/shared/errors'
import { mp4Type } from '../../src/shared/file-purposes'
import { parseRange } from '../../server/files/http'
import { mp4DurationSeconds, sniffType } from '../../server/files/process'
import { startHost } from '../../server/host'
import type { RunningHost } from '../../server/host'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

let app: TestApp
let host: RunningHost
let dataDir: string
const editor = () => app.users['course-editor']
const fixture = readFileSync('test/fixtures/lesson-12s.mp4')

beforeAll(async () => {
  app = await openTestApp()
  dataDir = mkdtempSync(join(tmpdir(), 'jx-video-'))
  host = await startHost({ deps: { db: app.db, env: { ...testEnv, dataDir } }, h5Dir: dataDir, port: 0 })
})
afterAll(async () => {
  await host?.close()
  await app?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** A box: 32-bit size, type, payload. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload)
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + body.length)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body])
}

const ftyp = (brand = 'isom') => box('ftyp', Buffer.from(`${brand}\0\0\x02\0isomiso2mp41`, 'latin1'))

/** An mvhd box of version 0 or 1 saying `duration / timescale` seconds (the rest of the box zeroed). */
function mvhd(version: 0 | 1, timescale: number, duration: number): Buffer {
  const body = Buffer.alloc(version === 1 ? 4 + 28 + 80 : 4 + 16 + 80)
  body.writeUInt8(version, 0)
  if (version === 1) {
    body.writeUInt32BE(timescale, 4 + 16)
    body.writeBigUInt64BE(BigInt(duration), 4 + 20)
  } else {
    body.writeUInt32BE(timescale, 4 + 8)
    body.writeUInt32BE(duration, 4 + 12)
  }
  return box('mvhd', body)
}

async function upload(as: number, bytes: Buffer, name = 'lesson.mp4'): Promise<ApiResult<StoredFile> & { status: number }> {
  const ticket = await app.ok(as, 'file', 'uploadTicket', { purpose: 'course_video', name, size: bytes.length, type: mp4Type })
  const response = await fetch(`${host.url}/upload`, { method: 'POST', headers: { 'x-upload-ticket': ticket.ticket }, body: new Uint8Array(bytes) })
  return { status: response.status, ...((await response.json()) as ApiResult<StoredFile>) }
}

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(`${host.url}${path}`, { headers, method })
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) }
}

describe('MP4 headers', () => {
  it('tells an MP4 by its ftyp box and a known brand, not a QuickTime movie or a box that only looks like one', () => {
    expect(sniffType(fixture.subarray(0, 64))).toBe(mp4Type)
    expect(sniffType(ftyp('mp42'))).toBe(mp4Type)
    expect(sniffType(ftyp('qt  '))).toBeNull()
    expect(sniffType(Buffer.from('\0\0\0\x18moovisom', 'latin1'))).toBeNull()
  })

  it('reads the length from mvhd of version 0 and 1, wherever moov lies', () => {
    expect(mp4DurationSeconds(fixture)).toBe(12)
    const mdat = box('mdat', Buffer.alloc(1000))
    expect(mp4DurationSeconds(Buffer.concat([ftyp(), box('moov', mvhd(0, 600, 90_300))]))).toBe(151)
    // Without faststart the movie box comes after the media data.
    expect(mp4DurationSeconds(Buffer.concat([ftyp(), mdat, box('moov', box('free'), mvhd(1, 90_000, 3600 * 90_000))]))).toBe(3600)
  })

  it('refuses a file without a length, or cut short, as corrupt', () => {
    const mdat = box('mdat', Buffer.alloc(1000))
    expect(() => mp4DurationSeconds(Buffer.concat([ftyp(), mdat]))).toThrow(expect.objectContaining({ code: 'FILE_CORRUPT' }))
    expect(() => mp4DurationSeconds(Buffer.concat([ftyp(), box('moov', mvhd(0, 0, 100))]))).toThrow(expect.objectContaining({ code: 'FILE_CORRUPT' }))
    expect(() => mp4DurationSeconds(fixture.subarray(0, fixture.length - 100))).toThrow(expect.objectContaining({ code: 'FILE_CORRUPT' }))
  })
})

describe('uploading a video lesson', () => {
  it('stores the MP4 as sent with its length, served as video/mp4 for good', async () => {
    const result = await upload(editor(), fixture)
    if (!result.ok) throw new Error(result.error.code)
    expect(result.data).toMatchObject({ purpose: 'course_video', type: mp4Type, size: fixture.length, durationSeconds: 12, width: null, thumbUrl: null })
    expect(result.data.url).toMatch(/^\/files\/[0-9a-f]{64}\.mp4$/)
    const [row] = await app.db.query<{ duration_seconds: number }>('SELECT duration_seconds FROM file WHERE id = $1', [result.data.id])
    expect(row.duration_seconds).toBe(12)
    const whole = await get(result.data.url ?? '')
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe(mp4Type)
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect(whole.headers.get('cache-control')).toContain('immutable')
    expect(whole.body.equals(fixture)).toBe(true)
  })

  it('refuses members, a fake MP4 and a cut-off one, storing nothing', async () => {
    await expect(app.call(app.users.member, 'file', 'uploadTicket', { purpose: 'course_video', name: 'a.mp4', size: 100, type: mp4Type })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    const before = await app.snapshot()
    const fake = await upload(editor(), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(500)]), 'virus.mp4')
    expect(fake).toMatchObject({ status: 415, ok: false, error: { code: 'FILE_TYPE_NOT_ALLOWED' } })
    const cut = await upload(editor(), fixture.subarray(0, Math.floor(fixture.length / 2)))
    expect(cut).toMatchObject({ status: 400, ok: false, error: { code: 'FILE_CORRUPT' } })
    const noLength = await upload(editor(), Buffer.concat([ftyp(), box('mdat', Buffer.alloc(2000))]))
    expect(noLength).toMatchObject({ ok: false, error: { code: 'FILE_CORRUPT', message: expect.stringContaining('视频时长') } })
    // 2^60 ticks at 1 a second: more seconds than the column holds, refused before it is written.
    const endless = await upload(editor(), Buffer.concat([ftyp(), box('moov', mvhd(1, 1, 2 ** 60)), box('mdat', Buffer.alloc(100))]))
    expect(endless).toMatchObject({ status: 400, ok: false, error: { code: 'FILE_CORRUPT', message: expect.stringContaining('超过 24 小时') } })
    const [ready] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM file WHERE status = 'ready' AND purpose = 'course_video'`)
    expect(ready.n).toBe(1)
    // The refused uploads' rows stay as `failed` only (for replayed tickets); nothing else was written.
    expect({ ...(await app.snapshot()), file: 0 }).toEqual({ ...before, file: 0 })
  })
})

describe('byte ranges', () => {
  it('parses the single-range forms players send', () => {
    expect(parseRange(undefined, 100)).toBe('whole')
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 })
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 })
    expect(parseRange('bytes=0-1,5-6', 100)).toBe('whole')
    for (const bad of ['bytes=100-', 'bytes=9-3', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=a-b']) expect(parseRange(bad, 100)).toBe('unsatisfiable')
  })

  it('serves a seek as 206 with its content-range, and 416 for a range past the end', async () => {
    const [row] = await app.db.query<{ blob_ref: string }>(`SELECT blob_ref FROM file WHERE purpose = 'course_video' AND status = 'ready'`)
    const path = `/files/${row.blob_ref.split('/')[1]}`
    const size = fixture.length
    const first = await get(path, { range: 'bytes=0-99' })
    expect(first.status).toBe(206)
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`)
    expect(first.headers.get('content-length')).toBe('100')
    expect(first.body.equals(fixture.subarray(0, 100))).toBe(true)
    const tail = await get(path, { range: `bytes=${size - 1000}-` })
    expect(tail.status).toBe(206)
    expect(tail.body.equals(fixture.subarray(size - 1000))).toBe(true)
    const suffix = await get(path, { range: 'bytes=-10' })
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 10}-${size - 1}/${size}`)
    expect(suffix.body.equals(fixture.subarray(size - 10))).toBe(true)
    const past = await get(path, { range: `bytes=${size}-` })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`)
    expect(past.body.length).toBe(0)
    const head = await get(path, { range: 'bytes=10-19' }, 'HEAD')
    expect(head.status).toBe(206)
    expect(head.headers.get('content-length')).toBe('10')
  })
})
