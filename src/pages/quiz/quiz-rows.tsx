import { Text, View } from '@tarojs/components'
import type { AttemptSummary, MemberQuizSummary } from '../../shared/api'
import { attemptStatusNames, quizModeNames } from '../../shared/quiz/names'
import { cx } from '../../utils/cx'
import { dateTimeText } from '../../utils/time'
import { attemptsText, durationText, limitText } from './quiz-facts'
import './quiz-rows.scss'

/** A quiz in the member's list: what it asks, and how the member has done. */
export function QuizRow({ quiz, onClick }: { quiz: MemberQuizSummary; onClick: () => void }) {
  return (
    <View className='quiz-row' onClick={onClick}>
      <View className='quiz-row__head'>
        <Text className='quiz-row__title'>{quiz.title}</Text>
        <Text className={cx('quiz-row__mode', `quiz-row__mode--${quiz.mode}`)}>{quizModeNames[quiz.mode]}</Text>
      </View>
      <Text className='quiz-row__fact'>
        {quiz.questionCount} 题 · 限时 {limitText(quiz.timeLimitSeconds)}
        {quiz.mode === 'graded' ? ` · ${quiz.passPercent} 分及格` : ''}
      </Text>
      <Text className='quiz-row__fact'>{quiz.branch.name}</Text>
      <View className='quiz-row__foot'>
        <Text>{attemptsText(quiz.attemptsUsed, quiz.attemptLimit)}</Text>
        {quiz.openAttemptId !== null ? (
          <Text className='quiz-row__open'>答题中</Text>
        ) : quiz.bestScore !== null ? (
          <Text className={cx('quiz-row__best', quiz.passed && 'quiz-row__best--passed')}>最高 {quiz.bestScore} 分</Text>
        ) : null}
      </View>
    </View>
  )
}

/** One attempt in a member's history. */
export function AttemptRow({ attempt, showTitle, onClick }: { attempt: AttemptSummary; showTitle: boolean; onClick: () => void }) {
  return (
    <View className='attempt-row' onClick={onClick}>
      <View className='attempt-row__main'>
        <Text className='attempt-row__title'>{showTitle ? attempt.quiz.title : `第 ${attempt.attemptNo} 次`}</Text>
        <Text className='attempt-row__sub'>
          {dateTimeText(attempt.startedAt)}
          {attempt.durationMs !== null ? ` · 用时 ${durationText(attempt.durationMs)}` : ''}
        </Text>
      </View>
      {attempt.status === 'in_progress' ? (
        <Text className='attempt-row__open'>{attemptStatusNames.in_progress}</Text>
      ) : (
        <View className='attempt-row__score'>
          <Text className={cx('attempt-row__figure', attempt.passed === false && 'attempt-row__figure--failed')}>{attempt.score} 分</Text>
          <Text className='attempt-row__sub'>
            {attempt.correctCount}/{attempt.questionCount} 题
            {attempt.status === 'expired' ? ' · 超时' : ''}
          </Text>
        </View>
      )}
    </View>
  )
}
