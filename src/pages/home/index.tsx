import { Image, Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api, errorText } from '../../api'
import meIcon from '../../assets/icons/me.svg'
import messageIcon from '../../assets/icons/message.svg'
import { LargeTextSwitch } from '../../components/large-text-switch'
import { ListFooter } from '../../components/list-footer'
import { PageShell } from '../../components/page-shell'
import { PageState } from '../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../hooks/use-page-refresh'
import { usePagedList } from '../../hooks/use-paged-list'
import { routes, withQuery } from '../../routes'
import type { FeedItem, Me, MembershipStatus, WorkQueues } from '../../shared/api'
import { ContinueReadingCard } from './continue-reading'
import { FeedRow } from './feed-row'
import { MemberPanel } from './member-panel'
import { ModuleGrid, memberModules } from './module-grid'
import { StaffPanel } from './staff-panel'
import { openPage } from '../../utils/navigate'
import './index.scss'

interface Account {
  me: Me
  status: MembershipStatus
  /** Null when the counts could not be had: the queues still open without them. */
  queues: WorkQueues | null
}

export default function HomePage() {
  const [account, setAccount] = useState<Account | null>(null)
  const [accountError, setAccountError] = useState('')

  const loadAccount = useCallback(async () => {
    try {
      const [me, status, queues] = await Promise.all([
        api.auth.me(),
        api.member.status(),
        api.auth.workQueues().catch(() => null),
      ])
      setAccount({ me, status, queues })
      setAccountError('')
    } catch (error) {
      setAccountError(errorText(error))
    }
  }, [])

  // Null until known or when it could not be had: the entry then shows without a badge.
  const [unread, setUnread] = useState<number | null>(null)
  const loadUnread = useCallback(async () => {
    setUnread(await api.message.unreadCount().then((r) => r.count, () => null))
  }, [])

  const isMember = account?.status.member != null
  const isStaff = (account?.me.grants.length ?? 0) > 0
  const feed = usePagedList<FeedItem>('feed', (cursor) => api.notice.feed({ cursor }), { enabled: isMember })

  useEffect(() => {
    void loadAccount()
    void loadUnread()
  }, [loadAccount, loadUnread])

  // Coming back from the join or review pages may have changed membership or roles; from the
  // message centre, what is unread.
  useRefreshOnReturn(() => {
    void loadAccount()
    void loadUnread()
  })

  usePullToRefresh(() => Promise.all([loadAccount(), loadUnread(), isMember ? feed.reload() : undefined]))

  useReachBottom(() => {
    if (isMember) void feed.loadMore()
  })

  const openNotice = (item: FeedItem) => {
    feed.setItems((items) => items.map((i) => (i.id === item.id ? { ...i, read: true } : i)))
    void openPage(withQuery(routes.noticeDetail, { id: item.id }))
  }

  const greetingName = account?.me.displayName

  return (
    <PageShell className='home'>
      <View className='home__header'>
        <View className='home__heading'>
          <Text className='home__title'>嘉兴网上职工之家</Text>
          <Text className='home__greeting'>{greetingName ? `${greetingName}，您好` : '您好'}</Text>
        </View>
        <View className='home__header-actions'>
          <LargeTextSwitch className='home__large-toggle' light />
          <View className='home__pill home__messages' onClick={() => void openPage(routes.messages)}>
            <Image className='home__pill-icon' src={messageIcon} />
            <Text>消息</Text>
            {unread !== null && unread > 0 && (
              <Text className='home__badge' aria-label={`${unread} 条未读消息`}>
                {unread > 99 ? '99+' : unread}
              </Text>
            )}
          </View>
          <View className='home__pill home__me' onClick={() => void openPage(routes.me)}>
            <Image className='home__pill-icon' src={meIcon} />
            <Text>我的</Text>
          </View>
        </View>
      </View>

      {!account && !accountError && <PageState kind='loading' />}
      {!account && accountError && <PageState kind='error' message={accountError} onRetry={() => void loadAccount()} />}

      {account && (
        <>
          {/* Staff who are not members came to work, not to be asked to join. */}
          {isStaff && !isMember ? (
            <StaffPanel me={account.me} queues={account.queues} lead />
          ) : (
            <>
              <MemberPanel status={account.status} />
              <ModuleGrid modules={memberModules(account.me, isMember)} />
              {isMember && <ContinueReadingCard />}
              {isStaff && <StaffPanel me={account.me} queues={account.queues} lead={false} />}
            </>
          )}

          {(isMember || !isStaff) && (
            <View className='home__section-title'>
              <Text>通知公告</Text>
            </View>
          )}
          {isMember && (
            <View className='home__feed'>
              {feed.status === 'loading' && <PageState kind='loading' />}
              {feed.status === 'error' && <PageState kind='error' message={feed.error} onRetry={() => void feed.reload()} />}
              {feed.status === 'ready' && feed.items.length === 0 && <PageState kind='empty' message='暂无通知公告' />}
              {feed.status === 'ready' && feed.items.length > 0 && (
                <>
                  {feed.items.map((item) => (
                    <FeedRow key={item.id} item={item} onOpen={openNotice} />
                  ))}
                  <ListFooter
                    loadingMore={feed.loadingMore}
                    hasMore={feed.hasMore}
                    moreError={feed.moreError}
                    onLoadMore={() => void feed.loadMore()}
                  />
                </>
              )}
            </View>
          )}
          {!isMember && !isStaff && (
            <View className='home__join-prompt'>
              <Text className='home__join-prompt-text'>
                {account.status.application?.status === 'pending'
                  ? '入会申请审核通过后，即可查看所在工会发布的通知公告。'
                  : '完成入会认证后，即可查看所在工会发布的通知公告。'}
              </Text>
            </View>
          )}
        </>
      )}
    </PageShell>
  )
}
