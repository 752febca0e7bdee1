import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api, errorText } from '../../api'
import { ListFooter } from '../../components/list-footer'
import { PageShell } from '../../components/page-shell'
import { PageState } from '../../components/page-state'
import { setLargeText, useLargeText } from '../../hooks/use-large-text'
import { usePullToRefresh, useRefreshOnReturn } from '../../hooks/use-page-refresh'
import { usePagedList } from '../../hooks/use-paged-list'
import { routes, withQuery } from '../../routes'
import type { FeedItem, Me, MembershipStatus } from '../../shared/api'
import { cx } from '../../utils/cx'
import { FeedRow } from './feed-row'
import { MemberPanel } from './member-panel'
import { ModuleGrid } from './module-grid'
import './index.scss'

interface Account {
  me: Me
  status: MembershipStatus
}

export default function HomePage() {
  const largeText = useLargeText()
  const [account, setAccount] = useState<Account | null>(null)
  const [accountError, setAccountError] = useState('')

  const loadAccount = useCallback(async () => {
    try {
      const [me, status] = await Promise.all([api.auth.me(), api.member.status()])
      setAccount({ me, status })
      setAccountError('')
    } catch (error) {
      setAccountError(errorText(error))
    }
  }, [])

  const isMember = account?.status.member != null
  const feed = usePagedList<FeedItem>('feed', (cursor) => api.notice.feed({ cursor }), { enabled: isMember })

  useEffect(() => {
    void loadAccount()
  }, [loadAccount])

  // Coming back from the join or review pages may have changed membership or roles.
  useRefreshOnReturn(() => void loadAccount())

  usePullToRefresh(() => Promise.all([loadAccount(), isMember ? feed.reload() : undefined]))

  useReachBottom(() => {
    if (isMember) void feed.loadMore()
  })

  const openNotice = (item: FeedItem) => {
    feed.setItems((items) => items.map((i) => (i.id === item.id ? { ...i, read: true } : i)))
    void Taro.navigateTo({ url: withQuery(routes.noticeDetail, { id: item.id }) })
  }

  const greetingName = account?.me.displayName

  return (
    <PageShell className='home'>
      <View className='home__header'>
        <View className='home__heading'>
          <Text className='home__title'>嘉兴网上职工之家</Text>
          <Text className='home__greeting'>{greetingName ? `${greetingName}，您好` : '您好'}</Text>
        </View>
        <View
          className={cx('home__large-toggle', largeText && 'home__large-toggle--on')}
          role='switch'
          aria-checked={largeText}
          onClick={() => setLargeText(!largeText)}
        >
          <Text>大字模式</Text>
          <View className='home__large-track'>
            <View className='home__large-knob' />
          </View>
        </View>
      </View>

      {!account && !accountError && <PageState kind='loading' />}
      {!account && accountError && <PageState kind='error' message={accountError} onRetry={() => void loadAccount()} />}

      {account && (
        <>
          <MemberPanel status={account.status} />
          <ModuleGrid me={account.me} isMember={isMember} />

          <View className='home__section-title'>
            <Text>通知公告</Text>
          </View>
          {isMember ? (
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
          ) : (
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
