import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { api } from '../../api'
import { ListFooter } from '../../components/list-footer'
import { LoadFailure } from '../../components/load-failure'
import { PageShell } from '../../components/page-shell'
import { PageState } from '../../components/page-state'
import { useAction } from '../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../hooks/use-page-refresh'
import { usePagedList } from '../../hooks/use-paged-list'
import type { Message } from '../../shared/api'
import { openPage } from '../../utils/navigate'
import { safeReturnPath } from '../../utils/return-path'
import { relativeTimeText } from '../../utils/time'
import { cx } from '../../utils/cx'
import './index.scss'

export default function MessagesPage() {
  const list = usePagedList<Message>('messages', (cursor) => api.message.list({ cursor }))
  const markRead = (id: number) => list.setItems((items) => items.map((m) => (m.id === id ? { ...m, read: true } : m)))

  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const open = (message: Message) => {
    if (!message.read) {
      markRead(message.id)
      // Opening the page matters more than the dot: a failed mark shows again on the next load.
      void api.message.markRead({ id: message.id }).catch(() => undefined)
    }
    // Only pages of the app are followed, whatever a row says.
    const target = safeReturnPath(message.link)
    if (target) void openPage(target)
  }

  const markAll = useAction(async () => {
    await api.message.markAllRead()
    list.setItems((items) => items.map((m) => ({ ...m, read: true })))
    void Taro.showToast({ title: '已全部标为已读', icon: 'none' })
  })
  const anyUnread = list.items.some((m) => !m.read)

  return (
    <PageShell className='messages'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='暂无消息' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <View className='messages__bar'>
            <Text
              className={cx('messages__mark-all', (!anyUnread || markAll.busy) && 'messages__mark-all--off')}
              onClick={() => {
                if (anyUnread) void markAll.run()
              }}
            >
              全部已读
            </Text>
          </View>
          <View className='messages__list'>
            {list.items.map((message) => (
              <View key={message.id} className={cx('message-row', !message.read && 'message-row--unread')} onClick={() => open(message)}>
                <View className='message-row__title-line'>
                  {!message.read && <View className='message-row__dot' aria-label='未读' />}
                  <Text className='message-row__title'>{message.title}</Text>
                </View>
                <Text className='message-row__body'>{message.body}</Text>
                <Text className='message-row__time'>{relativeTimeText(message.createdAt)}</Text>
              </View>
            ))}
          </View>
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
