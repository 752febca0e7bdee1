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
import type { DatingReportItem } from '../../../shared/api'
import { reportReasonNames, reportStatusNames } from '../../../shared/dating/names'
import { reportQueueStatusNames, reportQueueStatuses } from '../../../shared/dating/review-names'
import type { ReportQueueStatus } from '../../../shared/dating/review-names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateTimeText } from '../../../utils/time'
import { memberFactsText } from '../member-facts'
import './index.scss'

const tabs = reportQueueStatuses.map((value) => ({ value, title: reportQueueStatusNames[value] }))

function ReportRow({ item }: { item: DatingReportItem }) {
  const t = item.target
  return (
    <View className={cx('report-row', item.targetReports > 1 && 'report-row--repeat')} onClick={() => void openPage(withQuery(routes.matchmakerReport, { id: item.reportId }))}>
      <View className='report-row__head'>
        <Text className='report-row__reason'>{reportReasonNames[item.reason]}</Text>
        <Text className='report-row__target'>
          {t ? `被举报：${t.nickname} · ${memberFactsText(t)}` : '被举报的会员已注销资料'}
        </Text>
        <Text className={cx('report-row__status', `report-row__status--${item.status}`)}>{reportStatusNames[item.status]}</Text>
      </View>
      {item.detail && <Text className='report-row__detail'>{item.detail}</Text>}
      <Text className='report-row__meta'>
        {dateTimeText(item.createdAt)}
        {item.targetReports > 1 ? ` · 共被举报 ${item.targetReports} 次` : ''}
        {item.withMatch ? ' · 附聊天记录' : ''}
      </Text>
    </View>
  )
}

/** 举报处理: open reports about the matchmaker's members, oldest first; handled ones newest first. */
export default function MatchmakerReportsPage() {
  const [status, setStatus] = useState<ReportQueueStatus>('open')
  const list = usePagedList(`matchmaker-reports:${status}`, (cursor) => api.dating.reportQueue({ status, cursor }))
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='matchmaker-reports'>
      <FilterTabs tabs={tabs} value={status} onChange={setStatus} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={status === 'open' ? '暂无待处理的举报' : '暂无已处理的举报'} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <ReportRow key={item.reportId} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
