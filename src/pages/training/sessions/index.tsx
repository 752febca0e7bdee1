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
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { SessionSummary } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { timeRangeText } from '../../../utils/time'
import { placesText, sessionTag } from '../facts'
import '../training.scss'

type SessionsView = 'open' | 'mine' | 'manage'
const emptyText: Record<SessionsView, string> = {
  open: '近期没有面向您所在组织的线下培训',
  mine: '您还没有报名线下培训',
  manage: '还没有安排培训场次',
}

function SessionRow({ item, organiser }: { item: SessionSummary; organiser: boolean }) {
  const tag = sessionTag(item, organiser)
  return (
    <View className='training-card' onClick={() => void openPage(withQuery(routes.trainingSession, { id: item.id }))}>
      <View className='training-card__head'>
        <Text className='training-card__title'>{item.course.title}</Text>
        <Text className={`training-tag training-tag--${tag.tone}`}>{tag.text}</Text>
      </View>
      <Text className='training-card__fact'>时间：{timeRangeText(item)}</Text>
      <Text className='training-card__fact'>地点：{item.place}</Text>
      <Text className='training-card__fact'>
        {item.audience.name} · {placesText(item)}
      </Text>
    </View>
  )
}

/** 线下课程: sessions open to the member (soonest first), their sign-ups, and for organisers the sessions they run. */
export default function TrainingSessionsPage() {
  const me = useResource('me', () => api.auth.me())
  const isMember = Boolean(me.data?.member)
  const organises = me.data?.grants.some((g) => (g.role === 'course_editor' || g.role === 'admin') && g.branch.level <= 2) ?? false
  const tabs = [
    ...(isMember ? [{ value: 'open' as const, title: '可报名' }, { value: 'mine' as const, title: '我的报名' }] : []),
    ...(organises ? [{ value: 'manage' as const, title: '我组织的' }] : []),
  ]
  const [chosen, setChosen] = useState<SessionsView | null>(null)
  const view = chosen ?? tabs[0]?.value ?? null
  const list = usePagedList(`training-sessions:${view}`, (cursor) => api.course.sessions({ view: view ?? 'open', cursor, limit: 20 }), { enabled: view !== null })

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  if (me.error) {
    return (
      <PageShell className='training-sessions'>
        <LoadFailure error={me.error} onRetry={() => void me.reload()} />
      </PageShell>
    )
  }
  if (!me.data) {
    return (
      <PageShell className='training-sessions'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (view === null) {
    return (
      <PageShell className='training-sessions'>
        <PageState kind='empty' message='入会认证后即可报名工会组织的线下培训' />
      </PageShell>
    )
  }
  return (
    <PageShell className='training-sessions'>
      {tabs.length > 1 && <FilterTabs tabs={tabs} value={view} onChange={setChosen} />}
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[view]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <SessionRow key={item.id} item={item} organiser={view === 'manage'} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
