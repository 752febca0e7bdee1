import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes } from '../../../routes'
import type { BankSummary, BranchRef, ManagedQuiz } from '../../../shared/api'
import { quizLimits, quizModeNames, quizStatusNames } from '../../../shared/quiz/names'
import { cx } from '../../../utils/cx'
import { redirectPage } from '../../../utils/navigate'
import { editorBranches } from '../editor-branch'
import { difficultyText, limitText } from '../quiz-facts'
import './index.scss'

interface RuleDraft {
  tags: string
  /** 0: any difficulty. */
  difficulty: number
  count: string
}

interface Draft {
  branch: BranchRef | null
  bank: { id: number; title: string } | null
  title: string
  description: string
  mode: 'practice' | 'graded'
  rules: RuleDraft[]
  minutes: string
  attemptLimit: string
  passPercent: string
}

const modeOptions = (['practice', 'graded'] as const).map((m) => ({ value: m, label: quizModeNames[m] }))
const difficultyOptions = [0, 1, 2, 3].map((d) => ({ value: d, label: difficultyText(d) }))
const rulesMax = 5

function draftOf(quiz: ManagedQuiz | null): Draft {
  if (!quiz) {
    return { branch: null, bank: null, title: '', description: '', mode: 'practice', rules: [{ tags: '', difficulty: 0, count: '10' }], minutes: '20', attemptLimit: '', passPercent: '60' }
  }
  return {
    branch: quiz.branch,
    bank: quiz.bank,
    title: quiz.title,
    description: quiz.description,
    mode: quiz.mode === 'graded' ? 'graded' : 'practice',
    rules: quiz.drawRules.map((r) => ({ tags: (r.tags ?? []).join('、'), difficulty: r.difficulty ?? 0, count: String(r.count) })),
    minutes: String(Math.round(quiz.timeLimitSeconds / 60)),
    attemptLimit: quiz.attemptLimit === null ? '' : String(quiz.attemptLimit),
    passPercent: String(quiz.passPercent),
  }
}

const whole = (text: string) => /^\d+$/.test(text.trim())

function problemOf(d: Draft, branch: BranchRef | null): string | null {
  if (!branch) return '请选择面向的组织'
  if (!d.bank) return '请选择题库'
  if (!d.title.trim()) return '请填写测验名称'
  if (d.rules.some((r) => !whole(r.count) || Number(r.count) < 1)) return '每条规则至少抽 1 题'
  const total = d.rules.reduce((sum, r) => sum + Number(r.count), 0)
  if (total > quizLimits.questionsPerQuiz) return `一次最多抽 ${quizLimits.questionsPerQuiz} 题`
  const seconds = Number(d.minutes) * 60
  if (!whole(d.minutes) || seconds < quizLimits.timeLimitMinSeconds || seconds > quizLimits.timeLimitMaxSeconds) return `时间限制为 1 至 ${quizLimits.timeLimitMaxSeconds / 60} 分钟`
  if (d.attemptLimit.trim() && (!whole(d.attemptLimit) || Number(d.attemptLimit) < 1 || Number(d.attemptLimit) > 100)) return '答题次数为 1 至 100，不限请留空'
  if (!whole(d.passPercent) || Number(d.passPercent) > 100) return '及格线为 0 至 100 分'
  return null
}

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(routes.quizManage)
}

