import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import type { StoredFile, UploadTicket } from '../src/shared/api'
import type { ApiResult } from '../src/shared/errors'
import { sessionPurpose } from '../server/action'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { startHost } from '../server/host'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import type { BenchDatabase } from './database'
import { round, summarize, timed } from './stats'

/**
 * A phone photo as the client would send it when compression did not shrink it: 3000 × 2000, a
 * gradient under fine grain (what makes real photos cost bytes), JPEG at quality 85, about 1 MB.
 * `seed` varies the grain, so photos differ in bytes.
 */
export async function benchPhoto(seed: number): Promise<Buffer> {
  const width = 3000
  const height = 2000
  const raw = Buffer.alloc(width * height * 3)
  let state = seed >>> 0 || 1
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      const grain = (state >>> 24) % 28
      const i = (y * width + x) * 3
      raw[i] = ((x * 255) / width + grain) & 255
      raw[i + 1] = ((y * 255) / height + grain) & 255
      raw[i + 2] = (128 + (((x + y) >> 4) % 64) + grain) & 255
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).blur(0.8).jpeg({ quality: 85 }).toBuffer()
}

export interface UploadBench {
  uploads: number
  concurrency: number
  input_kb: number
  input_px: string
  stored_kb: number
  stored_px: string
  thumb_kb: number
  latency: ReturnType<typeof summarize>
  per_s: number
}

/**
 * Uploads of a 1 MB photo through the real host (POST /upload: receive to a temporary file,
 * magic bytes, decode, EXIF orientation, resize to 2048 px, re-encode, thumbnail, sha256, fsync,
 * rename, row ready) on the bench's PostgreSQL, as the demo mall operator. The ticket is asked
 * for before each timed upload and not counted: what is timed is the bytes' way in.
 */
export async function measureUpload(bench: BenchDatabase, env: Env, log: (line: string) => void, options: { uploads: number; concurrency: number }): Promise<UploadBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-bench-upload-'))
  const host = await startHost({ deps: { db, env: { ...env, dataDir } }, h5Dir: dataDir, port: 0 })
  try {
    const [operator] = await db.query<{ id: number }>(`SELECT id FROM app_user WHERE demo_key = 'mall-operator'`)
    const session = signToken(env.appSecret, sessionPurpose, { uid: operator.id, exp: Math.floor(Date.now() / 1000) + 3600 })
    log('生成 4 张 3000×2000 的测试照片……')
    const photos = await Promise.all([1, 2, 3, 4].map(benchPhoto))
    const input = await sharp(photos[0]).metadata()

    const uploadOnce = async (bytes: Buffer): Promise<{ stored: StoredFile; ms: number }> => {
      const ticketAnswer = await fetch(`${host.url}/api/file`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
        body: JSON.stringify({ action: 'uploadTicket', input: { purpose: 'goods_image', name: 'photo.jpg', size: bytes.length, type: 'image/jpeg' } }),
      })
      const ticket = (await ticketAnswer.json()) as ApiResult<UploadTicket>
      if (!ticket.ok) throw new Error(`上传凭证失败：${ticket.error.code}`)
      const { value, ms } = await timed(async () => {
        const answer = await fetch(`${host.url}/upload`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'x-upload-ticket': ticket.data.ticket },
          body: new Uint8Array(bytes),
        })
        return (await answer.json()) as ApiResult<StoredFile>
      })
      if (!value.ok) throw new Error(`上传失败：${value.error.code} ${value.error.message}`)
      return { stored: value.data, ms }
    }

    await uploadOnce(photos[0])
    const samples: number[] = []
    const stored: StoredFile[] = []
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.uploads) {
          const photo = photos[next++ % photos.length]
          const result = await uploadOnce(photo)
          samples.push(result.ms)
          stored.push(result.stored)
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    const last = stored.at(-1)
    if (!last?.url || !last.thumbUrl) throw new Error('没有上传结果')
    const size = async (url: string) => (await (await fetch(`${host.url}${url}`)).arrayBuffer()).byteLength
    const result: UploadBench = {
      uploads: samples.length,
      concurrency: options.concurrency,
      input_kb: round(photos.reduce((n, p) => n + p.length, 0) / photos.length / 1024, 1),
      input_px: `${input.width}×${input.height}`,
      stored_kb: round((await size(last.url)) / 1024, 1),
      stored_px: `${last.width}×${last.height}`,
      thumb_kb: round((await size(last.thumbUrl)) / 1024, 1),
      latency: summarize(samples),
      per_s: round(samples.length / seconds, 2),
    }
    log(`上传：${JSON.stringify(result)}`)
    return result
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
