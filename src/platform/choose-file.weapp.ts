import Taro from '@tarojs/taro'
import type { ChooseOptions, LocalFile } from './choose-file'
import { fileNameOf, mimeTypeOf } from '../utils/local-files'

const cancelled = (error: unknown) => /cancel/i.test(String((error as { errMsg?: unknown } | null)?.errMsg ?? ''))

async function chooseImages(count: number): Promise<LocalFile[]> {
  // `compressed` lets WeChat hand over its own smaller copy; compressImage then caps the size.
  const { tempFiles } = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
  return tempFiles.map((f) => ({ path: f.tempFilePath, blob: null, name: fileNameOf(f.tempFilePath), size: f.size, type: mimeTypeOf(f.tempFilePath) }))
}

async function chooseDocuments(count: number): Promise<LocalFile[]> {
  const { tapIndex } = await Taro.showActionSheet({ itemList: ['拍照或从相册选择', '从聊天记录选择 PDF'] })
  if (tapIndex === 0) return chooseImages(count)
  const { tempFiles } = await Taro.chooseMessageFile({ count, type: 'file', extension: ['pdf'] })
  return tempFiles.map((f) => ({ path: f.path, blob: null, name: fileNameOf(f.name), size: f.size, type: mimeTypeOf(f.name) }))
}

async function chooseSheets(count: number): Promise<LocalFile[]> {
  const { tempFiles } = await Taro.chooseMessageFile({ count, type: 'file', extension: ['csv', 'xlsx'] })
  return tempFiles.map((f) => ({ path: f.path, blob: null, name: fileNameOf(f.name), size: f.size, type: mimeTypeOf(f.name) }))
}

async function chooseBooks(count: number): Promise<LocalFile[]> {
  const { tempFiles } = await Taro.chooseMessageFile({ count, type: 'file', extension: ['epub'] })
  return tempFiles.map((f) => ({ path: f.path, blob: null, name: fileNameOf(f.name), size: f.size, type: mimeTypeOf(f.name) }))
}

async function chooseVideos(count: number): Promise<LocalFile[]> {
  // Sent as recorded: WeChat's compression would re-encode a lesson the editor already prepared.
  const { tempFiles } = await Taro.chooseMedia({ count, mediaType: ['video'], sourceType: ['album', 'camera'], sizeType: ['original'] })
  return tempFiles.map((f) => ({ path: f.tempFilePath, blob: null, name: fileNameOf(f.tempFilePath), size: f.size, type: mimeTypeOf(f.tempFilePath) }))
}

const choosers: Record<ChooseOptions['accept'], (count: number) => Promise<LocalFile[]>> = {
  image: chooseImages,
  document: chooseDocuments,
  sheet: chooseSheets,
  book: chooseBooks,
  video: chooseVideos,
}

export async function chooseFiles({ accept, count }: ChooseOptions): Promise<LocalFile[]> {
  try {
    return await choosers[accept](count)
  } catch (error) {
    if (cancelled(error)) return []
    throw error
  }
}

export function forgetFile(): void {
  // WeChat removes its temporary files by itself.
}
