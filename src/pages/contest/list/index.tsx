import { Button } from '@nutui/nutui-react-taro'
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
import type { ContestSummary } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { contestTag, windowText } from '../contest-facts'
import './index.scss'

type Tab = 'running' | 'upcoming' | 'ended' | 'manage'
const memberTabs: readonly { value: Tab; title: string }[] = [
  { value: 'running', title: '进行中' },
  { value: 'upcoming', title: '未开始' },
  { value: 'ended', title: '已结束' },
]

function ContestRow({ item }: { item: ContestSummary }) {
  const tag = contestTag(item)
  return (
    <View className={cx('contest-row', `contest-row--${tag.tone}`)} onClick={() => void openPage(withQuery(routes.contestDetail, { id: item.id }))}>
      <View className='contest-row__head'>
        <Text className='contest-row__title'>{item.title}</Text>
        <Text className='contest-row__tag'>{tag.text}</Text>
      </View>
      <Text className='contest-row__fact'>{item.branch.name}</Text>
      <Text className='contest-row__fact'>{windowText(item)}</Text>
      <Text className='contest-row__fact'>
        共 {item.roundCount} 轮 · {item.participantCount} 人参赛
      </Text>
    </View>
  )
}

/** 答题竞赛: contests of the member's branch and above by phase; course editors also manage theirs. */
export default function ContestListPage() {
  const me = useResource('me', () => api.auth.me())
  const isEditor = me.data?.grants.some((g) => g.role === 'course_editor') ?? false
  const isMember = me.data ? me.data.member !== null : true
  const [tab, setTab] = useState<Tab>('running')
  const shown: Tab = !isMember && isEditor ? 'manage' : tab
  const list = usePagedList(
    `contests:${shown}`,
    (cursor) => (shown === 'manage' ? api.quiz.manageContests({ cursor, limit: 20 }) : api.quiz.contests({ phase: shown, cursor, limit: 20 })),
    { enabled: me.data !== undefined },
  )
  const tabs = [...(isMember ? memberTabs : []), ...(isEditor ? [{ value: 'manage' as const, title: '我管理的' }] : [])]

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='contest-list'>
      {isEditor && (
        <Button className='contest-list__new' type='primary' block onClick={() => void openPage(routes.contestEdit)}>
          发起答题竞赛
        </Button>
      )}
      {tabs.length > 1 && <FilterTabs tabs={tabs} value={shown} onChange={setTab} />}
      {me.error && <LoadFailure error={me.error} onRetry={() => void me.reload()} />}
      {(list.status === 'loading' || !me.data) && !me.error && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={shown === 'manage' ? '还没有发起过答题竞赛' : '暂时没有答题竞赛'} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <ContestRow key={item.id} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
