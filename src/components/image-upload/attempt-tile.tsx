import { Image, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { cx } from '../../utils/cx'
import type { Attempt } from './use-upload-attempts'

/** A tile for a file on its way: its preview, 上传中 N% then 处理中, or why it failed with 重试; ✕ stops it. */
export function AttemptTile({ attempt, preview, onRetry, onDrop }: { attempt: Attempt; preview?: ReactNode; onRetry: () => void; onDrop: () => void }) {
  return (
    <View className={cx('image-upload__tile', attempt.error ? 'image-upload__tile--failed' : 'image-upload__tile--sending')}>
      {preview ?? <Image className='image-upload__image' src={attempt.file.path} mode='aspectFill' />}
      <View className='image-upload__cover' role='status'>
        {attempt.error ? (
          <>
            <Text className='image-upload__error'>{attempt.error}</Text>
            <Text className='image-upload__retry' onClick={onRetry}>
              重试
            </Text>
          </>
        ) : (
          <Text className='image-upload__progress'>{attempt.sent < 1 ? `上传中 ${Math.floor(attempt.sent * 100)}%` : '处理中…'}</Text>
        )}
      </View>
      <View className='image-upload__remove' ariaLabel='取消上传' onClick={onDrop}>
        ✕
      </View>
    </View>
  )
}
