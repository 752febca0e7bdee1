import { createHash } from 'node:crypto'
import sharp from 'sharp'
import type { Sharp } from 'sharp'
import type { FileType, PurposeRule } from '../../src/shared/file-purposes'
import { epubType, fileTypeNames, maxImageEdge, mp4Type, thumbEdge, xlsxType } from '../../src/shared/file-purposes'
import { AppError } from '../errors'

// Every upload is decoded once; a cache of decoded images only holds memory this host needs elsewhere.
sharp.cache(false)

/**
 * Decoding a 50-megapixel photo is the most an upload may cost: the header is read first and
 * anything larger refused before a pixel is decoded, and libvips enforces the same limit itself.
 */
export const maxInputPixels = 50_000_000
/** A side longer than this is no photo or scan (panoramas included), whatever its area. */
const maxInputEdge = 20_000

/**
 * How many first bytes sniffType needs: an EPUB is a zip whose first entry is the stored file
 * `mimetype` holding `application/epub+zip` (30-byte local header, the 8-byte name, then the 20 bytes).
 */
export const sniffLength = 64

const zipMagic = Buffer.from([0x50, 0x4b, 0x03, 0x04])

/** An EPUB by its first local header: the entry `mimetype`, stored uncompressed, holding epubType. */
function isEpub(head: Buffer): boolean {
  if (head.length < 30 || head.readUInt16LE(8) !== 0) return false
  const nameLength = head.readUInt16LE(26)
  const extraLength = head.readUInt16LE(28)
  const name = head.subarray(30, 30 + nameLength).toString('latin1')
  const dataStart = 30 + nameLength + extraLength
  return name === 'mimetype' && head.subarray(dataStart, dataStart + epubType.length).toString('latin1') === epubType
}

/**
 * Major brands of the ISO base media files browsers and WeChat's player take as MP4 (QuickTime's
 * `qt  ` is not among them: its codecs often do not play on phones).
 */
const mp4Brands = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VH', 'M4VP', 'dash', 'mmp4', 'MSNV'])

/** An MP4 by its first box: `ftyp` at offset 4 with a known major brand. */
function isMp4(head: Buffer): boolean {
  return head.length >= 12 && head.subarray(4, 8).toString('latin1') === 'ftyp' && mp4Brands.has(head.subarray(8, 12).toString('latin1'))
}

/** The real type, from the first bytes (sniffLength of them): never from the name or a header the client chose. */
export function sniffType(head: Buffer): FileType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp'
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  if (head.subarray(0, 4).equals(zipMagic)) return isEpub(head) ? epubType : xlsxType
  if (isMp4(head)) return mp4Type
  // Text has no signature; what is not binary (no NUL or other C0 control but tab and line breaks) may be CSV.
  if (head.length && !head.some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) return 'text/csv'
  return null
}

export function allowedTypesText(rule: PurposeRule): string {
  return rule.types.map((t) => fileTypeNames[t]).join('、')
}

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
}

/** One stored blob: its bytes, type and content address. */
export interface Blob {
  bytes: Buffer
  type: FileType
  sha256: string
  ext: 'jpg' | 'png' | 'pdf' | 'csv' | 'xlsx' | 'epub' | 'mp4'
}

export interface Processed {
  main: Blob
  thumb: Blob | null
  width: number | null
  height: number | null
  /** Videos only: whole seconds, rounded. */
  durationSeconds: number | null
}

function blob(bytes: Buffer, type: FileType, ext: Blob['ext']): Blob {
  return { bytes, type, ext, sha256: createHash('sha256').update(bytes).digest('hex') }
}

function refuseImage(error: unknown): never {
  if (error instanceof AppError) throw error
  const message = error instanceof Error ? error.message : String(error)
  if (/pixel limit/i.test(message)) throw new AppError('IMAGE_TOO_LARGE')
  throw new AppError('FILE_CORRUPT', '图片已损坏或不完整，请重新选择')
}

