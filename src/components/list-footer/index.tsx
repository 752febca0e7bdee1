import { Text, View } from '@tarojs/components'
import './index.scss'

interface ListFooterProps {
  loadingMore: boolean
  hasMore: boolean
  moreError: string
  onLoadMore: () => void
}

/** Foot of a paginated list: loading, retry after a failed page, or the end. */
export function ListFooter({ loadingMore, hasMore, moreError, onLoadMore }: ListFooterProps) {
  if (moreError) {
    return (
      <View className='list-footer list-footer--error' onClick={onLoadMore}>
        <Text>{moreError}，点击重试</Text>
      </View>
    )
  }
  if (loadingMore) return <View className='list-footer'>加载中…</View>
  if (!hasMore) return <View className='list-footer'>没有更多了</View>
  return <View className='list-footer' onClick={onLoadMore}>上拉加载更多</View>
}
