import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { DatingEventSummary } from '../../../shared/api'
import { eventTag, placesLeftText } from '../../../utils/dating-events'
import { openPage } from '../../../utils/navigate'
import { timeRangeText } from '../../../utils/time'
import './events.scss'

type Scope = 'open' | 'mine'
const tabs = [
  { value: 'open' as const, title: '可报名' },
  { value: 'mine' as const, title: '我的报名' },
]
const emptyText: Record<Scope, string> = {
  open: '近期没有面向您所在组织的联谊活动',
  mine: '您还没有报名联谊活动',
}

function EventRow({ item }: { item: DatingEventSummary }) {
  const tag = eventTag(item)
  return (
    <View className='dating-event-card' onClick={() => void openPage(withQuery(routes.datingEvent, { id: item.id }))}>
      <View className='dating-event-card__head'>
        <Text className='dating-event-card__title'>{item.title}</Text>
        <Text className={`dating-event-tag dating-event-tag--${tag.tone}`}>{tag.text}</Text>
      </View>
      <Text className='dating-event-card__fact'>时间：{timeRangeText(item)}</Text>
      <Text className='dating-event-card__fact'>地点：{item.place}</Text>
      <Text className='dating-event-card__fact'>{placesLeftText(item)}</Text>
    </View>
  )
}

/** 联谊活动: events open to me (soonest first) and my sign-ups. */
export default function DatingEventsPage() {
  const [scope, setScope] = useState<Scope>('open')
  const list = usePagedList(`dating-events:${scope}`, (cursor) => api.dating.events({ scope, cursor, limit: 20 }))
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())
  return (
    <PageShell className='dating-events'>
      <FilterTabs tabs={tabs} value={scope} onChange={setScope} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[scope]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <EventRow key={item.id} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
