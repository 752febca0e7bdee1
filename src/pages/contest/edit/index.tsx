import { Button } from '@nutui/nutui-react-taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { DateTimeField } from '../../../components/datetime-field'
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
import type { BankSummary } from '../../../shared/api'
import { difficultyNames, quizLimits } from '../../../shared/quiz/names'
import { redirectPage } from '../../../utils/navigate'
import { draftOf, inputOf, newContestDraft, newRound } from './draft'
import type { ContestDraft, RoundDraft } from './draft'
import './index.scss'

const difficultyOptions = [{ value: 0, label: '不限难度' }, ...([1, 2, 3] as const).map((d) => ({ value: d, label: difficultyNames[d] }))]

function leave(id: number) {
  void redirectPage(withQuery(routes.contestDetail, { id }))
}

/** 发起/编辑答题竞赛 (course editor): a draft until it is published from the contest's page. */
export default function ContestEditPage() {
  const idParam = useRouter().params.id
  const id = idParam ? Number(idParam) : null
  const me = useResource('me', () => api.auth.me())
  const existing = useResource(`contest-edit:${id}`, () => api.quiz.contestForEdit({ contestId: id ?? 0 }), { enabled: id !== null })
  const banks = useResource('contest-banks', () => api.quiz.banks({ limit: 50 }))

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '发起答题竞赛' : '编辑答题竞赛' })
  }, [id])

  const error = me.error ?? banks.error ?? (id !== null ? existing.error : undefined)
  if (error) {
    return (
      <PageShell className='contest-edit'>
        <LoadFailure error={error} onRetry={() => void Promise.all([me.reload(), banks.reload(), existing.reload()])} />
      </PageShell>
    )
  }
  if (!me.data || !banks.data || (id !== null && !existing.data)) {
    return (
      <PageShell className='contest-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (existing.data && existing.data.status !== 'draft') {
    return (
      <PageShell className='contest-edit'>
        <PageState kind='empty' message='竞赛已发布或已取消，不能再修改。' action={{ text: '返回竞赛', onClick: () => leave(id ?? 0) }} />
      </PageShell>
    )
  }
  const branches = me.data.grants.filter((g) => g.role === 'course_editor').map((g) => g.branch)
  return <ContestEditor id={id} banks={banks.data.items} initial={existing.data ? draftOf(existing.data) : newContestDraft(branches[0] ?? null, banks.data.items[0]?.id ?? null)} />
}

function RoundEditor({ round, index, banks, onChange, onRemove }: { round: RoundDraft; index: number; banks: BankSummary[]; onChange: (r: RoundDraft) => void; onRemove: (() => void) | null }) {
  const bankIndex = banks.findIndex((b) => b.id === round.bankId)
  const set = <K extends keyof RoundDraft>(field: K) => (value: RoundDraft[K]) => onChange({ ...round, [field]: value })
  return (
    <View className='contest-edit__round'>
      <View className='contest-edit__round-head'>
        <Text className='contest-edit__section'>第 {index + 1} 轮</Text>
        {onRemove && (
          <Text className='contest-edit__remove' onClick={onRemove}>
            删除本轮
          </Text>
        )}
      </View>
      <FormField label='轮次名称' required>
        <Input className='form-field__input' value={round.title} maxlength={20} onInput={(e) => set('title')(e.detail.value)} />
      </FormField>
      <FormField label='题库' required hint='从您管理范围内的题库抽题'>
        <Picker mode='selector' range={banks.map((b) => `${b.title}（${b.questionCount} 题）`)} value={Math.max(0, bankIndex)} onChange={(e) => set('bankId')(banks[Number(e.detail.value)]?.id ?? null)}>
          <Text className='contest-edit__choice'>{bankIndex >= 0 ? banks[bankIndex].title : banks.length > 0 ? '请选择题库' : '还没有题库，请先在题库管理中建立'}</Text>
        </Picker>
      </FormField>
      <FormField label='抽题规则' required hint='每人每次答题按规则随机抽题'>
        {round.rules.map((rule, i) => (
          <View key={i} className='contest-edit__rule'>
            <View className='contest-edit__line'>
              <Text>抽</Text>
              <Input
                className='form-field__input contest-edit__number'
                type='number'
                value={rule.count}
                maxlength={3}
                onInput={(e) => set('rules')(round.rules.map((r, j) => (j === i ? { ...r, count: e.detail.value } : r)))}
              />
              <Text>题</Text>
              {rule.tags && rule.tags.length > 0 && <Text className='contest-edit__hint'>标签：{rule.tags.join('、')}</Text>}
              {round.rules.length > 1 && (
                <Text className='contest-edit__remove' onClick={() => set('rules')(round.rules.filter((_, j) => j !== i))}>
                  删除
                </Text>
              )}
            </View>
            <ChoiceChips options={difficultyOptions} value={rule.difficulty} onChange={(d) => set('rules')(round.rules.map((r, j) => (j === i ? { ...r, difficulty: d } : r)))} />
          </View>
        ))}
        {round.rules.length < 5 && (
          <Text className='contest-edit__add' onClick={() => set('rules')([...round.rules, { count: '5', difficulty: 0 }])}>
            ＋ 添加一条规则
          </Text>
        )}
      </FormField>
      <FormField label='答题时间' required hint={`${quizLimits.timeLimitMinSeconds / 60} 至 ${quizLimits.timeLimitMaxSeconds / 60} 分钟，以服务器计时为准`}>
        <View className='contest-edit__line'>
          <Input className='form-field__input contest-edit__number' type='number' value={round.minutes} maxlength={3} onInput={(e) => set('minutes')(e.detail.value)} />
          <Text>分钟</Text>
        </View>
      </FormField>
      <FormField label='本轮开始' required>
        <DateTimeField value={round.start} onChange={set('start')} />
      </FormField>
      <FormField label='本轮结束' required hint='各轮须在竞赛时间内，且不能重叠'>
        <DateTimeField value={round.end} onChange={set('end')} />
      </FormField>
    </View>
  )
}

