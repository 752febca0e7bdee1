import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { AdminNav } from '../admin-nav'
import './index.scss'

export default function MallStatsPage() {
  const stats = useResource('stats', () => api.mall.stats())
  usePullToRefresh(() => stats.reload())

  let body
  if (!stats.data) {
    body = stats.error ? <LoadFailure error={stats.error} onRetry={() => void stats.reload()} /> : <PageState kind='loading' />
  } else {
    const { items, branches } = stats.data
    const totalOrders = items.reduce((sum, i) => sum + i.orders, 0)
    const totalPoints = items.reduce((sum, i) => sum + i.points, 0)
    body = (
      <>
        <View className='stats-page__totals'>
          <View className='stats-page__total'>
            <Text className='stats-page__figure'>{totalOrders}</Text>
            <Text className='stats-page__caption'>有效订单</Text>
          </View>
          <View className='stats-page__total'>
            <Text className='stats-page__figure'>{totalPoints}</Text>
            <Text className='stats-page__caption'>消耗积分</Text>
          </View>
        </View>
        <Text className='stats-page__note'>不含已取消的订单</Text>

        <View className='stats-page__section'>
          <Text>按商品</Text>
        </View>
        {items.length === 0 ? (
          <PageState kind='empty' message='还没有商品' />
        ) : (
          <View className='stats-table'>
            {items.map((i) => (
              <View key={i.itemId} className='stats-table__row'>
                <Text className='stats-table__name'>{i.title}</Text>
                <Text className='stats-table__figures'>
                  {i.orders} 单 · {i.quantity} 件 · {i.points} 积分
                </Text>
              </View>
            ))}
          </View>
        )}

        <View className='stats-page__section'>
          <Text>按单位</Text>
        </View>
        {branches.length === 0 ? (
          <PageState kind='empty' message='还没有会员兑换' />
        ) : (
          <View className='stats-table'>
            {branches.map((b) => (
              <View key={b.branch.id} className='stats-table__row'>
                <Text className='stats-table__name'>{b.branch.name}</Text>
                <Text className='stats-table__figures'>
                  {b.orders} 单 · {b.points} 积分
                </Text>
              </View>
            ))}
          </View>
        )}
      </>
    )
  }

  return (
    <PageShell className='stats-page'>
      <AdminNav current='stats' />
      {body}
    </PageShell>
  )
}
