import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef } from 'react'
import { api } from '../../../api'
import { AttemptTile } from '../../../components/image-upload/attempt-tile'
import { useUploadAttempts } from '../../../components/image-upload/use-upload-attempts'
import { forgetFile } from '../../../platform/choose-file'
import type { PhotoView } from '../../../shared/api'
import { datingLimits } from '../../../shared/dating/names'
import '../../../components/image-upload/index.scss'

interface PhotoGridProps {
  value: PhotoView[]
  onChange: (photos: PhotoView[]) => void
  onBusyChange: (busy: boolean) => void
}

/**
 * The profile's 1–6 photos in three columns, the first marked 头像. Dating photos are private, so
 * an upload comes back without a URL: the preview is signed for the owner through file.readUrl.
 * Tapping a photo offers 设为头像 / 预览 / 删除.
 */
export function PhotoGrid({ value, onChange, onBusyChange }: PhotoGridProps) {
  const latest = useRef({ value, onChange })
  latest.current = { value, onChange }
  const { attempts, choose, retry, drop } = useUploadAttempts(
    'dating_photo',
    (stored, file) => {
      void api.file.readUrl({ id: stored.id }).then(
        (read) => {
          forgetFile(file)
          const { value: now, onChange: change } = latest.current
          change([...now, { fileId: stored.id, url: read.url, thumbUrl: read.thumbUrl }].slice(0, datingLimits.photosMax))
        },
        () => void Taro.showToast({ title: '照片已上传，但预览加载失败，请稍后重试', icon: 'none' }),
      )
    },
    onBusyChange,
  )
  const room = datingLimits.photosMax - value.length - attempts.length

  const act = async (index: number) => {
    const items = index === 0 ? ['预览', '删除'] : ['设为头像', '预览', '删除']
    let tapped: number
    try {
      tapped = (await Taro.showActionSheet({ itemList: items })).tapIndex
    } catch {
      return
    }
    const choice = items[tapped]
    if (choice === '设为头像') onChange([value[index], ...value.filter((_, i) => i !== index)])
    else if (choice === '预览') void Taro.previewImage({ urls: value.map((p) => p.url), current: value[index].url })
    else onChange(value.filter((_, i) => i !== index))
  }

  return (
    <View className='dating-photos'>
      {value.map((photo, index) => (
        <View key={photo.fileId} className='dating-photos__tile' onClick={() => void act(index)}>
          <Image className='dating-photos__image' src={photo.thumbUrl ?? photo.url} mode='aspectFill' />
          {index === 0 && <Text className='dating-photos__avatar'>头像</Text>}
        </View>
      ))}
      {attempts.map((a) => (
        <View key={a.key} className='dating-photos__tile'>
          <AttemptTile attempt={a} onRetry={() => retry(a)} onDrop={() => drop(a)} />
        </View>
      ))}
      {room > 0 && (
        <View className='dating-photos__tile dating-photos__add' onClick={() => void choose(room)}>
          <Text className='dating-photos__plus'>+</Text>
          <Text className='dating-photos__add-label'>{`添加照片 ${value.length}/${datingLimits.photosMax}`}</Text>
        </View>
      )}
    </View>
  )
}
