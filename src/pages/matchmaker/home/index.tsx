import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import { openPage } from '../../../utils/navigate'
import './index.scss'

interface Entry {
  key: string
  title: string
  note: string
  url: string
  count?: number
}

/** 红娘工作台: what waits (profiles to review, reports to handle) and the other matchmaker tools. */
export default function MatchmakerHomePage() {
  const summary = useResource('matchmaker-summary', () => api.dating.matchmakerSummary({}))
  usePullToRefresh(() => summary.reload())
  useRefreshOnReturn(() => void summary.reload())

  if (!summary.data) {
    return (
      <PageShell className='matchmaker-home'>
        {summary.error ? <LoadFailure error={summary.error} onRetry={() => void summary.reload()} /> : <PageState kind='loading' />}
      </PageShell>
    )
  }
  const entries: Entry[] = [
    { key: 'reviews', title: '资料审核', note: '新加入和修改过的资料，通过后才对其他会员展示', url: routes.matchmakerReviews, count: summary.data.pendingRevisions },
    { key: 'reports', title: '举报处理', note: '会员的举报：警告、暂停使用或关闭资料', url: routes.matchmakerReports, count: summary.data.openReports },
    { key: 'events', title: '联谊活动', note: '发布活动、审核报名、现场签到', url: routes.matchmakerEvents },
    { key: 'figures', title: '鹊桥会统计', note: '各县（市、区）的会员、资料、配对与活动', url: routes.matchmakerFigures },
    { key: 'words', title: '敏感词', note: '资料文字先按此词表检查，命中的不能提交', url: routes.matchmakerWords },
  ]
  return (
    <PageShell className='matchmaker-home'>
      <View className='matchmaker-home__counts'>
        <View className='matchmaker-home__count' onClick={() => void openPage(routes.matchmakerReviews)}>
          <Text className='matchmaker-home__number'>{summary.data.pendingRevisions}</Text>
          <Text className='matchmaker-home__label'>待审资料</Text>
        </View>
        <View className='matchmaker-home__count' onClick={() => void openPage(routes.matchmakerReports)}>
          <Text className='matchmaker-home__number'>{summary.data.openReports}</Text>
          <Text className='matchmaker-home__label'>待处理举报</Text>
        </View>
      </View>
      {entries.map((entry) => (
        <View key={entry.key} className={`matchmaker-home__entry matchmaker-home__entry--${entry.key}`} onClick={() => void openPage(entry.url)}>
          <View className='matchmaker-home__entry-text'>
            <Text className='matchmaker-home__entry-title'>{entry.title}</Text>
            <Text className='matchmaker-home__entry-note'>{entry.note}</Text>
          </View>
          {entry.count ? <Text className='matchmaker-home__badge'>{entry.count > 99 ? '99+' : entry.count}</Text> : null}
          <Text className='matchmaker-home__arrow'>›</Text>
        </View>
      ))}
    </PageShell>
  )
}
