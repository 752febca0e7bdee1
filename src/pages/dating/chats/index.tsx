import { Image, Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { ChatSummary } from '../../../shared/api'
import { matchEndReasonNames } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { relativeTimeText } from '../../../utils/time'
import './index.scss'

/** The line under the name: the latest message, or how the chat stands. */
function previewText(chat: ChatSummary): string {
  if (chat.preview !== null) return chat.previewMine ? `我：${chat.preview}` : chat.preview
  return chat.live ? '你们已配对成功，打个招呼吧' : '暂无消息'
}

/** 鹊桥会消息: my matches, live ones first, each with its latest message and what I have not read. */
export default function DatingChatsPage() {
  const list = usePagedList('dating-chats', (cursor) => api.dating.chats({ cursor }))
  // Back from a chat: its unread count and latest message have changed, and avatar links expire.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='dating-chats'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message='还没有配对。在推荐里遇到喜欢的人，互相喜欢后就能在这里聊天。' action={{ text: '去看看推荐', onClick: () => void openPage(routes.datingDiscover) }} />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <View className='dating-chats__list'>
          {list.items.map((chat) => (
            <View
              key={chat.matchId}
              className={cx('dating-chats__row', !chat.live && 'dating-chats__row--ended')}
              onClick={() => void openPage(withQuery(routes.datingChat, { matchId: chat.matchId }))}
            >
              <View className='dating-chats__avatar-box'>
                {chat.peer?.avatar ? (
                  <Image className='dating-chats__avatar' src={chat.peer.avatar.thumbUrl ?? chat.peer.avatar.url} mode='aspectFill' />
                ) : (
                  <View className='dating-chats__avatar dating-chats__avatar--none'>{chat.peer ? Array.from(chat.peer.nickname)[0] : '?'}</View>
                )}
                {chat.unread > 0 && <Text className='dating-chats__badge'>{chat.unread > 99 ? '99+' : chat.unread}</Text>}
              </View>
              <View className='dating-chats__body'>
                <View className='dating-chats__head'>
                  <Text className='dating-chats__name'>{chat.peer?.nickname ?? '资料已不可见'}</Text>
                  <Text className='dating-chats__time'>{relativeTimeText(chat.lastAt)}</Text>
                </View>
                <View className='dating-chats__line'>
                  <Text className='dating-chats__preview'>{previewText(chat)}</Text>
                  {chat.endedReason && <Text className='dating-chats__ended'>{matchEndReasonNames[chat.endedReason]}</Text>}
                </View>
              </View>
            </View>
          ))}
        </View>
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </PageShell>
  )
}
