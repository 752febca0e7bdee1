import { Button } from '@nutui/nutui-react-taro'
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import type { RosterSlot, RosterView } from '../../../shared/api'
import { weekdayNames } from '../../../shared/legal/ask-rules'
import type { Weekday } from '../../../shared/legal/ask-rules'
import { cx } from '../../../utils/cx'
import './index.scss'

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const satisfies readonly Weekday[]

/** Minutes after midnight as the time picker shows them, "08:30". */
function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
}

/** The picker's "HH:mm" back to minutes; the end of the day is 24:00. */
function minuteOf(text: string): number {
  const [h, m] = text.split(':').map(Number)
  return h * 60 + m
}

function SlotForm({ roster, onSaved }: { roster: RosterView; onSaved: (view: RosterView) => void }) {
  const [lawyer, setLawyer] = useState<number | null>(roster.lawyers[0]?.userId ?? null)
  const [days, setDays] = useState<Weekday[]>([1, 2, 3, 4, 5])
  const [start, setStart] = useState(510)
  const [end, setEnd] = useState(1050)
  const [error, setError] = useState('')

  const save = useAction(async () => {
    if (lawyer === null) return setError('请选择律师')
    if (days.length === 0) return setError('请选择星期')
    if (start >= end) return setError('结束时间须晚于开始时间')
    setError('')
    const view = await api.legal.rosterSave({ branchId: roster.branch.id, lawyerUserId: lawyer, weekdays: days, startMinute: start, endMinute: end })
    void Taro.showToast({ title: '已添加', icon: 'success' })
    onSaved(view)
  })

  if (roster.lawyers.length === 0) {
    return <Text className='legal-roster__muted'>「{roster.branch.name}」范围内还没有律师。请先在「角色授权」中授予律师角色。</Text>
  }
  return (
    <View className='legal-roster__form'>
      <FormField label='律师' required>
        <ChoiceChips className='legal-roster__lawyer' options={roster.lawyers.map((l) => ({ value: l.userId, label: l.name }))} value={lawyer} onChange={setLawyer} />
      </FormField>
      <FormField label='星期' required hint='可多选'>
        <View className='legal-roster__days' role='group'>
          {weekdays.map((d) => (
            <View
              key={d}
              role='checkbox'
              aria-checked={days.includes(d)}
              className={cx('legal-roster__day', days.includes(d) && 'legal-roster__day--on')}
              onClick={() => setDays((ds) => (ds.includes(d) ? ds.filter((x) => x !== d) : [...ds, d].sort((a, b) => a - b)))}
            >
              <Text>{weekdayNames[d]}</Text>
            </View>
          ))}
        </View>
      </FormField>
      <FormField label='值班时间' required error={error}>
        <View className='legal-roster__times'>
          <Picker mode='time' value={clock(start)} onChange={(e) => setStart(minuteOf(String(e.detail.value)))}>
            <View className='legal-roster__time legal-roster__start'>
              <Text>{clock(start)}</Text>
            </View>
          </Picker>
          <Text className='legal-roster__muted'>至</Text>
          <Picker mode='time' value={clock(Math.min(end, 1439))} onChange={(e) => setEnd(minuteOf(String(e.detail.value)))}>
            <View className='legal-roster__time legal-roster__end'>
              <Text>{clock(end)}</Text>
            </View>
          </Picker>
        </View>
      </FormField>
      <Button className='legal-roster__save' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        添加值班
      </Button>
    </View>
  )
}

/**
 * 值班表 (legal_admin): who is on duty for a county's queue (or the city's), by weekday and hours.
 * A county without a roster sends its members' questions to the city.
 */
export default function LegalRosterPage() {
  const [branchId, setBranchId] = useState<number | null>(null)
  const roster = useResource(`legal-roster:${branchId ?? ''}`, () => api.legal.rosterList({ branchId }))
  const view = roster.data

  const remove = useAction(async (slot: RosterSlot) => {
    const { confirm } = await Taro.showModal({
      title: '删除值班',
      content: `删除 ${slot.lawyer.name} ${weekdayNames[slot.weekday]} ${clock(slot.startMinute)}–${clock(slot.endMinute)} 的值班？`,
      confirmText: '删除',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    const next = await api.legal.rosterRemove({ id: slot.id })
    roster.setData(() => next)
  })

  let body
  if (roster.status === 'loading' && !view) body = <PageState kind='loading' />
  else if (roster.error || !view) body = roster.error && <LoadFailure error={roster.error} onRetry={() => void roster.reload()} />
  else {
    body = (
      <>
        {view.branches.length > 1 && (
          <View className='legal-roster__card'>
            <ChoiceChips className='legal-roster__branch' options={view.branches.map((b) => ({ value: b.id, label: b.name }))} value={view.branch.id} onChange={setBranchId} />
          </View>
        )}
        <View className='legal-roster__card'>
          <Text className='legal-roster__card-title'>{view.branch.name} 值班表</Text>
          {view.slots.length === 0 && (
            <Text className='legal-roster__muted'>
              {view.branch.level === 1 ? '还没有安排值班律师。' : '还没有安排值班律师：本区县职工的咨询会转到市总工会的队列。'}
            </Text>
          )}
          {weekdays.map((d) => {
            const slots = view.slots.filter((s) => s.weekday === d)
            if (slots.length === 0) return null
            return (
              <View key={d} className='legal-roster__weekday'>
                <Text className='legal-roster__weekday-name'>{weekdayNames[d]}</Text>
                {slots.map((s) => (
                  <View key={s.id} className='legal-roster__slot'>
                    <Text className='legal-roster__slot-text'>
                      {s.lawyer.name} {clock(s.startMinute)}–{clock(s.endMinute)}
                    </Text>
                    <Text className='legal-roster__remove' onClick={() => void remove.run(s)}>
                      删除
                    </Text>
                  </View>
                ))}
              </View>
            )
          })}
        </View>
        <View className='legal-roster__card'>
          <Text className='legal-roster__card-title'>添加值班</Text>
          <SlotForm key={view.branch.id} roster={view} onSaved={(next) => roster.setData(() => next)} />
        </View>
      </>
    )
  }

  return <PageShell className='legal-roster'>{body}</PageShell>
}
