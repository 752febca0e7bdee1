import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes, withQuery } from '../../../routes'
import type { EditorQuestion } from '../../../shared/api'
import { difficultyNames, judgeOptions, questionKindNames, questionKinds, quizLimits } from '../../../shared/quiz/names'
import type { Difficulty, QuestionKind } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { redirectPage } from '../../../utils/navigate'
import { optionLetter } from '../quiz-facts'
import './index.scss'

interface Draft {
  kind: QuestionKind
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  tags: string
  difficulty: Difficulty
}

const kindOptions = questionKinds.map((k) => ({ value: k, label: questionKindNames[k] }))
const difficultyOptions = ([1, 2, 3] as const).map((d) => ({ value: d, label: difficultyNames[d] }))

function draftOf(q: EditorQuestion | null): Draft {
  if (!q) return { kind: 'single', stem: '', options: ['', '', '', ''], answer: [], explanation: '', tags: '', difficulty: 2 }
  return { kind: q.kind, stem: q.stem, options: q.options, answer: q.answer, explanation: q.explanation, tags: q.tags.join('、'), difficulty: q.difficulty }
}

/** What the page can tell before the server does; the server checks it all again. */
function problemOf(d: Draft): string | null {
  if (!d.stem.trim()) return '请填写题干'
  if (d.kind !== 'judge') {
    const filled = d.options.map((o) => o.trim())
    if (filled.some((o) => !o)) return '选项不能为空，多余的选项请删除'
    if (new Set(filled).size !== filled.length) return '选项有重复'
  }
  if (d.kind === 'multiple' && d.answer.length < 2) return '多选题请至少选两个正确答案'
  if (d.kind !== 'multiple' && d.answer.length !== 1) return '请选择一个正确答案'
  return null
}

function leave(bankId: number) {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(withQuery(routes.quizBank, { id: bankId }))
}

/** 编辑题目 (course_editor): kind, stem, options with the right ones ticked, explanation, tags and difficulty. */
export default function QuizQuestionEditPage() {
  const params = useRouter().params
  const bankId = Number(params.bankId ?? 0)
  const id = params.id ? Number(params.id) : null
  const existing = useResource(`quiz-question:${id}`, () => api.quiz.question({ questionId: id ?? 0 }), { enabled: id !== null })
  if (id !== null && existing.error) {
    return (
      <PageShell className='question-edit'>
        <LoadFailure error={existing.error} onRetry={() => void existing.reload()} />
      </PageShell>
    )
  }
  if (id !== null && !existing.data) {
    return (
      <PageShell className='question-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  return <QuestionEditor bankId={bankId} id={id} initial={draftOf(existing.data)} />
}

function QuestionEditor({ bankId, id, initial }: { bankId: number; id: number | null; initial: Draft }) {
  const [draft, setDraft] = useState<Draft>(initial)
  const [dirty, setDirty] = useState(false)
  const requestId = useRequestId()
  useLeaveGuard(dirty)
  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }))
    setDirty(true)
  }
  const options = draft.kind === 'judge' ? [...judgeOptions] : draft.options

  const toggleAnswer = (i: number) => {
    if (draft.kind === 'multiple') update({ answer: draft.answer.includes(i) ? draft.answer.filter((a) => a !== i) : [...draft.answer, i].sort((a, b) => a - b) })
    else update({ answer: [i] })
  }
  const removeOption = (i: number) =>
    update({ options: draft.options.filter((_, j) => j !== i), answer: draft.answer.filter((a) => a !== i).map((a) => (a > i ? a - 1 : a)) })

  const save = useAction(async () => {
    const problem = problemOf(draft)
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none' })
      return
    }
    const input = {
      bankId,
      kind: draft.kind,
      stem: draft.stem,
      options: draft.kind === 'judge' ? [...judgeOptions] : draft.options,
      answer: draft.answer,
      explanation: draft.explanation,
      tags: draft.tags.split(/[、,，\s]+/).filter(Boolean),
      difficulty: draft.difficulty,
    }
    await api.quiz.saveQuestion(id === null ? { ...input, requestId: requestId.idFor(input) } : { ...input, id })
    requestId.reset()
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
    leave(bankId)
  })

  return (
    <PageShell className='question-edit'>
      <View className='question-edit__card'>
        <FormField label='题型' required>
          <ChoiceChips options={kindOptions} value={draft.kind} onChange={(kind) => update({ kind, answer: [] })} />
        </FormField>
        <FormField label='题干' required>
          <Textarea className='form-field__textarea question-edit__stem' value={draft.stem} maxlength={quizLimits.stemMaxLength} autoHeight placeholder='请输入题目' onInput={(e) => update({ stem: e.detail.value })} />
        </FormField>
        <FormField label={draft.kind === 'multiple' ? '选项（勾选全部正确答案）' : '选项（勾选正确答案）'} required>
          {options.map((option, i) => (
            <View key={i} className='question-edit__option'>
              <View className={cx('question-edit__mark', draft.answer.includes(i) && 'question-edit__mark--right', draft.kind === 'multiple' && 'question-edit__mark--multiple')} onClick={() => toggleAnswer(i)}>
                <Text>{draft.answer.includes(i) ? '✓' : optionLetter(i)}</Text>
              </View>
              {draft.kind === 'judge' ? (
                <Text className='question-edit__judge'>{option}</Text>
              ) : (
                <Input
                  className='form-field__input question-edit__option-input'
                  value={option}
                  maxlength={quizLimits.optionMaxLength}
                  placeholder={`选项${optionLetter(i)}`}
                  onInput={(e) => update({ options: draft.options.map((o, j) => (j === i ? e.detail.value : o)) })}
                />
              )}
              {draft.kind !== 'judge' && draft.options.length > quizLimits.optionsMin && (
                <Text className='question-edit__remove' onClick={() => removeOption(i)}>
                  删除
                </Text>
              )}
            </View>
          ))}
          {draft.kind !== 'judge' && draft.options.length < quizLimits.optionsMax && (
            <Text className='question-edit__add' onClick={() => update({ options: [...draft.options, ''] })}>
              + 添加选项
            </Text>
          )}
        </FormField>
        <FormField label='解析' hint='交卷后展示给答题人'>
          <Textarea className='form-field__textarea' value={draft.explanation} maxlength={quizLimits.explanationMaxLength} autoHeight placeholder='为什么是这个答案' onInput={(e) => update({ explanation: e.detail.value })} />
        </FormField>
        <FormField label='标签' hint={`用顿号分隔，最多 ${quizLimits.tagsPerQuestion} 个，抽题时可按标签抽取`}>
          <Input className='form-field__input' value={draft.tags} maxlength={80} placeholder='如：红船精神、党史' onInput={(e) => update({ tags: e.detail.value })} />
        </FormField>
        <FormField label='难度' required>
          <ChoiceChips options={difficultyOptions} value={draft.difficulty} onChange={(difficulty) => update({ difficulty })} />
        </FormField>
      </View>
      <View className='question-edit__footer'>
        <Button className='question-edit__save' type='primary' block loading={save.busy} onClick={() => void save.run()}>
          保存题目
        </Button>
      </View>
    </PageShell>
  )
}
