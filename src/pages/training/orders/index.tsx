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
import type { OrderSummary } from '../../../shared/api'
import { courseOrderStatusNames } from '../../../shared/course/names'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import '../training.scss'

type OrdersTab = 'to_decide' | 'all' | 'mine'

const toneOf = (status: OrderSummary['status']) => (status === 'requested' ? 'wait' : status === 'accepted' || status === 'delivered' ? 'good' : 'plain')

function OrderRow({ item }: { item: OrderSummary }) {
  return (
    <View className='training-card' onClick={() => void openPage(withQuery(routes.trainingOrder, { id: item.id }))}>
      <View className='training-card__head'>
        <Text className='training-card__title'>{item.course.title}</Text>
        <Text className={`training-tag training-tag--${toneOf(item.status)}`}>{courseOrderStatusNames[item.status]}</Text>
      </View>
      <Text className='training-card__fact'>点单单位：{item.branch.name}</Text>
      <Text className='training-card__fact'>
        参训 {item.headcount} 人 · 期望 {item.preferredDates.map((d) => d.slice(5).replace('-', '月') + '日').join('、')}
      </Text>
      <Text className='training-card__note'>
        {dateText(item.createdAt)} 提交{item.sessionCount > 0 ? ` · 已排 ${item.sessionCount} 场` : ''}
      </Text>
    </View>
  )
}

/** 点单送课: an enterprise union's orders; for the county union (course editors, admins) the orders to accept and schedule. */
export default function TrainingOrdersPage() {
  const me = useResource('me', () => api.auth.me())
  const grants = me.data?.grants ?? []
  const decides = grants.some((g) => (g.role === 'course_editor' || g.role === 'admin') && g.branch.level <= 2)
  const orders = grants.some((g) => g.role === 'admin' && g.branch.level === 4)
  const tabs = [
    ...(decides ? [{ value: 'to_decide' as const, title: '待受理' }, { value: 'all' as const, title: '全部' }] : []),
    ...(orders ? [{ value: 'mine' as const, title: '本单位点单' }] : []),
  ]
  const [chosen, setChosen] = useState<OrdersTab | null>(null)
  const tab = chosen ?? tabs[0]?.value ?? null
  const list = usePagedList(
    `training-orders:${tab}`,
    (cursor) =>
      tab === 'mine'
        ? api.course.orders({ role: 'mine', cursor, limit: 20 })
        : api.course.orders({ role: 'to_decide', status: tab === 'to_decide' ? 'requested' : undefined, cursor, limit: 20 }),
    { enabled: tab !== null },
  )
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  if (me.error) {
    return (
      <PageShell className='training-orders'>
        <LoadFailure error={me.error} onRetry={() => void me.reload()} />
      </PageShell>
    )
  }
  if (!me.data) {
    return (
      <PageShell className='training-orders'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (tab === null) {
    return (
      <PageShell className='training-orders'>
        <PageState kind='empty' message='点单送课由企业工会管理员点单、区县总工会受理' />
      </PageShell>
    )
  }
  return (
    <PageShell className='training-orders'>
      {tabs.length > 1 && <FilterTabs tabs={tabs} value={tab} onChange={setChosen} />}
      {tab === 'mine' && (
        <View className='training-footer'>
          <Text className='training-card__note'>在课程详情页点「企业点单」，为本单位职工预约线下送课。</Text>
        </View>
      )}
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={tab === 'to_decide' ? '没有待受理的点单' : '暂无点单'} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <OrderRow key={item.id} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
      {decides && (
        <View className='training-footer'>
          <Text className='session-link' onClick={() => void openPage(routes.trainingSessions)}>
            查看已安排的培训场次 ›
          </Text>
        </View>
      )}
    </PageShell>
  )
}
