import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { DateTimeField, dateTimeValueOf, isoOfDateTime } from '../../../components/datetime-field'
import type { DateTimeValue } from '../../../components/datetime-field'
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
import type { BranchRef, ManagedEvent, Me } from '../../../shared/api'
import { redirectPage } from '../../../utils/navigate'
import '../events/matchmaker-events.scss'

interface Draft {
  branch: BranchRef | null
  title: string
  intro: string
  place: string
  startsAt: DateTimeValue
  endsAt: DateTimeValue
  signupDeadline: DateTimeValue
  picksCloseAt: DateTimeValue
  capacityMale: string
  capacityFemale: string
}

/** What the page can tell before the server does; the server checks all of it again. */
function problemOf(d: Draft): string | null {
  if (!d.branch) return '请选择活动面向的组织'
  if (!d.title.trim()) return '请填写活动名称'
  if (!d.place.trim()) return '请填写活动地点'
  const deadline = dayjs(isoOfDateTime(d.signupDeadline))
  const start = dayjs(isoOfDateTime(d.startsAt))
  const end = dayjs(isoOfDateTime(d.endsAt))
  const picks = dayjs(isoOfDateTime(d.picksCloseAt))
  if (!deadline.isAfter(dayjs())) return '报名截止时间须晚于现在'
  if (deadline.isAfter(start)) return '报名截止时间不能晚于活动开始时间'
  if (!end.isAfter(start)) return '结束时间须晚于开始时间'
  if (!picks.isAfter(end)) return '互选截止时间须晚于活动结束时间'
  for (const [label, value] of [['男嘉宾', d.capacityMale], ['女嘉宾', d.capacityFemale]] as const) {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) return `${label}名额为 1 至 1000 人`
  }
  return null
}

function initialDraft(me: Me, event: ManagedEvent | null): Draft {
  if (event) {
    return {
      branch: event.branch,
      title: event.title,
      intro: event.intro,
      place: event.place,
      startsAt: dateTimeValueOf(event.startsAt),
      endsAt: dateTimeValueOf(event.endsAt),
      signupDeadline: dateTimeValueOf(event.signupDeadline),
      picksCloseAt: dateTimeValueOf(event.picksCloseAt),
      capacityMale: String(event.capacity.male),
      capacityFemale: String(event.capacity.female),
    }
  }
  const start = dayjs().add(14, 'day').hour(14).minute(0)
  return {
    branch: me.grants.find((g) => g.role === 'matchmaker')?.branch ?? null,
    title: '',
    intro: '',
    place: '',
    startsAt: dateTimeValueOf(start),
    endsAt: dateTimeValueOf(start.add(3, 'hour')),
    signupDeadline: dateTimeValueOf(start.subtract(2, 'day').hour(18)),
    picksCloseAt: dateTimeValueOf(start.add(2, 'day').hour(22)),
    capacityMale: '20',
    capacityFemale: '20',
  }
}

