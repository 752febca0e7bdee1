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
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { QuizSummary } from '../../../shared/api'
import { quizModeNames, quizStatusNames } from '../../../shared/quiz/names'
import type { QuizStatus } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { limitText } from '../quiz-facts'
import './index.scss'

type Tab = 'all' | QuizStatus
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'all', title: '全部' },
  { value: 'draft', title: quizStatusNames.draft },
  { value: 'published', title: quizStatusNames.published },
  { value: 'closed', title: quizStatusNames.closed },
]

/** 测验管理 (course_editor): the practice and graded quizzes of their scope; publish a draft, close a published one. */
export default function QuizManagePage() {
  const [tab, setTab] = useState<Tab>('all')
  const quizzes = usePagedList(`quiz-manage:${tab}`, (cursor) => api.quiz.quizzes({ ...(tab === 'all' ? {} : { status: tab }), cursor, limit: 20 }))

  usePullToRefresh(() => quizzes.reload())
  useRefreshOnReturn(() => void quizzes.reload())
  useReachBottom(() => void quizzes.loadMore())

  const change = useAction(async (quiz: QuizSummary, to: 'publish' | 'close') => {
    const { confirm } = await Taro.showModal(
      to === 'publish'
        ? { title: '发布测验', content: `发布后「${quiz.branch.name}」及下级组织的会员即可答题，规则不能再修改。确定发布吗？`, confirmText: '发布' }
        : { title: '关闭测验', content: '关闭后会员不能再开始答题（正在答的仍可交卷）。确定关闭吗？', confirmText: '关闭' },
    )
    if (!confirm) return
    const next = to === 'publish' ? await api.quiz.publishQuiz({ quizId: quiz.id }) : await api.quiz.closeQuiz({ quizId: quiz.id })
    quizzes.setItems((items) => items.map((i) => (i.id === quiz.id ? { ...i, status: next.status } : i)))
  })

  return (
    <PageShell className='quiz-manage'>
      <View className='quiz-manage__top'>
        <Button className='quiz-manage__create' type='primary' block onClick={() => void openPage(routes.quizEdit)}>
          新建测验
        </Button>
        <Button className='quiz-manage__banks' fill='outline' block onClick={() => void openPage(routes.quizBanks)}>
          题库管理
        </Button>
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {quizzes.status === 'loading' && <PageState kind='loading' />}
      {quizzes.failure && <LoadFailure error={quizzes.failure} onRetry={() => void quizzes.reload()} />}
      {quizzes.status === 'ready' && quizzes.items.length === 0 && <PageState kind='empty' message='还没有测验' />}
      {quizzes.items.map((quiz) => (
        <View key={quiz.id} className={cx('quiz-manage-row', `quiz-manage-row--${quiz.status}`)}>
          <View className='quiz-manage-row__head' onClick={() => void openPage(withQuery(routes.quizEdit, { id: quiz.id }))}>
            <Text className='quiz-manage-row__title'>{quiz.title}</Text>
            <Text className='quiz-manage-row__status'>{quizStatusNames[quiz.status]}</Text>
          </View>
          <Text className='quiz-manage-row__fact'>
            {quizModeNames[quiz.mode]} · {quiz.questionCount} 题 · 限时 {limitText(quiz.timeLimitSeconds)}
            {quiz.mode === 'graded' ? ` · ${quiz.passPercent} 分及格` : ''}
          </Text>
          <Text className='quiz-manage-row__fact'>
            {quiz.branch.name} · 题库「{quiz.bank.title}」
          </Text>
          {quiz.status !== 'closed' && (
            <View className='quiz-manage-row__actions'>
              {quiz.status === 'draft' && (
                <Button className='quiz-manage-row__publish' size='small' type='primary' onClick={() => void change.run(quiz, 'publish')}>
                  发布
                </Button>
              )}
              {quiz.status === 'published' && (
                <Button className='quiz-manage-row__close' size='small' onClick={() => void change.run(quiz, 'close')}>
                  关闭
                </Button>
              )}
            </View>
          )}
        </View>
      ))}
      {quizzes.status === 'ready' && quizzes.items.length > 0 && (
        <ListFooter loadingMore={quizzes.loadingMore} hasMore={quizzes.hasMore} moreError={quizzes.moreError} onLoadMore={() => void quizzes.loadMore()} />
      )}
    </PageShell>
  )
}
