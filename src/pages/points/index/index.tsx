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
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { ActionInput } from '../../../shared/api'
import { dateText } from '../../../utils/time'
import { CheckInPanel } from './check-in-panel'
import { LedgerRow } from './ledger-row'
import { openPage } from '../../../utils/navigate'
import './index.scss'

type Filter = NonNullable<ActionInput<'points', 'history'>['filter']>

const tabs: { value: Filter; title: string }[] = [
  { value: 'all', title: '全部' },
  { value: 'earned', title: '获得' },
  { value: 'spent', title: '使用' },
  { value: 'expired', title: '过期' },
]

const emptyText: Record<Filter, string> = {
  all: '还没有积分记录，签到即可获得积分',
  earned: '暂无获得记录',
  spent: '暂无使用记录',
  expired: '暂无过期记录',
}

export default function PointsPage() {
  const [filter, setFilter] = useState<Filter>('all')
  const summary = useResource('summary', () => api.points.summary())
  const history = usePagedList(`history:${filter}`, (cursor) => api.points.history({ filter, cursor }), {
    enabled: summary.status === 'ready',
  })

  usePullToRefresh(() => Promise.all([summary.reload(), history.reload()]))
  useReachBottom(() => void history.loadMore())

  const checkIn = useAction(async () => {
    const result = await api.points.checkIn()
    summary.setData((s) => ({ ...s, balance: result.balance, checkIn: { ...s.checkIn, checkedInToday: true, streak: result.streak } }))
    const earned = result.bonus > 0 ? `+${result.awarded}，连签奖励 +${result.bonus}` : `+${result.awarded} 积分`
    // A resend (or another device) got there first: the same day's result, nothing added twice.
    const title = result.alreadyCheckedIn ? `今天已签到（${earned}）` : `签到成功 ${earned}`
    void Taro.showToast({ title, icon: 'none', duration: 2500 })
    // The summary knows when the next bonus comes; the ledger has the new entry.
    void summary.reload()
    void history.reload()
  })


  if (!summary.data) {
    return (
      <PageShell className='points-page'>
        {summary.error ? (
          <LoadFailure error={summary.error} onRetry={() => void summary.reload()} />
        ) : (
          <PageState kind='loading' />
        )}
      </PageShell>
    )
  }

  const { balance, expiring } = summary.data
  return (
    <PageShell className='points-page'>
      <View className='points-card'>
        <Text className='points-card__label'>当前积分</Text>
        <Text className='points-card__balance'>{balance}</Text>
        {expiring.points > 0 && (
          <Text className='points-card__expiring'>
            {expiring.points} 积分将于 {dateText(expiring.at)} 过期
          </Text>
        )}
        <Button className='points-card__mall' onClick={() => void openPage(routes.mall)}>
          去积分商城兑换 ›
        </Button>
      </View>

      <CheckInPanel checkIn={summary.data.checkIn} busy={checkIn.busy} onCheckIn={() => void checkIn.run()} />

      <View className='points-page__section'>
        <Text>积分明细</Text>
      </View>
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      {history.status === 'loading' && <PageState kind='loading' />}
      {history.failure && <LoadFailure error={history.failure} onRetry={() => void history.reload()} />}
      {history.status === 'ready' && history.items.length === 0 && <PageState kind='empty' message={emptyText[filter]} />}
      {history.status === 'ready' && history.items.length > 0 && (
        <View className='points-page__ledger'>
          {history.items.map((entry) => (
            <LedgerRow key={entry.id} entry={entry} />
          ))}
          <ListFooter
            loadingMore={history.loadingMore}
            hasMore={history.hasMore}
            moreError={history.moreError}
            onLoadMore={() => void history.loadMore()}
          />
        </View>
      )}
    </PageShell>
  )
}
