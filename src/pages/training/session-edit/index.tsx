import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { DateTimeField, dateTimeValueOf, isoOfDateTime } from '../../../components/datetime-field'
import type { DateTimeValue } from '../../../components/datetime-field'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { useResource } from '../../../hooks/use-resource'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes, withQuery } from '../../../routes'
import { courseLimits } from '../../../shared/course/names'
import { redirectPage } from '../../../utils/navigate'
import '../training.scss'

interface Draft {
  place: string
  startsAt: DateTimeValue
  endsAt: DateTimeValue
  capacity: string
}

/** What the page can tell before the server does; the server checks all of it again. */
function problemOf(d: Draft, isNew: boolean): string | null {
  if (!d.place.trim()) return '请填写培训地点'
  const start = dayjs(isoOfDateTime(d.startsAt))
  const end = dayjs(isoOfDateTime(d.endsAt))
  if (isNew && !start.isAfter(dayjs())) return '培训开始时间须晚于现在'
  if (!end.isAfter(start)) return '结束时间须晚于开始时间'
  if (end.diff(start, 'hour', true) > 12) return '一场培训不超过 12 小时'
  if (!/^\d+$/.test(d.capacity) || Number(d.capacity) < 1 || Number(d.capacity) > courseLimits.sessionCapacityMax) return `名额为 1 至 ${courseLimits.sessionCapacityMax} 人`
  return null
}

function SessionEditor({ id, orderId, initial, headcount }: { id: number | null; orderId: number | null; initial: Draft; headcount: number | null }) {
  const [draft, setDraft] = useState(initial)
  const [dirty, setDirty] = useState(false)
  useLeaveGuard(dirty)
  const set = <K extends keyof Draft>(field: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setDirty(true)
  }
  const save = useAction(async () => {
    const problem = problemOf(draft, id === null)
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none' })
      return
    }
    const fields = { place: draft.place, startsAt: isoOfDateTime(draft.startsAt), endsAt: isoOfDateTime(draft.endsAt), capacity: Number(draft.capacity) }
    const saved = await api.course.saveSession(id !== null ? { id, ...fields } : { orderId: orderId ?? 0, ...fields })
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: saved.promoted > 0 ? `已保存，候补递补 ${saved.promoted} 人` : '已保存', icon: 'none' })
    void redirectPage(withQuery(routes.trainingSession, { id: saved.id }))
  })
  const today = dayjs().format('YYYY-MM-DD')
  return (
    <PageShell className='training-session-edit'>
      <View className='training-card'>
        <FormField label='培训地点' required>
          <Input className='form-field__input' value={draft.place} maxlength={courseLimits.placeMaxLength} placeholder='如：油车港镇职工学校 201 教室' onInput={(e) => set('place')(e.detail.value)} />
        </FormField>
        <FormField label='开始时间' required hint='学员可在开始前 30 分钟起扫码签到'>
          <DateTimeField value={draft.startsAt} start={today} onChange={set('startsAt')} />
        </FormField>
        <FormField label='结束时间' required>
          <DateTimeField value={draft.endsAt} start={today} onChange={set('endsAt')} />
        </FormField>
        <FormField label='名额' required hint={headcount !== null ? `点单参训人数 ${headcount} 人；名额满后报名进入候补` : '名额满后报名进入候补；增加名额会按顺序递补候补学员'}>
          <Input className='form-field__input' type='number' value={draft.capacity} maxlength={5} onInput={(e) => set('capacity')(e.detail.value)} />
        </FormField>
      </View>
      <View className='training-footer'>
        <Button type='primary' block loading={save.busy} onClick={() => void save.run()}>
          {id === null ? '发布培训场次' : '保存修改'}
        </Button>
        <Text className='training-card__note'>发布后，面向单位及其下级组织的会员即可在「线下课程」中报名。</Text>
      </View>
    </PageShell>
  )
}

/** 安排培训 (?orderId=) or 修改培训 (?id=): place, time and capacity of a session. */
export default function TrainingSessionEditPage() {
  const params = useRouter().params
  const id = params.id ? Number(params.id) : null
  const orderId = params.orderId ? Number(params.orderId) : null
  const session = useResource(`training-session:${id}`, () => api.course.sessionDetail({ id: id ?? 0 }), { enabled: id !== null })
  const order = useResource(`training-order:${orderId}`, () => api.course.orderDetail({ id: orderId ?? 0 }), { enabled: orderId !== null })
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '安排培训' : '修改培训' })
  }, [id])

  const failure = session.error ?? order.error
  if (failure) {
    return (
      <PageShell className='training-session-edit'>
        <LoadFailure error={failure} onRetry={() => void (id !== null ? session.reload() : order.reload())} />
      </PageShell>
    )
  }
  if ((id !== null && !session.data) || (orderId !== null && !order.data)) {
    return (
      <PageShell className='training-session-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (id === null && orderId === null) {
    return (
      <PageShell className='training-session-edit'>
        <PageState kind='empty' message='请从点单详情中安排培训' />
      </PageShell>
    )
  }
  if (session.data) {
    const s = session.data
    return (
      <SessionEditor
        id={s.id}
        orderId={null}
        headcount={null}
        initial={{ place: s.place, startsAt: dateTimeValueOf(s.startsAt), endsAt: dateTimeValueOf(s.endsAt), capacity: String(s.capacity) }}
      />
    )
  }
  const o = order.data
  const firstDay = o?.preferredDates[0] ?? dayjs().add(1, 'day').format('YYYY-MM-DD')
  return (
    <SessionEditor
      id={null}
      orderId={orderId}
      headcount={o?.headcount ?? null}
      initial={{ place: '', startsAt: { date: firstDay, time: '14:00' }, endsAt: { date: firstDay, time: '16:00' }, capacity: String(o?.headcount ?? 30) }}
    />
  )
}
