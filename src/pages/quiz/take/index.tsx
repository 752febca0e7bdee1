import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api, errorText } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { AttemptQuestion, OpenAttempt } from '../../../shared/api'
import { questionKindNames } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { redirectPage } from '../../../utils/navigate'
import { countdownText, optionLetter } from '../quiz-facts'
import './index.scss'

type Choices = Record<number, number[]>

function toResult(attemptId: number) {
  void redirectPage(withQuery(routes.quizResult, { attemptId }))
}

/**
 * 答题: one question at a time, big options, a countdown from the server's deadline, every answer
 * saved as it is chosen, an answer sheet to jump between questions, 交卷 after a confirmation, and
 * an automatic 交卷 when the time is up. A closed attempt opens its result instead.
 */
export default function QuizTakePage() {
  const attemptId = Number(useRouter().params.attemptId ?? 0)
  const attempt = useResource(`quiz-attempt:${attemptId}`, () => api.quiz.attempt({ attemptId }))

  useEffect(() => {
    if (attempt.data && attempt.data.status !== 'in_progress') toResult(attemptId)
  }, [attempt.data, attemptId])

  return (
    <PageShell className='quiz-take'>
      {attempt.status === 'loading' && <PageState kind='loading' />}
      {attempt.error && <LoadFailure error={attempt.error} onRetry={() => void attempt.reload()} />}
      {attempt.data?.status === 'in_progress' && <Taking attempt={attempt.data} />}
    </PageShell>
  )
}

