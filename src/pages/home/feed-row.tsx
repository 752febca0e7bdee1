import { Image, Text, View } from '@tarojs/components'
import type { FeedItem } from '../../shared/api'
import { relativeTimeText } from '../../utils/time'

interface FeedRowProps {
  item: FeedItem
  onOpen: (item: FeedItem) => void
}

export function FeedRow({ item, onOpen }: FeedRowProps) {
  return (
    <View className={`feed-row${item.read ? '' : ' feed-row--unread'}`} onClick={() => onOpen(item)}>
      <View className='feed-row__body'>
        <View className='feed-row__title-line'>
          {!item.read && <View className='feed-row__dot' aria-label='未读' />}
          {item.pinned && <Text className='feed-row__pin'>置顶</Text>}
          <Text className='feed-row__title'>{item.title}</Text>
        </View>
        {item.summary && <Text className='feed-row__summary'>{item.summary}</Text>}
        <View className='feed-row__meta'>
          <Text className='feed-row__publisher'>{item.publisher}</Text>
          <Text>{relativeTimeText(item.publishedAt)}</Text>
        </View>
      </View>
      {item.coverUrl && <Image className='feed-row__cover' src={item.coverThumbUrl ?? item.coverUrl} mode='aspectFill' lazyLoad />}
    </View>
  )
}
