import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { AskerView, QueueItem } from '../../../shared/api'
import { queueFilterNames } from '../../../shared/legal/ask-rules'
import type { QueueFilter } from '../../../shared/legal/ask-rules'
import { escalationStepNames, legalCategoryNames } from '../../../shared/legal/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { monthDayTimeText } from '../../../utils/time'
import './index.scss'

const emptyText: Record<QueueFilter, string> = {
  unclaimed: '暂无待认领的咨询',
  mine: '您没有正在处理的咨询',
  all: '暂无进行中的咨询',
  overdue: '暂无超时未回复的咨询',
}

function askerText(asker: AskerView): string {
  return asker.anonymous ? `匿名职工 · ${asker.county}` : `${asker.name} · ${asker.enterprise}`
}

function QueueRow({ item, canClaim, claiming, onClaim }: { item: QueueItem; canClaim: boolean; claiming: boolean; onClaim: () => void }) {
  return (
    <View className={cx('legal-queue__row', item.overdue && 'legal-queue__row--overdue')} onClick={() => void openPage(withQuery(routes.legalQuestion, { id: item.id }))}>
      <View className='legal-queue__head'>
        <Text className='legal-queue__title'>{item.title}</Text>
        {item.overdue && <Text className='legal-queue__overdue'>已超时</Text>}
      </View>
      <Text className='legal-queue__excerpt'>{item.excerpt}</Text>
      <View className='legal-queue__facts'>
        <Text>
          {legalCategoryNames[item.category]} · {askerText(item.asker)}
        </Text>
        <Text>
          {monthDayTimeText(item.askedAt)} 提问 · {item.answered ? '已首次回复' : `${monthDayTimeText(item.dueAt)} 前应首次回复`}
          {item.escalationStep > 0 ? ` · ${escalationStepNames[item.escalationStep]}` : ''}
        </Text>
        <Text>
          {item.queue.name}队列 · {item.lawyer ? (item.mine ? '我在处理' : `${item.lawyer.name}处理中`) : '待认领'}
          {item.lawyer && item.awaiting === 'lawyer' ? ' · 待律师回复' : ''}
        </Text>
      </View>
      {canClaim && !item.lawyer && (
        <Button
          className='legal-queue__claim'
          type='primary'
          size='small'
          loading={claiming}
          disabled={claiming}
          onClick={(e) => {
            e.stopPropagation()
            onClaim()
          }}
        >
          认领
        </Button>
      )}
    </View>
  )
}

/**
 * 律师工作台 / 法律服务: the open questions of the caller's queues, oldest first; overdue ones
 * red. Lawyers claim from here; legal_admins see their subtree and reach the duty roster.
 */
export default function LegalQueuePage() {
  const me = useResource('me', () => api.auth.me())
  const roles = me.data?.grants.map((g) => g.role) ?? []
  const isLawyer = roles.includes('lawyer')
  const isAdmin = roles.includes('legal_admin')
  const tabs = (['unclaimed', 'mine', 'all', 'overdue'] as const)
    .filter((f) => f !== 'mine' || isLawyer)
    .map((f) => ({ value: f, title: queueFilterNames[f] }))
  const [filter, setFilter] = useState<QueueFilter>('unclaimed')
  const list = usePagedList(`legal-queue:${filter}`, (cursor) => api.legal.lawyerQueue({ filter, cursor }))
  const [claiming, setClaiming] = useState<number | null>(null)

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  const claim = async (item: QueueItem) => {
    if (claiming !== null) return
    setClaiming(item.id)
    try {
      await api.legal.claimQuestion({ questionId: item.id })
      void Taro.showToast({ title: '认领成功', icon: 'success' })
      void openPage(withQuery(routes.legalQuestion, { id: item.id }))
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
      // Taken by a colleague meanwhile: the row no longer belongs in 待认领.
      if (error instanceof ApiCallError && error.code === 'LEGAL_ALREADY_CLAIMED') list.setItems((items) => items.filter((i) => i.id !== item.id))
    } finally {
      setClaiming(null)
    }
  }

  return (
    <PageShell className='legal-queue'>
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      <View className='legal-queue__bar'>
        <Text className='legal-queue__rule'>按提问时间先后排列；超过首次回复时限的标红</Text>
        {isAdmin && (
          <Text className='legal-queue__roster' onClick={() => void openPage(routes.legalRoster)}>
            值班表 ›
          </Text>
        )}
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[filter]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <QueueRow key={item.id} item={item} canClaim={isLawyer} claiming={claiming === item.id} onClaim={() => void claim(item)} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
