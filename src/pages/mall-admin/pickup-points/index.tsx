import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { ManagedPickupPoint } from '../../../shared/api'
import { pickupPointLines } from '../../../utils/mall-labels'
import { AdminNav } from '../admin-nav'
import { PointForm } from './point-form'
import './index.scss'

type Filter = 'live' | 'all'

const tabs: { value: Filter; title: string }[] = [
  { value: 'live', title: '在用' },
  { value: 'all', title: '全部（含已停用）' },
]

export default function PickupPointsPage() {
  const [filter, setFilter] = useState<Filter>('live')
  const list = usePagedList(`pickup-points:${filter}`, (cursor) => api.mall.pickupPoints({ includeRetired: filter === 'all', cursor }))
  const [editing, setEditing] = useState<{ point: ManagedPickupPoint | null } | null>(null)

  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const saved = (point: ManagedPickupPoint) => {
    const known = list.items.some((p) => p.id === point.id)
    list.setItems((items) => (known ? items.map((p) => (p.id === point.id ? point : p)) : [point, ...items]))
    setEditing(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
  }

  const retire = useAction(async (point: ManagedPickupPoint) => {
    const { confirm } = await Taro.showModal({
      title: '停用自提点',
      content: `停用「${point.name}」后，新商品不能再选它；已完成的订单仍显示该地址。确定停用吗？`,
      confirmText: '停用',
      cancelText: '取消',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    const retired = await api.mall.retirePickupPoint({ id: point.id })
    list.setItems((items) => (filter === 'live' ? items.filter((p) => p.id !== retired.id) : items.map((p) => (p.id === retired.id ? retired : p))))
    void Taro.showToast({ title: '已停用', icon: 'none' })
  })

  return (
    <PageShell className='pickup-points'>
      <AdminNav current='pickupPoints' />
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      <View className='pickup-points__bar'>
        <Button className='pickup-points__create' type='primary' block onClick={() => setEditing({ point: null })}>
          新增自提点
        </Button>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='还没有自提点，点击上方「新增自提点」添加' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((point) => (
            <View key={point.id} className={`pickup-point-row${point.retired ? ' pickup-point-row--retired' : ''}`}>
              <View className='pickup-point-row__head'>
                <Text className='pickup-point-row__name'>{point.name}</Text>
                {point.retired && <Text className='pickup-point-row__tag'>已停用</Text>}
              </View>
              <Text className='pickup-point-row__branch'>负责组织：{point.branch.name}</Text>
              {pickupPointLines(point)
                .filter((line) => line.label !== '自提点')
                .map((line) => (
                  <Text key={line.label} className='pickup-point-row__line'>
                    {line.label}：{line.value}
                  </Text>
                ))}
              {!point.retired && (
                <View className='pickup-point-row__actions'>
                  <Button className='pickup-point-row__retire' size='small' disabled={retire.busy} onClick={() => void retire.run(point)}>
                    停用
                  </Button>
                  <Button className='pickup-point-row__edit' size='small' type='primary' onClick={() => setEditing({ point })}>
                    编辑
                  </Button>
                </View>
              )}
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
      <PointForm point={editing?.point ?? null} visible={editing !== null} onClose={() => setEditing(null)} onSaved={saved} />
    </PageShell>
  )
}