function EventEditor({ me, event }: { me: Me; event: ManagedEvent | null }) {
  const [draft, setDraft] = useState(() => initialDraft(me, event))
  const [dirty, setDirty] = useState(false)
  const request = useRequestId()
  useLeaveGuard(dirty)
  const set = <K extends keyof Draft>(field: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setDirty(true)
  }
  const save = useAction(async (publish: boolean) => {
    const problem = problemOf(draft)
    if (problem || !draft.branch) {
      void Taro.showToast({ title: problem ?? '请选择活动面向的组织', icon: 'none' })
      return
    }
    if (publish) {
      const { confirm } = await Taro.showModal({ title: '发布活动', content: '发布后面向组织的会员即可报名，活动信息不能再修改。', confirmText: '发布', cancelText: '再想想' })
      if (!confirm) return
    }
    const fields = {
      branchId: draft.branch.id,
      title: draft.title.trim(),
      intro: draft.intro.trim(),
      place: draft.place.trim(),
      startsAt: isoOfDateTime(draft.startsAt),
      endsAt: isoOfDateTime(draft.endsAt),
      signupDeadline: isoOfDateTime(draft.signupDeadline),
      picksCloseAt: isoOfDateTime(draft.picksCloseAt),
      capacityMale: Number(draft.capacityMale),
      capacityFemale: Number(draft.capacityFemale),
    }
    const saved = await api.dating.saveEvent({ ...fields, ...(event ? { eventId: event.id } : {}), requestId: request.idFor(fields) })
    request.reset()
    setDirty(false)
    setLeaveGuard(null)
    if (publish) {
      await api.dating.publishEvent({ eventId: saved.id })
      void Taro.showToast({ title: '已发布', icon: 'success' })
      void redirectPage(withQuery(routes.matchmakerEventRoster, { id: saved.id }))
      return
    }
    void Taro.showToast({ title: '草稿已保存', icon: 'success' })
    if (!event) void redirectPage(withQuery(routes.matchmakerEventEdit, { id: saved.id }))
  })
  const today = dayjs().format('YYYY-MM-DD')
  return (
    <PageShell className='matchmaker-event-edit'>
      <View className='mm-event-card'>
        <FormField label='面向组织' required hint='该组织及其下级组织的会员可以报名'>
          <BranchPicker scope='matchmaker' value={draft.branch} onChange={set('branch')} title='选择活动面向的组织' placeholder='选择组织' />
        </FormField>
        <FormField label='活动名称' required>
          <Input className='form-field__input' value={draft.title} maxlength={40} placeholder='如：秀洲区青年职工冬日联谊会' onInput={(e) => set('title')(e.detail.value)} />
        </FormField>
        <FormField label='活动地点' required>
          <Input className='form-field__input' value={draft.place} maxlength={100} placeholder='如：秀洲区职工服务中心三楼' onInput={(e) => set('place')(e.detail.value)} />
        </FormField>
        <FormField label='活动介绍'>
          <Textarea className='form-field__textarea' value={draft.intro} maxlength={1000} placeholder='流程、着装、费用等' onInput={(e) => set('intro')(e.detail.value)} />
        </FormField>
        <FormField label='报名截止' required>
          <DateTimeField value={draft.signupDeadline} start={today} onChange={set('signupDeadline')} />
        </FormField>
        <FormField label='开始时间' required hint='会员可在开始前 1 小时起扫码签到'>
          <DateTimeField value={draft.startsAt} start={today} onChange={set('startsAt')} />
        </FormField>
        <FormField label='结束时间' required>
          <DateTimeField value={draft.endsAt} start={today} onChange={set('endsAt')} />
        </FormField>
        <FormField label='互选截止' required hint='活动结束后，到场嘉宾在此之前互选'>
          <DateTimeField value={draft.picksCloseAt} start={today} onChange={set('picksCloseAt')} />
        </FormField>
        <FormField label='男嘉宾名额' required>
          <Input className='form-field__input' type='number' value={draft.capacityMale} maxlength={4} onInput={(e) => set('capacityMale')(e.detail.value)} />
        </FormField>
        <FormField label='女嘉宾名额' required hint='名额满后报名进入候补，有人取消时按顺序递补'>
          <Input className='form-field__input' type='number' value={draft.capacityFemale} maxlength={4} onInput={(e) => set('capacityFemale')(e.detail.value)} />
        </FormField>
      </View>
      <View className='mm-event-footer'>
        <Button type='primary' block loading={save.busy} onClick={() => void save.run(true)}>
          发布活动
        </Button>
        <Button block loading={save.busy} onClick={() => void save.run(false)}>
          保存草稿
        </Button>
        <Text className='mm-event-card__note'>发布后活动信息不能修改；如需变更，请取消后重新创建。</Text>
      </View>
    </PageShell>
  )
}

/** 红娘: a new 联谊活动 or a draft (?id=): audience, time, place, places per gender; 保存草稿 or 发布. */
export default function MatchmakerEventEditPage() {
  const params = useRouter().params
  const id = params.id ? Number(params.id) : null
  const me = useResource('me', () => api.auth.me())
  const event = useResource(`matchmaker-event:${id}`, () => api.dating.managedEvent({ eventId: id ?? 0 }), { enabled: id !== null })
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '新建联谊活动' : '编辑联谊活动' })
  }, [id])
  const failure = me.error ?? event.error
  if (failure) {
    return (
      <PageShell className='matchmaker-event-edit'>
        <LoadFailure error={failure} onRetry={() => void (me.error ? me.reload() : event.reload())} />
      </PageShell>
    )
  }
  if (!me.data || (id !== null && !event.data)) {
    return (
      <PageShell className='matchmaker-event-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (event.data && event.data.status !== 'draft') {
    return (
      <PageShell className='matchmaker-event-edit'>
        <PageState kind='empty' message='已发布或已取消的活动不能修改' />
      </PageShell>
    )
  }
  return <EventEditor key={id ?? 'new'} me={me.data} event={event.data ?? null} />
}
