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
import { routes, withQuery } from '../../../routes'
import type { MyQuestionSummary } from '../../../shared/api'
import { legalCategoryNames, questionStatusNames } from '../../../shared/legal/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { relativeTimeText } from '../../../utils/time'
import { MyQuestionsExport } from './my-questions-export'
import './index.scss'

/** Where the question stands, in the member's words. */
function progressText(q: MyQuestionSummary): string {
  if (q.status !== 'open') return q.rated ? '已评价' : '可评价'
  if (q.awaiting === 'member') return '律师已回复，待您查看'
  if (q.firstResponseAt) return '等待律师回复'
  return q.claimed ? '律师已接单，请等待回复' : '等待值班律师接单'
}

/** 我的咨询: the member's own questions, newest first. */
export default function LegalMinePage() {
  const list = usePagedList('legal-mine', (cursor) => api.legal.myQuestions({ cursor }))
  // Back from a thread that was answered, resolved or rated, or from asking a new one.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const askNew = () => void openPage(routes.legalAsk)

  return (
    <PageShell className='legal-mine'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message='还没有法律咨询。遇到劳动纠纷，可以向工会律师免费咨询。' action={{ text: '我要咨询', onClick: askNew }} />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <Button className='legal-mine__new' type='primary' block onClick={askNew}>
            我要咨询
          </Button>
          {list.items.map((q) => (
            <View
              key={q.id}
              className={cx('legal-mine__row', q.status === 'open' && q.awaiting === 'member' && 'legal-mine__row--answered')}
              onClick={() => void openPage(withQuery(routes.legalQuestion, { id: q.id }))}
            >
              <View className='legal-mine__head'>
                <Text className='legal-mine__title'>{q.title}</Text>
                <Text className={`legal-mine__status legal-mine__status--${q.status}`}>{questionStatusNames[q.status]}</Text>
              </View>
              <Text className='legal-mine__meta'>
                {legalCategoryNames[q.category]}
                {q.anonymous ? ' · 匿名' : ''} · {relativeTimeText(q.askedAt)}提问
              </Text>
              <Text className='legal-mine__progress'>{progressText(q)}</Text>
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
          <MyQuestionsExport />
        </>
      )}
    </PageShell>
  )
}
