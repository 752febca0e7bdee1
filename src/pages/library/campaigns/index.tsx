import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { CampaignSummary } from '../../../shared/api'
import { campaignStatusNames } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { goalText, phaseNames, windowText } from './campaign-facts'
import './index.scss'

function CampaignRow({ item }: { item: CampaignSummary }) {
  // Staff see drafts and cancelled ones too: their status says so; members see the phase.
  const tag = item.status === 'published' ? phaseNames[item.phase] : campaignStatusNames[item.status]
  return (
    <View className={cx('campaign-row', `campaign-row--${item.status === 'published' ? item.phase : item.status}`)} onClick={() => void openPage(withQuery(routes.libraryCampaign, { id: item.id }))}>
      <View className='campaign-row__head'>
        <Text className='campaign-row__title'>{item.title}</Text>
        <Text className='campaign-row__tag'>{tag}</Text>
      </View>
      <Text className='campaign-row__fact'>{item.branch.name}</Text>
      <Text className='campaign-row__fact'>{windowText(item)}</Text>
      <Text className='campaign-row__fact'>
        目标：{goalText(item)}
        {item.rewardPoints > 0 ? ` · 达标奖励 ${item.rewardPoints} 积分` : ''}
      </Text>
      <View className='campaign-row__foot'>
        <Text>{item.joinedCount} 人参加</Text>
        {item.joined && <Text className='campaign-row__joined'>已参加</Text>}
      </View>
    </View>
  )
}

/** 读书活动: the campaigns of the member's branch and above; branch admins also theirs in any status. */
export default function LibraryCampaignsPage() {
  const list = usePagedList('library-campaigns', (cursor) => api.library.campaigns({ cursor, limit: 20 }))
  const me = useResource('me', () => api.auth.me())
  const isAdmin = me.data?.grants.some((g) => g.role === 'admin') ?? false

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='library-campaigns'>
      {isAdmin && (
        <Button className='library-campaigns__new' type='primary' block onClick={() => void openPage(routes.libraryCampaignEdit)}>
          发起读书活动
        </Button>
      )}
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='暂时没有读书活动' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <CampaignRow key={item.id} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
