import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { errorText } from '../../api'
import { forgetFile } from '../../platform/choose-file'
import type { FilePurpose, StoredFile } from '../../shared/api'
import { cx } from '../../utils/cx'
import { chooseForUpload, startUpload } from '../../utils/upload-file'
import type { LocalFile, Upload } from '../../utils/upload-file'
import './index.scss'

/** An image the record shows: an uploaded file, or (fileId null) a picture set by URL before uploads existed. */
export interface ShownImage {
  fileId: number | null
  url: string
  thumbUrl: string | null
}

export const shownImageOf = (file: StoredFile): ShownImage | null => (file.url ? { fileId: file.id, url: file.url, thumbUrl: file.thumbUrl } : null)

interface Attempt {
  key: number
  file: LocalFile
  /** Share of bytes sent, 0–1; at 1 the server is still checking and re-encoding. */
  sent: number
  error: string | null
  upload: Upload | null
}

interface ImageUploadProps {
  purpose: FilePurpose
  value: ShownImage[]
  onChange: (images: ShownImage[]) => void
  /** 1 (the default): one picture, replaced by the next upload. */
  max?: number
  /** True while a file is on its way: the form should not save until it has arrived. */
  onBusyChange?: (busy: boolean) => void
  className?: string
}

let nextKey = 1

/**
 * Tiles for a record's pictures: each shows its preview, an upload's progress (上传中 42%, then
 * 处理中 while the server checks it), or why it failed with 重试; ✕ removes one (and stops its
 * upload). The add tile chooses photos, compresses and uploads them one ticket each.
 */
export function ImageUpload({ purpose, value, onChange, max = 1, onBusyChange, className }: ImageUploadProps) {
  const [attempts, setAttempts] = useState<Attempt[]>([])
  // Uploads finish after renders: they must add to the latest value, not to the one they started with.
  const latest = useRef({ value, onChange })
  latest.current = { value, onChange }
  const mounted = useRef(true)

  const busy = attempts.some((a) => a.error === null)
  useEffect(() => {
    onBusyChange?.(busy)
  }, [busy])

  // What is on its way when the page goes away is stopped; the cleanup sees the last render's attempts.
  const current = useRef(attempts)
  current.current = attempts
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
      current.current.forEach((a) => {
        a.upload?.cancel()
        forgetFile(a.file)
      })
    }
  }, [])

  const patch = (key: number, change: Partial<Attempt>) => {
    if (mounted.current) setAttempts((all) => all.map((a) => (a.key === key ? { ...a, ...change } : a)))
  }

  const send = (key: number, file: LocalFile) => {
    const upload = startUpload(purpose, file, (sent) => patch(key, { sent }))
    patch(key, { upload, sent: 0, error: null })
    upload.done.then(
      (stored) => {
        if (!mounted.current) return
        const shown = shownImageOf(stored)
        setAttempts((all) => all.filter((a) => a.key !== key))
        forgetFile(file)
        if (!shown) return
        const { value: now, onChange: change } = latest.current
        change(max === 1 ? [shown] : [...now, shown].slice(0, max))
      },
      (error: unknown) => patch(key, { error: errorText(error), upload: null }),
    )
  }

  const room = max === 1 ? 1 : max - value.length - attempts.length

  const add = async () => {
    if (room <= 0) return
    let files: LocalFile[]
    try {
      files = await chooseForUpload(purpose, room)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
      return
    }
    if (files.length === 0) return
    const started = files.map((file) => ({ key: nextKey++, file, sent: 0, error: null, upload: null }))
    // A single picture is replaced: the new upload takes the place of one still on its way.
    if (max === 1) current.current.forEach((a) => drop(a))
    setAttempts((all) => (max === 1 ? started : [...all, ...started]))
    started.forEach((a) => send(a.key, a.file))
  }

  const drop = (attempt: Attempt) => {
    attempt.upload?.cancel()
    forgetFile(attempt.file)
    setAttempts((all) => all.filter((a) => a.key !== attempt.key))
  }

  const showAdd = max === 1 ? value.length === 0 && attempts.length === 0 : room > 0
  return (
    <View className={cx('image-upload', className)}>
      {value.map((image, index) => (
        <View key={image.url} className='image-upload__tile image-upload__tile--done'>
          <Image
            className='image-upload__image'
            src={image.thumbUrl ?? image.url}
            mode='aspectFill'
            onClick={() => void Taro.previewImage({ urls: value.map((v) => v.url), current: image.url })}
          />
          <View className='image-upload__remove' ariaLabel='删除图片' onClick={() => onChange(value.filter((_, i) => i !== index))}>
            ✕
          </View>
          {max === 1 && (
            <Text className='image-upload__replace' onClick={() => void add()}>
              更换
            </Text>
          )}
        </View>
      ))}
      {attempts.map((a) => (
        <View key={a.key} className={cx('image-upload__tile', a.error ? 'image-upload__tile--failed' : 'image-upload__tile--sending')}>
          <Image className='image-upload__image' src={a.file.path} mode='aspectFill' />
          <View className='image-upload__cover' role='status'>
            {a.error ? (
              <>
                <Text className='image-upload__error'>{a.error}</Text>
                <Text className='image-upload__retry' onClick={() => send(a.key, a.file)}>
                  重试
                </Text>
              </>
            ) : (
              <Text className='image-upload__progress'>{a.sent < 1 ? `上传中 ${Math.floor(a.sent * 100)}%` : '处理中…'}</Text>
            )}
          </View>
          <View className='image-upload__remove' ariaLabel='取消上传' onClick={() => drop(a)}>
            ✕
          </View>
        </View>
      ))}
      {showAdd && (
        <View className='image-upload__tile image-upload__add' onClick={() => void add()}>
          <Text className='image-upload__plus'>+</Text>
          <Text className='image-upload__add-label'>{max === 1 ? '上传图片' : `添加图片 ${value.length}/${max}`}</Text>
        </View>
      )}
    </View>
  )
}