/**
 * Decodes and re-encodes an image: turned upright by its EXIF orientation, then written fresh,
 * which drops EXIF (GPS position included), XMP, IPTC and comments. JPEG for photos, PNG for
 * images with transparency; the long edge capped at maxImageEdge; a thumbnail beside it.
 */
async function processImage(input: Buffer, rule: PurposeRule): Promise<Processed> {
  const options = { limitInputPixels: maxInputPixels, failOn: 'truncated' as const }
  try {
    const header = await sharp(input, options).metadata()
    const { width, height } = header
    if (!width || !height) throw new AppError('FILE_CORRUPT', '无法读取图片尺寸，请重新选择')
    if (width * height > maxInputPixels || width > maxInputEdge || height > maxInputEdge) throw new AppError('IMAGE_TOO_LARGE')
    // An alpha channel that is opaque everywhere (screenshots often carry one) is no reason for PNG's size.
    const png = Boolean(header.hasAlpha) && !(await sharp(input, options).stats()).isOpaque
    // mozjpeg costs four times the CPU for a quarter fewer bytes (bench upload): worth it for
    // public images, fetched by every member who opens the page, not for private ones read by a few.
    const mozjpeg = rule.visibility === 'public'
    const encode = (image: Sharp) => (png ? image.png({ compressionLevel: 9, palette: false }) : image.jpeg({ quality: 82, mozjpeg }))
    const ext = png ? 'png' : 'jpg'
    const type: FileType = png ? 'image/png' : 'image/jpeg'
    const { data, info } = await encode(
      sharp(input, options).autoOrient().resize({ width: maxImageEdge, height: maxImageEdge, fit: 'inside', withoutEnlargement: true }),
    ).toBuffer({ resolveWithObject: true })
    const thumb = await encode(sharp(data).resize({ width: thumbEdge, height: thumbEdge, fit: 'inside', withoutEnlargement: true })).toBuffer()
    return { main: blob(data, type, ext), thumb: blob(thumb, type, ext), width: info.width, height: info.height, durationSeconds: null }
  } catch (error) {
    refuseImage(error)
  }
}

/**
 * PDFs are stored as sent (no library here rewrites them safely); a file cut short lacks the
 * `%%EOF` marker PDF writers put in its last kilobyte.
 */
function processPdf(input: Buffer): Processed {
  const tail = input.subarray(Math.max(0, input.length - 1024)).toString('latin1')
  if (!tail.includes('%%EOF')) throw new AppError('FILE_CORRUPT', 'PDF 文件不完整，请重新选择')
  return { main: blob(input, 'application/pdf', 'pdf'), thumb: null, width: null, height: null, durationSeconds: null }
}

/**
 * Workbooks are stored as sent and read by the module that takes them; a zip cut short lacks its
 * end-of-central-directory record, in the last 22 bytes plus at most a 64 KB comment.
 */
function processZip(input: Buffer, type: typeof xlsxType | typeof epubType): Processed {
  const tail = input.subarray(Math.max(0, input.length - 22 - 0xffff))
  if (tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) {
    throw new AppError('FILE_CORRUPT', type === epubType ? '电子书文件不完整，请重新选择' : '表格文件不完整，请重新选择')
  }
  return { main: blob(input, type, type === epubType ? 'epub' : 'xlsx'), thumb: null, width: null, height: null, durationSeconds: null }
}

/** One box of an ISO base media file: its type and where its payload lies. */
interface Box {
  type: string
  start: number
  end: number
}

/**
 * The boxes between `from` and `to`, each checked to lie inside them: a file cut short (its last box
 * claiming more bytes than are left) is refused, not read past its end.
 */
function* boxes(input: Buffer, from: number, to: number): Generator<Box> {
  let at = from
  while (at < to) {
    if (to - at < 8) throw new AppError('FILE_CORRUPT', '视频文件不完整，请重新选择')
    let size = input.readUInt32BE(at)
    const type = input.subarray(at + 4, at + 8).toString('latin1')
    let header = 8
    if (size === 1) {
      if (to - at < 16) throw new AppError('FILE_CORRUPT', '视频文件不完整，请重新选择')
      size = Number(input.readBigUInt64BE(at + 8))
      header = 16
    } else if (size === 0) {
      size = to - at
    }
    if (size < header || at + size > to) throw new AppError('FILE_CORRUPT', '视频文件不完整，请重新选择')
    yield { type, start: at + header, end: at + size }
    at += size
  }
}

