const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  pdf: 'application/pdf',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  epub: 'application/epub+zip',
  mp4: 'video/mp4',
}

/** The MIME type a name's extension stands for (WeChat's temporary files carry no other); the server checks the bytes. */
export function mimeTypeOf(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  return mimeByExtension[extension] ?? 'application/octet-stream'
}

// Control and format characters the ticket refuses in a name (src/shared/api/file.ts, fileNameSchema).
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g

/**
 * A name the upload ticket accepts: the last part of a path, without control or format characters
 * or leading dots, at most 100 characters with its extension kept (WeChat's temporary paths are
 * long random strings).
 */
export function fileNameOf(path: string): string {
  const base = path.split(/[\\/]/).pop()?.replace(invisible, '').trim().replace(/^\.+/, '') || 'file'
  if (base.length <= 100) return base
  const extension = /\.[a-z0-9]{1,5}$/i.exec(base)?.[0] ?? ''
  return base.slice(0, 100 - extension.length) + extension
}

/**
 * How photos are compressed before upload: long edge capped at what the server keeps (files
 * contract), JPEG quality 0.8, and photos already under `smallEnough` bytes and within the edge
 * left alone (re-encoding them would only lose quality).
 */
export const photoCompression = { maxLongEdge: 2048, quality: 0.8, smallEnough: 600 * 1024 } as const
