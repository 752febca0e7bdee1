import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { AttemptResult, AttemptResultItem } from '../../../shared/api'
import { questionKindNames } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { openPage, redirectPage } from '../../../utils/navigate'
import { dateTimeText } from '../../../utils/time'
import { durationText, optionLetter } from '../quiz-facts'
import './index.scss'

type Show = 'all' | 'wrong'
const showTabs: readonly { value: Show; title: string }[] = [
  { value: 'all', title: '全部题目' },
  { value: 'wrong', title: '只看错题' },
]

function letters(choice: number[], kind: AttemptResultItem['kind'], options: string[]): string {
  if (!choice.length) return '未作答'
  return kind === 'judge' ? options[choice[0]] : choice.map(optionLetter).join('')
}

function Summary({ result }: { result: AttemptResult }) {
  const verdict = result.passed === null ? null : result.passed ? '通过' : '未通过'
  return (
    <View className={cx('quiz-score', result.passed === false && 'quiz-score--failed')}>
      <Text className='quiz-score__title'>{result.quiz.title}</Text>
      <View className='quiz-score__ring'>
        <Text className='quiz-score__figure'>{result.score}</Text>
        <Text className='quiz-score__unit'>分</Text>
      </View>
      {verdict && (
        <Text className='quiz-score__verdict'>
          {verdict}（及格线 {result.quiz.passPercent} 分）
        </Text>
      )}
      <View className='quiz-score__facts'>
        <View className='quiz-score__fact'>
          <Text className='quiz-score__fact-value'>
            {result.correctCount}/{result.questionCount}
          </Text>
          <Text className='quiz-score__fact-label'>答对</Text>
        </View>
        <View className='quiz-score__fact'>
          <Text className='quiz-score__fact-value'>{durationText(result.durationMs)}</Text>
          <Text className='quiz-score__fact-label'>用时</Text>
        </View>
        <View className='quiz-score__fact'>
          <Text className='quiz-score__fact-value'>第 {result.attemptNo} 次</Text>
          <Text className='quiz-score__fact-label'>{dateTimeText(result.submittedAt)}</Text>
        </View>
      </View>
      {result.late && <Text className='quiz-score__late'>超过答题时间后交卷：按时间截止前保存的答案计分。</Text>}
    </View>
  )
}

function Item({ item, number }: { item: AttemptResultItem; number: number }) {
  return (
    <View className={cx('quiz-review', item.correct ? 'quiz-review--right' : 'quiz-review--wrong')}>
      <View className='quiz-review__head'>
        <Text className='quiz-review__number'>{number}.</Text>
        <Text className='quiz-review__kind'>{questionKindNames[item.kind]}</Text>
        <Text className='quiz-review__mark'>{item.correct ? '回答正确' : '回答错误'}</Text>
      </View>
      <Text className='quiz-review__stem'>{item.stem}</Text>
      <View className='quiz-review__options'>
        {item.options.map((option, i) => {
          const right = item.answer.includes(i)
          const mine = item.myChoice.includes(i)
          return (
            <View key={i} className={cx('quiz-review__option', right && 'quiz-review__option--right', mine && !right && 'quiz-review__option--mine-wrong')}>
              <Text className='quiz-review__letter'>{item.kind === 'judge' ? (i === 0 ? '✓' : '✗') : optionLetter(i)}</Text>
              <Text className='quiz-review__text'>{option}</Text>
              {mine && <Text className='quiz-review__tag'>我的选择</Text>}
            </View>
          )
        })}
      </View>
      <Text className='quiz-review__answer'>
        正确答案：{letters(item.answer, item.kind, item.options)}　我的答案：{letters(item.myChoice, item.kind, item.options)}
      </Text>
      {item.explanation && (
        <View className='quiz-review__explain'>
          <Text className='quiz-review__explain-title'>解析</Text>
          <Text className='quiz-review__explain-text'>{item.explanation}</Text>
        </View>
      )}
    </View>
  )
}

/** 成绩: the score, pass or not, and every question with my answer, the right one and its explanation. */
export default function QuizResultPage() {
  const attemptId = Number(useRouter().params.attemptId ?? 0)
  const result = useResource(`quiz-result:${attemptId}`, () => api.quiz.attemptResult({ attemptId }))
  const [show, setShow] = useState<Show>('all')

  if (result.error?.code === 'QUIZ_ATTEMPT_OPEN') {
    return (
      <PageShell className='quiz-result'>
        <PageState kind='empty' message='本次答题还没有交卷' action={{ text: '继续答题', onClick: () => void redirectPage(withQuery(routes.quizTake, { attemptId })) }} />
      </PageShell>
    )
  }
  const data = result.data
  const items = data ? data.items.map((item, i) => ({ item, number: i + 1 })).filter(({ item }) => show === 'all' || !item.correct) : []
  return (
    <PageShell className='quiz-result'>
      {result.status === 'loading' && <PageState kind='loading' />}
      {result.error && <LoadFailure error={result.error} onRetry={() => void result.reload()} />}
      {data && (
        <>
          <Summary result={data} />
          <View className='quiz-result__actions'>
            {data.quiz.contestId !== null ? (
              <Button type='primary' block onClick={() => void openPage(withQuery(routes.contestDetail, { id: data.quiz.contestId ?? 0 }))}>
                查看竞赛排名
              </Button>
            ) : (
              <Button type='primary' block onClick={() => void redirectPage(withQuery(routes.quizDetail, { id: data.quiz.id }))}>
                返回测验
              </Button>
            )}
          </View>
          {data.answersHiddenUntil ? (
            <View className='quiz-result__hidden'>
              <Text>竞赛进行中，为保证公平，本轮于 {dateTimeText(data.answersHiddenUntil)} 结束后公布每题的答案和解析。</Text>
            </View>
          ) : (
            <>
              <FilterTabs tabs={showTabs} value={show} onChange={setShow} />
              {items.length === 0 && <PageState kind='empty' message='全部答对，没有错题' />}
              {items.map(({ item, number }) => (
                <Item key={item.questionId} item={item} number={number} />
              ))}
            </>
          )}
        </>
      )}
    </PageShell>
  )
}
