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
import type { MallItem } from '../../../shared/api'
import { ItemCard } from './item-card'
import { openPage } from '../../../utils/navigate'
import './index.scss'

const allTab = 'all'

export default function MallPage() {
  const [tab, setTab] = useState(allTab)
  const categories = useResource('categories', () => api.mall.categories())
  const summary = useResource('summary', () => api.points.summary())
  const categoryId = tab === allTab ? null : Number(tab)
  const items = usePagedList(`items:${tab}`, (cursor) => api.mall.items({ categoryId, cursor }))

  // Back from a redemption: the balance and the stock have moved.
  useRefreshOnReturn(() => void Promise.all([summary.reload(), items.reload()]))
  usePullToRefresh(() => Promise.all([categories.reload(), summary.reload(), items.reload()]))
  useReachBottom(() => void items.loadMore())

  const open = (item: MallItem) => void openPage(withQuery(routes.mallItem, { id: item.id }))
  const tabs = [{ value: allTab, title: '全部' }, ...(categories.data ?? []).map((c) => ({ value: String(c.id), title: c.name }))]

  // Members only: a non-member gets the way to join rather than an empty shop.
  if (summary.error?.notMember) {
    return (
      <PageShell className='mall-page'>
        <LoadFailure error={summary.error} onRetry={() => void summary.reload()} />
      </PageShell>
    )
  }

  return (
    <PageShell className='mall-page'>
      <View className='mall-page__bar'>
        <View className='mall-page__balance' onClick={() => void openPage(routes.points)}>
          <Text className='mall-page__balance-label'>我的积分</Text>
          <Text className='mall-page__balance-value'>{summary.data ? summary.data.balance : '—'}</Text>
        </View>
        <Text className='mall-page__orders' onClick={() => void openPage(routes.mallOrders)}>
          我的订单 ›
        </Text>
      </View>
      {categories.status === 'error' && categories.error ? (
        <LoadFailure error={categories.error} onRetry={() => void categories.reload()} />
      ) : (
        <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      )}
      {items.status === 'loading' && <PageState kind='loading' />}
      {items.failure && <LoadFailure error={items.failure} onRetry={() => void items.reload()} />}
      {items.status === 'ready' && items.items.length === 0 && <PageState kind='empty' message='这个分类暂时没有可兑换的商品' />}
      {items.status === 'ready' && items.items.length > 0 && (
        <>
          <View className='mall-page__grid'>
            {items.items.map((item) => (
              <ItemCard key={item.id} item={item} onOpen={open} />
            ))}
          </View>
          <ListFooter loadingMore={items.loadingMore} hasMore={items.hasMore} moreError={items.moreError} onLoadMore={() => void items.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