function ContestEditor({ id, banks, initial }: { id: number | null; banks: BankSummary[]; initial: ContestDraft }) {
  const [draft, setDraft] = useState<ContestDraft>(initial)
  const [dirty, setDirty] = useState(false)
  const requestId = useRequestId()
  useLeaveGuard(dirty)
  const set = <K extends keyof ContestDraft>(field: K) => (value: ContestDraft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setDirty(true)
  }
  const today = dayjs().format('YYYY-MM-DD')

  const save = useAction(async () => {
    const checked = inputOf(draft, id, requestId.idFor(draft))
    if ('problem' in checked) {
      void Taro.showToast({ title: checked.problem, icon: 'none' })
      return
    }
    const saved = await api.quiz.saveContest(checked.input)
    requestId.reset()
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
    leave(saved.id)
  })

  return (
    <PageShell className='contest-edit'>
      <View className='contest-edit__card'>
        <FormField label='主办组织' required hint='本组织及下级组织的会员可以参赛'>
          <BranchPicker scope='course_editor' value={draft.branch} title='选择主办组织' placeholder='请选择工会组织' onChange={set('branch')} />
        </FormField>
        <FormField label='竞赛名称' required>
          <Input className='form-field__input' value={draft.title} maxlength={40} placeholder='如：红船精神答题拉力赛' onInput={(e) => set('title')(e.detail.value)} />
        </FormField>
        <FormField label='竞赛说明'>
          <Textarea className='form-field__textarea' value={draft.description} maxlength={1000} autoHeight placeholder='竞赛的意义、规则和奖励' onInput={(e) => set('description')(e.detail.value)} />
        </FormField>
        <FormField label='竞赛开始' required>
          <DateTimeField value={draft.start} start={today} onChange={set('start')} />
        </FormField>
        <FormField label='竞赛结束' required hint='结束一分钟后排名冻结，发放名次奖励'>
          <DateTimeField value={draft.end} start={today} onChange={set('end')} />
        </FormField>
        <FormField label='每天可答次数' required hint={`1 至 ${quizLimits.contestDailyAttemptsMax} 次，各轮合计`}>
          <Input className='form-field__input contest-edit__number' type='number' value={draft.dailyAttempts} maxlength={2} onInput={(e) => set('dailyAttempts')(e.detail.value)} />
        </FormField>
        <FormField label='参与积分' hint='首次交卷时发放一次，0 至 100'>
          <Input className='form-field__input contest-edit__number' type='number' value={draft.participationPoints} maxlength={3} onInput={(e) => set('participationPoints')(e.detail.value)} />
        </FormField>
        <FormField label='名次奖励' hint='按名次从前到后填写，最多 5 档；竞赛结束后发放'>
          {draft.placing.map((tier, i) => (
            <View key={i} className='contest-edit__line'>
              <Text>前</Text>
              <Input className='form-field__input contest-edit__number' type='number' value={tier.upToRank} maxlength={4} onInput={(e) => set('placing')(draft.placing.map((t, j) => (j === i ? { ...t, upToRank: e.detail.value } : t)))} />
              <Text>名</Text>
              <Input className='form-field__input contest-edit__number' type='number' value={tier.points} maxlength={4} onInput={(e) => set('placing')(draft.placing.map((t, j) => (j === i ? { ...t, points: e.detail.value } : t)))} />
              <Text>积分</Text>
              <Text className='contest-edit__remove' onClick={() => set('placing')(draft.placing.filter((_, j) => j !== i))}>
                删除
              </Text>
            </View>
          ))}
          {draft.placing.length < 5 && (
            <Text className='contest-edit__add' onClick={() => set('placing')([...draft.placing, { upToRank: '', points: '' }])}>
              ＋ 添加一档
            </Text>
          )}
        </FormField>
      </View>

      <View className='contest-edit__card'>
        {draft.rounds.map((round, i) => (
          <RoundEditor
            key={i}
            round={round}
            index={i}
            banks={banks}
            onChange={(r) => set('rounds')(draft.rounds.map((x, j) => (j === i ? r : x)))}
            onRemove={draft.rounds.length > 1 ? () => set('rounds')(draft.rounds.filter((_, j) => j !== i)) : null}
          />
        ))}
        {draft.rounds.length < quizLimits.contestRoundsMax && (
          <Button
            block
            onClick={() => {
              const last = draft.rounds[draft.rounds.length - 1]
              const start = dayjs(`${last.end.date} ${last.end.time}`)
              set('rounds')([...draft.rounds, newRound(draft.rounds.length, start, start.add(1, 'day'), last.bankId)])
            }}
          >
            添加一轮
          </Button>
        )}
      </View>

      <View className='contest-edit__footer'>
        <Button type='primary' block loading={save.busy} onClick={() => void save.run()}>
          保存草稿
        </Button>
        <Text className='contest-edit__hint'>保存后仍是草稿，在竞赛页「发布」后会员才能看到。</Text>
      </View>
    </PageShell>
  )
}
