import type { LocalFile } from './choose-file'
import { fileNameOf, photoCompression } from '../utils/local-files'

const { maxLongEdge, quality, smallEnough } = photoCompression

function encode(canvas: HTMLCanvasElement, type: string): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality))
}

/**
 * Redraws the photo on a canvas: createImageBitmap turns it upright by its EXIF orientation, and
 * what the canvas encodes carries no metadata at all (no GPS position leaves the phone). A PNG
 * stays PNG (it may be transparent) and is only scaled down; everything else becomes JPEG.
 */
export async function compressImage(file: LocalFile): Promise<LocalFile> {
  const blob = file.blob
  if (!blob || !/^image\/(jpeg|png|webp)$/.test(file.type)) return file
  let bitmap: ImageBitmap | null = null
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' })
    const longEdge = Math.max(bitmap.width, bitmap.height)
    const png = file.type === 'image/png'
    if (longEdge <= maxLongEdge && (png || file.size <= smallEnough)) return file
    const scale = Math.min(1, maxLongEdge / longEdge)
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(bitmap.width * scale)
    canvas.height = Math.round(bitmap.height * scale)
    const context = canvas.getContext('2d')
    if (!context) return file
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const type = png ? 'image/png' : 'image/jpeg'
    const smaller = await encode(canvas, type)
    if (!smaller || smaller.size >= file.size) return file
    const name = png ? file.name : fileNameOf(`${file.name.replace(/\.[a-z0-9]+$/i, '')}.jpg`)
    URL.revokeObjectURL(file.path)
    return { path: URL.createObjectURL(smaller), blob: smaller, name, size: smaller.size, type }
  } catch {
    // A format this browser cannot decode (HEIC outside Safari): the server decides.
    return file
  } finally {
    bitmap?.close()
  }
}
