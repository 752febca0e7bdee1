import { Text, View } from '@tarojs/components'
import { useReachBottom, useRouter } from '@tarojs/taro'
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
import { claimStatuses, claimTypes } from '../../../shared/aid/claim-types'
import { formatFen } from '../../../shared/aid/money'
import { reviewDueWorkingDays } from '../../../shared/aid/review-rules'
import type { ReviewQueueFilter, ReviewQueueItem } from '../../../shared/api'
import { reviewQueueFilters } from '../../../shared/aid/review-rules'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import './index.scss'

const reviewerTabs = [
  { value: 'all', title: '全部待办' },
  { value: 'unassigned', title: '待受理' },
  { value: 'mine', title: '我在审' },
  { value: 'second_review', title: '待复核' },
] as const
const payTab = { value: 'to_pay', title: '待支付' } as const

const emptyText: Record<ReviewQueueFilter, string> = {
  all: '暂无待审核的互助申请',
  unassigned: '暂无待受理的申请',
  mine: '您没有正在审核的申请',
  second_review: '暂无待复核的申请',
  to_pay: '暂无待登记支付的申请',
}

const holderText = { me: '我在审', other: '他人在审' } as const

function QueueRow({ item }: { item: ReviewQueueItem }) {
  return (
    <View
      className={cx('queue-row', item.overdue && 'queue-row--overdue')}
      onClick={() => void openPage(withQuery(routes.aidReview, { id: item.claimId }))}
    >
      <View className='queue-row__head'>
        <Text className='queue-row__name'>{item.memberName}</Text>
        <Text className='queue-row__type'>{claimTypes[item.claimType].label}</Text>
        <Text className={cx('queue-row__status', `queue-row__status--${item.status}`)}>{claimStatuses[item.status]}</Text>
      </View>
      <View className='queue-row__facts'>
        <Text>{item.branch.fullName}</Text>
        <Text>
          可报销 {formatFen(item.eligibleFen)} 元 · 计算 {formatFen(item.computedFen ?? 0)} 元
          {item.approvedFen !== null ? ` · 初审核定 ${formatFen(item.approvedFen)} 元` : ''}
        </Text>
        <Text>
          {dateText(item.submittedAt)} 提交 · 已 {item.workingDaysOpen} 个工作日
          {item.holder ? ` · ${holderText[item.holder]}` : ''}
        </Text>
      </View>
      {item.overdue && <Text className='queue-row__overdue'>已超期</Text>}
    </View>
  )
}

/**
 * 互助审核: open claims in the reviewer's scope, oldest submission first; for an aid_admin (opened
 * with `filter=to_pay`) the approved claims waiting for their transfer.
 */
export default function ReviewQueuePage() {
  const opened = useRouter().params.filter
  const [filter, setFilter] = useState<ReviewQueueFilter>(reviewQueueFilters.find((f) => f === opened) ?? 'all')
  const me = useResource('me', () => api.auth.me())
  const roles = me.data?.grants.map((g) => g.role) ?? []
  const tabs = [...(roles.includes('claim_reviewer') ? reviewerTabs : []), ...(roles.includes('aid_admin') ? [payTab] : [])]
  const list = usePagedList(`aid-review:${filter}`, (cursor) => api.aid.reviewQueue({ filter, cursor }))

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='review-queue'>
      {tabs.length > 1 && <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />}
      <Text className='review-queue__rule'>按提交时间先后排列；提交超过 {reviewDueWorkingDays} 个工作日仍未办结的标为「已超期」</Text>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[filter]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <QueueRow key={item.claimId} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
