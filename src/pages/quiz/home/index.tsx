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
import type { PagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { AttemptSummary, MemberQuizSummary } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { AttemptRow, QuizRow } from '../quiz-rows'
import './index.scss'

type Tab = 'quizzes' | 'attempts'
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'quizzes', title: '可参加的测验' },
  { value: 'attempts', title: '我的答题记录' },
]

function openAttempt(attempt: AttemptSummary) {
  void openPage(withQuery(attempt.status === 'in_progress' ? routes.quizTake : routes.quizResult, { attemptId: attempt.attemptId }))
}

function Footer<T>({ list }: { list: PagedList<T> }) {
  return <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
}

/** 答题练习: the practice and graded quizzes of the member's branch and above, and the member's attempts. */
export default function QuizHomePage() {
  const [tab, setTab] = useState<Tab>('quizzes')
  const quizzes = usePagedList<MemberQuizSummary>('quiz-open', (cursor) => api.quiz.openQuizzes({ cursor, limit: 20 }))
  const attempts = usePagedList<AttemptSummary>('quiz-mine', (cursor) => api.quiz.myAttempts({ cursor, limit: 20 }), { enabled: tab === 'attempts' })
  const list = tab === 'quizzes' ? quizzes : attempts

  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='quiz-home'>
      <View className='quiz-home__banner'>
        <Text className='quiz-home__banner-title'>答题练习</Text>
        <Text className='quiz-home__banner-text'>学党史、知工会，随时练一练。交卷后可查看每题的正确答案和解析。</Text>
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {tab === 'quizzes' && quizzes.status === 'ready' && (
        <>
          {quizzes.items.length === 0 && <PageState kind='empty' message='暂时没有可参加的测验' />}
          {quizzes.items.map((quiz) => (
            <QuizRow key={quiz.id} quiz={quiz} onClick={() => void openPage(withQuery(routes.quizDetail, { id: quiz.id }))} />
          ))}
          {quizzes.items.length > 0 && <Footer list={quizzes} />}
        </>
      )}
      {tab === 'attempts' && attempts.status === 'ready' && (
        <View className='quiz-home__attempts'>
          {attempts.items.length === 0 && <PageState kind='empty' message='还没有答过题' />}
          {attempts.items.map((attempt) => (
            <AttemptRow key={attempt.attemptId} attempt={attempt} showTitle onClick={() => openAttempt(attempt)} />
          ))}
          {attempts.items.length > 0 && <Footer list={attempts} />}
        </View>
      )}
    </PageShell>
  )
}