/** 编辑测验 (course_editor): scope, bank, draw rules, time, attempts, pass mark and mode. A published quiz is shown, not edited. */
export default function QuizEditPage() {
  const idParam = useRouter().params.id
  const id = idParam ? Number(idParam) : null
  const existing = useResource(`quiz-manage:${id}`, () => api.quiz.manageQuiz({ quizId: id ?? 0 }), { enabled: id !== null })
  const me = useResource('me', () => api.auth.me())

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '新建测验' : '编辑测验' })
  }, [id])

  const error = existing.error ?? me.error
  if (error) {
    return (
      <PageShell className='quiz-edit'>
        <LoadFailure error={error} onRetry={() => void Promise.all([existing.reload(), me.reload()])} />
      </PageShell>
    )
  }
  if ((id !== null && !existing.data) || !me.data) {
    return (
      <PageShell className='quiz-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (existing.data && existing.data.status !== 'draft') return <Published quiz={existing.data} />
  return <QuizEditor id={id} initial={draftOf(existing.data)} branches={editorBranches(me.data.grants)} />
}

function Published({ quiz }: { quiz: ManagedQuiz }) {
  return (
    <PageShell className='quiz-edit'>
      <View className='quiz-edit__card'>
        <Text className='quiz-edit__title'>{quiz.title}</Text>
        <Text className='quiz-edit__fact'>
          {quizStatusNames[quiz.status]} · {quizModeNames[quiz.mode]} · 已交卷 {quiz.attemptCount} 份
        </Text>
        <Text className='quiz-edit__fact'>
          {quiz.branch.name} · 题库「{quiz.bank.title}」 · {quiz.questionCount} 题 · 限时 {limitText(quiz.timeLimitSeconds)}
        </Text>
        {quiz.drawRules.map((r, i) => (
          <Text key={i} className='quiz-edit__fact'>
            规则 {i + 1}：{r.tags?.length ? `标签「${r.tags.join('、')}」` : '任意标签'}，{r.difficulty ? difficultyText(r.difficulty) : '任意难度'}，抽 {r.count} 题
          </Text>
        ))}
        <Text className='quiz-edit__hint'>已发布的测验不能修改规则：会员的答卷按这些规则抽题。</Text>
      </View>
    </PageShell>
  )
}

function BankChooser({ value, onChange }: { value: Draft['bank']; onChange: (bank: BankSummary) => void }) {
  const banks = usePagedList('quiz-edit-banks', (cursor) => api.quiz.banks({ cursor, limit: 20 }))
  return (
    <View className='quiz-edit__banks'>
      {banks.status === 'loading' && <PageState kind='loading' />}
      {banks.failure && <LoadFailure error={banks.failure} onRetry={() => void banks.reload()} />}
      {banks.status === 'ready' && banks.items.length === 0 && <PageState kind='empty' message='还没有题库，请先在题库管理中建立' />}
      {banks.items.map((bank) => (
        <View key={bank.id} className={cx('quiz-edit__bank', value?.id === bank.id && 'quiz-edit__bank--chosen')} onClick={() => onChange(bank)}>
          <Text className='quiz-edit__bank-title'>{bank.title}</Text>
          <Text className='quiz-edit__bank-count'>{bank.questionCount} 题</Text>
        </View>
      ))}
      {banks.status === 'ready' && banks.items.length > 0 && (
        <ListFooter loadingMore={banks.loadingMore} hasMore={banks.hasMore} moreError={banks.moreError} onLoadMore={() => void banks.loadMore()} />
      )}
    </View>
  )
}

function QuizEditor({ id, initial, branches }: { id: number | null; initial: Draft; branches: BranchRef[] }) {
  const [draft, setDraft] = useState<Draft>(initial)
  const [dirty, setDirty] = useState(false)
  const requestId = useRequestId()
  useLeaveGuard(dirty)
  const update = (change: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...change }))
    setDirty(true)
  }
  const setRule = (i: number, change: Partial<RuleDraft>) => update({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) })
  const branch = draft.branch ?? branches[0] ?? null
  const total = draft.rules.reduce((sum, r) => sum + (whole(r.count) ? Number(r.count) : 0), 0)

  const save = useAction(async () => {
    const problem = problemOf(draft, branch)
    if (problem || !branch || !draft.bank) {
      void Taro.showToast({ title: problem ?? '请检查填写内容', icon: 'none' })
      return
    }
    const input = {
      branchId: branch.id,
      bankId: draft.bank.id,
      title: draft.title,
      description: draft.description,
      mode: draft.mode,
      drawRules: draft.rules.map((r) => {
        const tags = r.tags.split(/[、,，\s]+/).filter(Boolean)
        return { count: Number(r.count), ...(tags.length ? { tags } : {}), ...(r.difficulty ? { difficulty: r.difficulty } : {}) }
      }),
      timeLimitSeconds: Number(draft.minutes) * 60,
      attemptLimit: draft.attemptLimit.trim() ? Number(draft.attemptLimit) : null,
      passPercent: Number(draft.passPercent),
    }
    await api.quiz.saveQuiz(id === null ? { ...input, requestId: requestId.idFor(input) } : { ...input, id })
    requestId.reset()
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: '已保存草稿', icon: 'success' })
    leave()
  })

  return (
    <PageShell className='quiz-edit'>
      <View className='quiz-edit__card'>
        <FormField label='面向组织' required hint='本组织及下级组织的会员可以参加'>
          <BranchPicker scope='course_editor' value={branch} onChange={(b) => update({ branch: b })} title='选择面向的组织' placeholder='选择组织' />
        </FormField>
        <FormField label='测验名称' required>
          <Input className='form-field__input quiz-edit__name' value={draft.title} maxlength={40} placeholder='如：红船精神知识测验' onInput={(e) => update({ title: e.detail.value })} />
        </FormField>
        <FormField label='说明'>
          <Textarea className='form-field__textarea' value={draft.description} maxlength={500} autoHeight placeholder='测验的目的和要求' onInput={(e) => update({ description: e.detail.value })} />
        </FormField>
        <FormField label='模式' required hint={draft.mode === 'graded' ? '考试：按及格线判定是否通过' : '练习：不判定及格，便于反复练习'}>
          <ChoiceChips options={modeOptions} value={draft.mode} onChange={(mode) => update({ mode })} />
        </FormField>
      </View>

      <View className='quiz-edit__card'>
        <Text className='quiz-edit__section'>题库{draft.bank ? `：${draft.bank.title}` : ''}</Text>
        <BankChooser value={draft.bank} onChange={(bank) => update({ bank: { id: bank.id, title: bank.title } })} />
      </View>

      <View className='quiz-edit__card'>
        <Text className='quiz-edit__section'>抽题规则（共 {total} 题）</Text>
        <Text className='quiz-edit__hint'>每次答题按规则从题库随机抽题，规则依次抽取、不重复。</Text>
        {draft.rules.map((rule, i) => (
          <View key={i} className='quiz-edit__rule'>
            <View className='quiz-edit__rule-head'>
              <Text className='quiz-edit__rule-title'>规则 {i + 1}</Text>
              {draft.rules.length > 1 && (
                <Text className='quiz-edit__remove' onClick={() => update({ rules: draft.rules.filter((_, j) => j !== i) })}>
                  删除
                </Text>
              )}
            </View>
            <Input className='form-field__input' value={rule.tags} maxlength={80} placeholder='标签（可选，顿号分隔，含任一即可）' onInput={(e) => setRule(i, { tags: e.detail.value })} />
            <ChoiceChips options={difficultyOptions} value={rule.difficulty} onChange={(difficulty) => setRule(i, { difficulty })} />
            <View className='quiz-edit__line'>
              <Text>抽</Text>
              <Input className='form-field__input quiz-edit__number quiz-edit__count' type='number' value={rule.count} maxlength={3} onInput={(e) => setRule(i, { count: e.detail.value })} />
              <Text>题</Text>
            </View>
          </View>
        ))}
        {draft.rules.length < rulesMax && (
          <Text className='quiz-edit__add' onClick={() => update({ rules: [...draft.rules, { tags: '', difficulty: 0, count: '5' }] })}>
            + 添加规则
          </Text>
        )}
      </View>

      <View className='quiz-edit__card'>
        <FormField label='时间限制' required>
          <View className='quiz-edit__line'>
            <Input className='form-field__input quiz-edit__number quiz-edit__minutes' type='number' value={draft.minutes} maxlength={3} onInput={(e) => update({ minutes: e.detail.value })} />
            <Text>分钟</Text>
          </View>
        </FormField>
        <FormField label='答题次数' hint='每人最多可交卷的次数，留空为不限'>
          <View className='quiz-edit__line'>
            <Input className='form-field__input quiz-edit__number quiz-edit__attempts' type='number' value={draft.attemptLimit} maxlength={3} placeholder='不限' onInput={(e) => update({ attemptLimit: e.detail.value })} />
            <Text>次</Text>
          </View>
        </FormField>
        {draft.mode === 'graded' && (
          <FormField label='及格线' required>
            <View className='quiz-edit__line'>
              <Input className='form-field__input quiz-edit__number quiz-edit__pass' type='number' value={draft.passPercent} maxlength={3} onInput={(e) => update({ passPercent: e.detail.value })} />
              <Text>分（满分 100）</Text>
            </View>
          </FormField>
        )}
      </View>

      <View className='quiz-edit__footer'>
        <Button className='quiz-edit__save' type='primary' block loading={save.busy} onClick={() => void save.run()}>
          保存草稿
        </Button>
        <Text className='quiz-edit__hint'>保存后在测验管理中「发布」，会员才能看到。</Text>
      </View>
    </PageShell>
  )
}
