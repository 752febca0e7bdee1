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
import { caseKindNames, caseOutcomeNames, caseStatusNames, legalCategoryNames } from '../../../shared/legal/names'
import type { CaseStatus, CaseSummary } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import { askerText } from './asker-text'
import './index.scss'

type Tab = CaseStatus | 'all'

const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'submitted', title: '待受理' },
  { value: 'accepted', title: '已受理' },
  { value: 'in_progress', title: '处理中' },
  { value: 'closed', title: '已结案' },
  { value: 'all', title: '全部' },
]

const emptyText: Record<Tab, string> = {
  submitted: '暂无待受理的案件',
  accepted: '暂无已受理的案件',
  in_progress: '暂无处理中的案件',
  closed: '暂无已结案的案件',
  all: '暂无转交的案件',
}

function CaseRow({ item }: { item: CaseSummary }) {
  return (
    <View className={cx('case-row', `case-row--${item.status}`)} onClick={() => void openPage(withQuery(routes.legalCase, { id: item.id }))}>
      <View className='case-row__head'>
        <Text className='case-row__kind'>{caseKindNames[item.kind]}</Text>
        <Text className={cx('case-row__status', `case-row__status--${item.status}`)}>
          {caseStatusNames[item.status]}
          {item.outcome ? ` · ${caseOutcomeNames[item.outcome]}` : ''}
        </Text>
      </View>
      <Text className='case-row__title'>{item.title}</Text>
      <View className='case-row__facts'>
        <Text>
          {legalCategoryNames[item.category]} · {askerText(item.asker)}
        </Text>
        <Text>
          {item.county} · {dateText(item.createdAt)} 转交
          {item.contactConsented ? ' · 已同意提供联系方式' : ''}
        </Text>
      </View>
    </View>
  )
}

/**
 * 援助与调解案件 (legal_admin): the hand-offs of the counties in the caller's scope, newest first,
 * by status; 待受理 first because that is what needs doing.
 */
export default function LegalCasesPage() {
  const [tab, setTab] = useState<Tab>('submitted')
  const list = usePagedList(`legal-cases:${tab}`, (cursor) => api.legal.cases({ status: tab === 'all' ? null : tab, cursor }))

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='legal-cases'>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[tab]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <CaseRow key={item.id} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
