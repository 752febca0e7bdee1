import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { EditorQuestion } from '../../../shared/api'
import { difficultyNames, questionKindNames } from '../../../shared/quiz/names'
import type { QuestionKind } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { optionLetter } from '../quiz-facts'
import './index.scss'

type KindTab = 'all' | QuestionKind | 'retired'
const kindTabs: readonly { value: KindTab; title: string }[] = [
  { value: 'all', title: '全部' },
  { value: 'single', title: questionKindNames.single },
  { value: 'multiple', title: questionKindNames.multiple },
  { value: 'judge', title: questionKindNames.judge },
  { value: 'retired', title: '已停用' },
]

function QuestionCard({ question, number, onRetire }: { question: EditorQuestion; number: number; onRetire: () => void }) {
  return (
    <View className={cx('bank-question', question.status === 'retired' && 'bank-question--retired')}>
      <View className='bank-question__head'>
        <Text className='bank-question__number'>{number}.</Text>
        <Text className='bank-question__kind'>{questionKindNames[question.kind]}</Text>
        <Text className='bank-question__difficulty'>{difficultyNames[question.difficulty]}</Text>
        {question.tags.map((tag) => (
          <Text key={tag} className='bank-question__tag'>
            {tag}
          </Text>
        ))}
      </View>
      <Text className='bank-question__stem'>{question.stem}</Text>
      {question.options.map((option, i) => (
        <Text key={i} className={cx('bank-question__option', question.answer.includes(i) && 'bank-question__option--right')}>
          {question.kind === 'judge' ? '' : `${optionLetter(i)}. `}
          {option}
          {question.answer.includes(i) ? '  ✓' : ''}
        </Text>
      ))}
      {question.explanation && <Text className='bank-question__explain'>解析：{question.explanation}</Text>}
      {question.status === 'active' && (
        <View className='bank-question__actions'>
          <Text className='bank-question__edit' onClick={() => void openPage(withQuery(routes.quizQuestionEdit, { bankId: question.bankId, id: question.id }))}>
            编辑
          </Text>
          <Text className='bank-question__retire' onClick={onRetire}>
            停用
          </Text>
        </View>
      )}
    </View>
  )
}

/** 题库 (course_editor): its questions with answers, filters, paging; 新增 and 导入. */
export default function QuizBankPage() {
  const bankId = Number(useRouter().params.id ?? 0)
  const bank = useResource(`quiz-bank:${bankId}`, () => api.quiz.bankDetail({ bankId }))
  const [tab, setTab] = useState<KindTab>('all')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300)
    return () => clearTimeout(timer)
  }, [typed])
  const filter = {
    bankId,
    q,
    status: tab === 'retired' ? ('retired' as const) : ('active' as const),
    ...(tab === 'all' || tab === 'retired' ? {} : { kind: tab }),
  }
  const questions = usePagedList(`quiz-questions:${JSON.stringify(filter)}`, (cursor) => api.quiz.questions({ ...filter, cursor, limit: 20 }))

  usePullToRefresh(() => Promise.all([bank.reload(), questions.reload()]))
  useRefreshOnReturn(() => {
    void bank.reload()
    void questions.reload()
  })
  useReachBottom(() => void questions.loadMore())

  const retire = useAction(async (question: EditorQuestion) => {
    const { confirm } = await Taro.showModal({ title: '停用题目', content: '停用后不再被抽到，已答过的答卷不受影响。确定停用吗？', confirmText: '停用' })
    if (!confirm) return
    await api.quiz.retireQuestion({ questionId: question.id })
    questions.setItems((items) => items.filter((i) => i.id !== question.id))
    void bank.reload()
  })

  return (
    <PageShell className='quiz-bank'>
      {bank.status === 'loading' && <PageState kind='loading' />}
      {bank.error && <LoadFailure error={bank.error} onRetry={() => void bank.reload()} />}
      {bank.data && (
        <>
          <View className='quiz-bank__head'>
            <Text className='quiz-bank__title'>{bank.data.title}</Text>
            <Text className='quiz-bank__fact'>
              {bank.data.branch.name} · 共 {bank.data.questionCount} 题（
              {bank.data.difficulties.map((d) => `${difficultyNames[d.difficulty]} ${d.count}`).join('，') || '暂无'}）
            </Text>
            {bank.data.tags.length > 0 && (
              <View className='quiz-bank__tags'>
                {bank.data.tags.map((t) => (
                  <Text key={t.tag} className='quiz-bank__tag'>
                    {t.tag} {t.count}
                  </Text>
                ))}
              </View>
            )}
            <View className='quiz-bank__actions'>
              <Button className='quiz-bank__add' type='primary' onClick={() => void openPage(withQuery(routes.quizQuestionEdit, { bankId }))}>
                新增题目
              </Button>
              <Button className='quiz-bank__import' fill='outline' onClick={() => void openPage(withQuery(routes.quizImport, { bankId }))}>
                Excel 导入
              </Button>
            </View>
          </View>
          <FilterTabs tabs={kindTabs} value={tab} onChange={setTab} />
          <View className='quiz-bank__search'>
            <Input className='form-field__input' value={typed} maxlength={40} placeholder='按题干查找' onInput={(e) => setTyped(e.detail.value)} />
          </View>
          {questions.status === 'loading' && <PageState kind='loading' />}
          {questions.failure && <LoadFailure error={questions.failure} onRetry={() => void questions.reload()} />}
          {questions.status === 'ready' && questions.items.length === 0 && <PageState kind='empty' message={q ? '没有找到相关题目' : '还没有题目，可以逐题新增或用 Excel 导入'} />}
          {questions.items.map((question, i) => (
            <QuestionCard key={question.id} question={question} number={i + 1} onRetire={() => void retire.run(question)} />
          ))}
          {questions.status === 'ready' && questions.items.length > 0 && (
            <ListFooter loadingMore={questions.loadingMore} hasMore={questions.hasMore} moreError={questions.moreError} onLoadMore={() => void questions.loadMore()} />
          )}
        </>
      )}
    </PageShell>
  )
}