/**
 * The movie's length from `moov/mvhd` (version 0: 32-bit times, version 1: 64-bit), without
 * decoding a frame: a video lesson's progress is counted against it. Every top-level box is
 * walked, so a file cut short in its media data (after a faststart `moov`) is refused too.
 */
export function mp4DurationSeconds(input: Buffer): number {
  let seconds: number | null = null
  for (const top of boxes(input, 0, input.length)) {
    if (top.type !== 'moov') continue
    for (const inner of boxes(input, top.start, top.end)) {
      if (inner.type !== 'mvhd') continue
      const version = input[inner.start]
      const body = inner.start + 4
      if (inner.end - body < (version === 1 ? 28 : 16)) break
      const timescale = version === 1 ? input.readUInt32BE(body + 16) : input.readUInt32BE(body + 8)
      const duration = version === 1 ? Number(input.readBigUInt64BE(body + 20)) : input.readUInt32BE(body + 12)
      if (timescale && duration) seconds = Math.round(duration / timescale)
    }
  }
  if (seconds === null) throw new AppError('FILE_CORRUPT', '无法读取视频时长，文件可能已损坏，请重新导出为 MP4 后上传')
  return seconds
}

/** A day: no lesson runs longer, and a header claiming more (or 2^64 ticks) is a broken or hostile file. */
const maxVideoSeconds = 24 * 3600

/**
 * Videos are stored as sent (transcoding is no job for this host): the header must be whole and
 * name a length of at least a second and at most a day.
 */
function processMp4(input: Buffer): Processed {
  const durationSeconds = mp4DurationSeconds(input)
  if (durationSeconds < 1) throw new AppError('FILE_CORRUPT', '视频不足 1 秒，请重新选择')
  if (durationSeconds > maxVideoSeconds) throw new AppError('FILE_CORRUPT', '视频时长异常（超过 24 小时），文件可能已损坏，请重新导出为 MP4 后上传')
  return { main: blob(input, mp4Type, 'mp4'), thumb: null, width: null, height: null, durationSeconds }
}

/**
 * Decoding a large photo takes a core and up to a few hundred MB; a burst of uploads waits its turn
 * here instead of running the host out of memory. Per process: a cloud container runs one call.
 */
const maxConcurrentDecodes = 2
let decoding = 0
const waiting: (() => void)[] = []

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  while (decoding >= maxConcurrentDecodes) await new Promise<void>((resolve) => waiting.push(resolve))
  decoding += 1
  try {
    return await work()
  } finally {
    decoding -= 1
    waiting.shift()?.()
  }
}

/**
 * Every check an upload passes, whichever way its bytes came (the host's POST /upload or WeChat's
 * cloud storage): the real type by magic bytes, allowed for the purpose; then processing.
 */
export async function processUpload(input: Buffer, rule: PurposeRule): Promise<Processed> {
  const type = sniffType(input.subarray(0, sniffLength))
  if (!type || !rule.types.includes(type)) {
    throw new AppError('FILE_TYPE_NOT_ALLOWED', `文件内容不是允许的类型，${rule.label}只能是${allowedTypesText(rule)}`)
  }
  if (type === 'application/pdf') return processPdf(input)
  // Sheets are stored as sent and read by the module that imports them, which reports what is wrong row by row.
  if (type === 'text/csv') return { main: blob(input, type, 'csv'), thumb: null, width: null, height: null, durationSeconds: null }
  // An EPUB is read (and refused if hostile) by the library's import, which reports the reason.
  if (type === xlsxType || type === epubType) return processZip(input, type)
  if (type === mp4Type) return processMp4(input)
  return inTurn(() => processImage(input, rule))
}
