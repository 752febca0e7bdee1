import { Button } from '@nutui/nutui-react-taro'
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
import type { DatingEventStatus, DatingEventSummary } from '../../../shared/api'
import { eventPhaseNames, placesTakenText } from '../../../utils/dating-events'
import { openPage } from '../../../utils/navigate'
import { timeRangeText } from '../../../utils/time'
import './matchmaker-events.scss'

type Filter = 'all' | DatingEventStatus
const tabs = [
  { value: 'all' as const, title: '全部' },
  { value: 'published' as const, title: '已发布' },
  { value: 'draft' as const, title: '草稿' },
  { value: 'cancelled' as const, title: '已取消' },
]

function EventRow({ item }: { item: DatingEventSummary }) {
  const tone = item.phase === 'signup' || item.phase === 'ongoing' || item.phase === 'picking' ? 'good' : item.phase === 'draft' ? 'wait' : 'plain'
  return (
    <View
      className='mm-event-card'
      onClick={() => void openPage(withQuery(item.status === 'draft' ? routes.matchmakerEventEdit : routes.matchmakerEventRoster, { id: item.id }))}
    >
      <View className='mm-event-card__head'>
        <Text className='mm-event-card__title'>{item.title}</Text>
        <Text className={`mm-event-tag mm-event-tag--${tone}`}>{eventPhaseNames[item.phase]}</Text>
      </View>
      <Text className='mm-event-card__fact'>时间：{timeRangeText(item)}</Text>
      <Text className='mm-event-card__fact'>地点：{item.place}</Text>
      <Text className='mm-event-card__fact'>
        {item.branch.name} · {placesTakenText(item)}
      </Text>
    </View>
  )
}

/** 红娘: the 联谊活动 of my scope, newest first; drafts open the editor, the rest the roster. */
export default function MatchmakerEventsPage() {
  const [filter, setFilter] = useState<Filter>('all')
  const list = usePagedList(`matchmaker-events:${filter}`, (cursor) =>
    api.dating.manageEvents({ status: filter === 'all' ? undefined : filter, cursor, limit: 20 }),
  )
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())
  return (
    <PageShell className='matchmaker-events'>
      <View className='mm-event-footer'>
        <Button type='primary' block onClick={() => void openPage(routes.matchmakerEventEdit)}>
          新建联谊活动
        </Button>
      </View>
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='还没有联谊活动' />}
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
