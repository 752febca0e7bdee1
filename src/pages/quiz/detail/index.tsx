import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { MemberQuizDetail } from '../../../shared/api'
import { quizModeNames } from '../../../shared/quiz/names'
import { openPage } from '../../../utils/navigate'
import { AttemptRow } from '../quiz-rows'
import { attemptsText, limitText } from '../quiz-facts'
import './index.scss'

function Rules({ quiz }: { quiz: MemberQuizDetail }) {
  const rules = [
    `共 ${quiz.questionCount} 题，从题库中随机抽取，选项顺序每次不同`,
    `限时 ${limitText(quiz.timeLimitSeconds)}，从开始答题起计时，时间到自动交卷`,
    quiz.mode === 'graded' ? `${quiz.passPercent} 分及格（满分 100 分）` : '练习模式：不计及格，可反复练习',
    quiz.attemptLimit === null ? '不限答题次数' : `每人限答 ${quiz.attemptLimit} 次`,
    '答案选中即保存，换手机或中途退出后可继续作答',
    '交卷后可查看每题的正确答案和解析',
  ]
  return (
    <View className='quiz-detail__card'>
      <Text className='quiz-detail__section'>答题须知</Text>
      {rules.map((rule) => (
        <Text key={rule} className='quiz-detail__rule'>
          · {rule}
        </Text>
      ))}
    </View>
  )
}

/** 测验详情: the rules, the member's attempts, and 开始答题 / 继续答题. */
export default function QuizDetailPage() {
  const quizId = Number(useRouter().params.id ?? 0)
  const detail = useResource(`quiz-detail:${quizId}`, () => api.quiz.quizDetail({ quizId }))
  const requestId = useRequestId()

  usePullToRefresh(() => detail.reload())
  useRefreshOnReturn(() => void detail.reload())

  const start = useAction(async () => {
    const quiz = detail.data
    if (!quiz) return
    if (quiz.openAttemptId !== null) {
      void openPage(withQuery(routes.quizTake, { attemptId: quiz.openAttemptId }))
      return
    }
    const { confirm } = await Taro.showModal({
      title: '开始答题',
      content: `开始后计时 ${limitText(quiz.timeLimitSeconds)}，中途退出也不会暂停。准备好了吗？`,
      confirmText: '开始',
      cancelText: '再等等',
    })
    if (!confirm) return
    const attempt = await api.quiz.startAttempt({ quizId, requestId: requestId.idFor({ quizId }) })
    requestId.reset()
    void openPage(withQuery(routes.quizTake, { attemptId: attempt.attemptId }))
  })

  const quiz = detail.data
  return (
    <PageShell className='quiz-detail'>
      {detail.status === 'loading' && <PageState kind='loading' />}
      {detail.error && <LoadFailure error={detail.error} onRetry={() => void detail.reload()} />}
      {quiz && (
        <>
          <View className='quiz-detail__card quiz-detail__head'>
            <Text className='quiz-detail__mode'>{quizModeNames[quiz.mode]}</Text>
            <Text className='quiz-detail__title'>{quiz.title}</Text>
            <Text className='quiz-detail__branch'>{quiz.branch.fullName}</Text>
            {quiz.description && <Text className='quiz-detail__description'>{quiz.description}</Text>}
            <View className='quiz-detail__facts'>
              <View className='quiz-detail__fact'>
                <Text className='quiz-detail__fact-value'>{quiz.questionCount}</Text>
                <Text className='quiz-detail__fact-label'>题</Text>
              </View>
              <View className='quiz-detail__fact'>
                <Text className='quiz-detail__fact-value'>{limitText(quiz.timeLimitSeconds)}</Text>
                <Text className='quiz-detail__fact-label'>限时</Text>
              </View>
              <View className='quiz-detail__fact'>
                <Text className='quiz-detail__fact-value'>{quiz.bestScore ?? '—'}</Text>
                <Text className='quiz-detail__fact-label'>最高分</Text>
              </View>
            </View>
          </View>
          <Rules quiz={quiz} />
          <View className='quiz-detail__card'>
            <View className='quiz-detail__line'>
              <Text className='quiz-detail__section'>我的答题</Text>
              <Text className='quiz-detail__used'>{attemptsText(quiz.attemptsUsed, quiz.attemptLimit)}</Text>
            </View>
            {quiz.attempts.length === 0 && <Text className='quiz-detail__none'>还没有答过这套题</Text>}
            {quiz.attempts.map((attempt) => (
              <AttemptRow
                key={attempt.attemptId}
                attempt={attempt}
                showTitle={false}
                onClick={() => void openPage(withQuery(attempt.status === 'in_progress' ? routes.quizTake : routes.quizResult, { attemptId: attempt.attemptId }))}
              />
            ))}
          </View>
          <View className='quiz-detail__footer'>
            {quiz.openAttemptId !== null ? (
              <Button className='quiz-detail__start' type='primary' block loading={start.busy} onClick={() => void start.run()}>
                继续答题
              </Button>
            ) : (
              <Button className='quiz-detail__start' type='primary' block disabled={!quiz.canStart} loading={start.busy} onClick={() => void start.run()}>
                {quiz.canStart ? '开始答题' : (quiz.blockedReason ?? '暂不能答题')}
              </Button>
            )}
          </View>
        </>
      )}
    </PageShell>
  )
}