function Taking({ attempt }: { attempt: OpenAttempt }) {
  const [index, setIndex] = useState(0)
  const [choices, setChoices] = useState<Choices>(() => Object.fromEntries(attempt.choices.map((c) => [c.questionId, c.choice])))
  const [sheetOpen, setSheetOpen] = useState(false)
  const [saving, setSaving] = useState(0)
  const [submitting, setSubmitting] = useState(false)
  const submitted = useRef(false)
  const choicesRef = useRef(choices)
  choicesRef.current = choices
  // The server's clock, not the phone's: the offset between them is taken once, when the attempt loads.
  const offset = useRef(new Date(attempt.serverNow).getTime() - Date.now())
  const deadline = new Date(attempt.deadlineAt).getTime()
  const [remaining, setRemaining] = useState(() => deadline - (Date.now() + offset.current))

  const questions = attempt.questions
  const question = questions[index]
  const answered = questions.filter((q) => (choices[q.id]?.length ?? 0) > 0).length

  const submit = async (auto: boolean) => {
    if (submitted.current) return
    submitted.current = true
    setSubmitting(true)
    const answers = questions.filter((q) => choicesRef.current[q.id]?.length).map((q) => ({ questionId: q.id, choice: choicesRef.current[q.id] }))
    try {
      const score = await api.quiz.submitAttempt({ attemptId: attempt.attemptId, answers })
      if (auto || score.late) void Taro.showToast({ title: '时间到，已自动交卷', icon: 'none', duration: 2500 })
      toResult(attempt.attemptId)
    } catch (error) {
      submitted.current = false
      setSubmitting(false)
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
    }
  }

  useEffect(() => {
    const timer = setInterval(() => {
      const left = deadline - (Date.now() + offset.current)
      setRemaining(left)
      if (left <= 0) {
        clearInterval(timer)
        void submit(true)
      }
    }, 1000)
    return () => clearInterval(timer)
  }, [deadline])

  const choose = (q: AttemptQuestion, option: number) => {
    if (submitted.current) return
    const current = choices[q.id] ?? []
    const next =
      q.kind === 'multiple'
        ? current.includes(option)
          ? current.filter((c) => c !== option)
          : [...current, option].sort((a, b) => a - b)
        : [option]
    setChoices((c) => ({ ...c, [q.id]: next }))
    setSaving((n) => n + 1)
    api.quiz
      .saveAnswer({ attemptId: attempt.attemptId, questionId: q.id, choice: next })
      // 交卷 sends every answer again, so a save lost here is not an answer lost.
      .catch((error: unknown) => void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2000 }))
      .finally(() => setSaving((n) => n - 1))
  }

  const confirmSubmit = async () => {
    const left = questions.length - answered
    const { confirm } = await Taro.showModal({
      title: '确认交卷',
      content: left > 0 ? `还有 ${left} 题未作答，交卷后不能再修改。确定交卷吗？` : '交卷后不能再修改答案。确定交卷吗？',
      confirmText: '交卷',
      cancelText: '继续答题',
    })
    if (confirm) void submit(false)
  }

  const urgent = remaining <= 60_000
  const last = index === questions.length - 1

  return (
    <View className='quiz-take__body'>
      <View className='quiz-take__bar'>
        <View className={cx('quiz-take__clock', urgent && 'quiz-take__clock--urgent')}>
          <Text className='quiz-take__clock-label'>剩余</Text>
          <Text className='quiz-take__clock-time'>{countdownText(remaining)}</Text>
        </View>
        <Text className='quiz-take__progress'>
          第 {index + 1} / {questions.length} 题
        </Text>
        <View className='quiz-take__sheet-button' onClick={() => setSheetOpen(true)}>
          <Text>答题卡</Text>
        </View>
      </View>
      <View className='quiz-take__track'>
        <View className='quiz-take__track-fill' style={{ width: `${(answered / questions.length) * 100}%` }} />
      </View>

      <View className='quiz-question'>
        <View className='quiz-question__head'>
          <Text className={cx('quiz-question__kind', `quiz-question__kind--${question.kind}`)}>{questionKindNames[question.kind]}</Text>
          {question.kind === 'multiple' && <Text className='quiz-question__hint'>可选多项</Text>}
        </View>
        <Text className='quiz-question__stem'>{question.stem}</Text>
        <View className='quiz-question__options'>
          {question.options.map((option, i) => {
            const chosen = choices[question.id]?.includes(i) ?? false
            return (
              <View
                key={i}
                role={question.kind === 'multiple' ? 'checkbox' : 'radio'}
                aria-checked={chosen}
                className={cx('quiz-option', chosen && 'quiz-option--chosen', question.kind === 'multiple' && 'quiz-option--multiple')}
                onClick={() => choose(question, i)}
              >
                <Text className='quiz-option__letter'>{question.kind === 'judge' ? (i === 0 ? '✓' : '✗') : optionLetter(i)}</Text>
                <Text className='quiz-option__text'>{option}</Text>
              </View>
            )
          })}
        </View>
        <Text className='quiz-question__saved'>{saving > 0 ? '正在保存…' : choices[question.id]?.length ? '答案已保存' : ' '}</Text>
      </View>

      <View className='quiz-take__nav'>
        <Button className='quiz-take__prev' disabled={index === 0} onClick={() => setIndex((i) => i - 1)}>
          上一题
        </Button>
        {last ? (
          <Button className='quiz-take__submit' type='primary' loading={submitting} onClick={() => void confirmSubmit()}>
            交卷
          </Button>
        ) : (
          <Button className='quiz-take__next' type='primary' onClick={() => setIndex((i) => i + 1)}>
            下一题
          </Button>
        )}
      </View>

      {sheetOpen && (
        <View className='quiz-sheet__mask' onClick={() => setSheetOpen(false)}>
          <View className='quiz-sheet' onClick={(e) => e.stopPropagation()}>
            <View className='quiz-sheet__head'>
              <Text className='quiz-sheet__title'>答题卡</Text>
              <Text className='quiz-sheet__count'>
                已答 {answered} / {questions.length}
              </Text>
            </View>
            <View className='quiz-sheet__grid'>
              {questions.map((q, i) => (
                <View
                  key={q.id}
                  className={cx('quiz-sheet__cell', (choices[q.id]?.length ?? 0) > 0 && 'quiz-sheet__cell--answered', i === index && 'quiz-sheet__cell--current')}
                  onClick={() => {
                    setIndex(i)
                    setSheetOpen(false)
                  }}
                >
                  <Text>{i + 1}</Text>
                </View>
              ))}
            </View>
            <View className='quiz-sheet__legend'>
              <Text className='quiz-sheet__legend-answered'>已答</Text>
              <Text className='quiz-sheet__legend-open'>未答</Text>
            </View>
            <Button className='quiz-sheet__submit' type='primary' block loading={submitting} onClick={() => void confirmSubmit()}>
              交卷
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
