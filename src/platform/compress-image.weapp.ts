import Taro from '@tarojs/taro'
import type { LocalFile } from './choose-file'
import { mimeTypeOf, photoCompression } from '../utils/local-files'

const { maxLongEdge, quality, smallEnough } = photoCompression

function sizeOf(filePath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().getFileInfo({ filePath, success: (res) => resolve(res.size), fail: reject })
  })
}

export async function compressImage(file: LocalFile): Promise<LocalFile> {
  if (file.type !== 'image/jpeg' && file.type !== 'image/webp' && file.type !== 'image/heic') return file
  try {
    const { width, height } = await Taro.getImageInfo({ src: file.path })
    // HEIC is always converted: the server takes JPEG, PNG and WebP only.
    if (file.type !== 'image/heic' && file.size <= smallEnough && Math.max(width, height) <= maxLongEdge) return file
    const landscape = width >= height
    const { tempFilePath } = await Taro.compressImage({
      src: file.path,
      quality: quality * 100,
      ...(landscape ? { compressedWidth: Math.min(width, maxLongEdge) } : { compressedHeight: Math.min(height, maxLongEdge) }),
    })
    const size = await sizeOf(tempFilePath)
    if (size >= file.size) return file
    return { ...file, path: tempFilePath, size, type: mimeTypeOf(tempFilePath) }
  } catch {
    return file
  }
}
