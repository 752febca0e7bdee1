import { View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { OrderSummary } from '../../../components/order-summary'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { OrderStatus } from '../../../shared/api'
import { orderStatusNames } from '../../../utils/mall-labels'
import { openPage, redirectPage } from '../../../utils/navigate'
import './index.scss'

type Filter = OrderStatus | 'all'

const tabs: { value: Filter; title: string }[] = [
  { value: 'all', title: '全部' },
  ...(['pending_pickup', 'pending_shipment', 'shipped', 'completed', 'cancelled'] as const).map((s) => ({
    value: s,
    title: orderStatusNames[s],
  })),
]

export default function MyOrdersPage() {
  const [status, setStatus] = useState<Filter>('all')
  const list = usePagedList(`orders:${status}`, (cursor) => api.mall.myOrders({ status, cursor }))

  // Back from an order that was cancelled or picked up meanwhile.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='my-orders'>
      <FilterTabs tabs={tabs} value={status} onChange={setStatus} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState
          kind='empty'
          message={status === 'all' ? '还没有兑换记录' : `没有${orderStatusNames[status]}的订单`}
          action={status === 'all' ? { text: '去积分商城', onClick: () => void redirectPage(routes.mall) } : undefined}
        />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((order) => (
            <View key={order.id} className='my-orders__row'>
              <OrderSummary order={order} onClick={() => void openPage(withQuery(routes.mallOrder, { id: order.id }))} />
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
