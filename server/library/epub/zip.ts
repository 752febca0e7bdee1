import yauzl from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'
import { AppError } from '../../errors'

/**
 * Limits an EPUB's zip must keep, checked on the central directory BEFORE anything is inflated, so
 * a zip bomb costs a directory read. yauzl's own entry-size validation stays on: an entry that
 * inflates past the size it declared is cut off with an error, so the declared sizes can be trusted.
 */
export const zipLimits = {
  maxEntries: 5_000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxEntryBytes: 20 * 1024 * 1024,
  /** Past this size an entry may not inflate more than maxRatio times its compressed size. */
  ratioFloorBytes: 1024 * 1024,
  maxRatio: 100,
} as const

export interface EpubZip {
  /** Entry names (files only), as stored. */
  names: Set<string>
  read(name: string): Promise<Buffer>
  close(): void
}

function tooLarge(reason: string): AppError {
  return new AppError('LIBRARY_EPUB_TOO_LARGE', `电子书解压后过大或压缩比异常（${reason}），已拒绝导入`)
}

function openZip(bytes: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (error, zip) => {
      if (error || !zip) reject(new AppError('LIBRARY_NOT_EPUB', '文件不是 EPUB 电子书（无法按 zip 读取）'))
      else resolve(zip)
    })
  })
}

function listEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    zip.on('entry', (entry: Entry) => {
      entries.push(entry)
      if (entries.length > zipLimits.maxEntries) {
        reject(tooLarge(`文件数超过 ${zipLimits.maxEntries}`))
        return
      }
      zip.readEntry()
    })
    zip.on('end', () => resolve(entries))
    zip.on('error', () => reject(new AppError('LIBRARY_EPUB_MALFORMED', 'EPUB 文件的压缩目录已损坏')))
    zip.readEntry()
  })
}

/** Opens the zip and checks every limit on its directory; entries are inflated one at a time on read. */
export async function openEpubZip(bytes: Buffer): Promise<EpubZip> {
  const zip = await openZip(bytes)
  try {
    // The end record's count first; listEntries counts again, as that record may understate it.
    if (zip.entryCount > zipLimits.maxEntries) throw tooLarge(`文件数超过 ${zipLimits.maxEntries}`)
    const entries = (await listEntries(zip)).filter((e) => !e.fileName.endsWith('/'))
    let total = 0
    for (const entry of entries) {
      total += entry.uncompressedSize
      if (entry.uncompressedSize > zipLimits.maxEntryBytes) throw tooLarge(`单个文件超过 ${zipLimits.maxEntryBytes / 1024 / 1024} MB`)
      if (entry.uncompressedSize > zipLimits.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * zipLimits.maxRatio) {
        throw tooLarge(`压缩比超过 ${zipLimits.maxRatio}:1`)
      }
      if (entry.isEncrypted()) throw new AppError('LIBRARY_EPUB_DRM', '该电子书的文件经过加密，无法导入')
    }
    if (total > zipLimits.maxTotalBytes) throw tooLarge(`解压后超过 ${zipLimits.maxTotalBytes / 1024 / 1024} MB`)
    const byName = new Map(entries.map((e) => [e.fileName, e]))
    return {
      names: new Set(byName.keys()),
      read: (name) => {
        const entry = byName.get(name)
        if (!entry) return Promise.reject(new AppError('LIBRARY_EPUB_MALFORMED', `EPUB 缺少文件 ${name.slice(0, 100)}`))
        return readEntry(zip, entry)
      },
      close: () => zip.close(),
    }
  } catch (error) {
    zip.close()
    throw error
  }
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const malformed = () => new AppError('LIBRARY_EPUB_MALFORMED', `EPUB 中的文件 ${entry.fileName.slice(0, 100)} 已损坏`)
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(malformed())
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', () => reject(malformed()))
      stream.on('end', () => resolve(Buffer.concat(chunks)))
    })
  })
}
