import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef } from 'react'
import { forgetFile } from '../../platform/choose-file'
import type { FilePurpose, StoredFile } from '../../shared/api'
import { cx } from '../../utils/cx'
import { AttemptTile } from './attempt-tile'
import { useUploadAttempts } from './use-upload-attempts'
import './index.scss'

/** An image the record shows: an uploaded file, or (fileId null) a picture set by URL before uploads existed. */
export interface ShownImage {
  fileId: number | null
  url: string
  thumbUrl: string | null
}

export const shownImageOf = (file: StoredFile): ShownImage | null => (file.url ? { fileId: file.id, url: file.url, thumbUrl: file.thumbUrl } : null)

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

/**
 * Tiles for a record's pictures: each shows its preview, an upload's progress (上传中 42%, then
 * 处理中 while the server checks it), or why it failed with 重试; ✕ removes one (and stops its
 * upload). The add tile chooses photos, compresses and uploads them one ticket each.
 */
export function ImageUpload({ purpose, value, onChange, max = 1, onBusyChange, className }: ImageUploadProps) {
  // Uploads finish after renders: they must add to the latest value, not to the one they started with.
  const latest = useRef({ value, onChange })
  latest.current = { value, onChange }
  const { attempts, choose, retry, drop } = useUploadAttempts(
    purpose,
    (stored, file) => {
      forgetFile(file)
      const shown = shownImageOf(stored)
      if (!shown) return
      const { value: now, onChange: change } = latest.current
      change(max === 1 ? [shown] : [...now, shown].slice(0, max))
    },
    onBusyChange,
  )

  const room = max === 1 ? 1 : max - value.length - attempts.length
  // A single picture is replaced: the new upload takes the place of one still on its way.
  const add = () => choose(room, max === 1)

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
        <AttemptTile key={a.key} attempt={a} onRetry={() => retry(a)} onDrop={() => drop(a)} />
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
