import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { reportActionNames, reportActions, suspendDaysMax } from '../../../shared/dating/review-names'
import type { ReportAction } from '../../../shared/dating/review-names'

const options = reportActions.map((value) => ({ value, label: reportActionNames[value] }))

const consequence: Record<ReportAction, string> = {
  dismiss: '不通知被举报人，举报记为不予处理。',
  warn: '被举报人会收到一条提醒，资料照常展示。',
  suspend: '期间资料不展示，对方不能喜欢、聊天或报名活动；期满自动恢复。',
  close: '资料永久关闭，现有配对和聊天全部结束，不能恢复。',
}

/** How a matchmaker acts on a report: the action, days for a suspension, and a note the target is told. */
export function HandleForm({ reportId, onDone }: { reportId: number; onDone: (toast: string) => Promise<void> }) {
  const [action, setAction] = useState<ReportAction | null>(null)
  const [days, setDays] = useState('7')
  const [note, setNote] = useState('')
  const [error, setError] = useState<{ field: 'action' | 'days' | 'note'; message: string } | null>(null)

  const submit = useAction(async () => {
    const trimmed = note.trim()
    const dayCount = Number(days)
    if (!action) return setError({ field: 'action', message: '请选择处理方式' })
    if (action === 'suspend' && !(Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= suspendDaysMax)) {
      return setError({ field: 'days', message: `暂停天数为 1–${suspendDaysMax} 天` })
    }
    if (trimmed.length < 2) return setError({ field: 'note', message: '请填写处理说明（2–200 字）' })
    if (action === 'close') {
      const { confirm } = await Taro.showModal({ title: '关闭资料', content: consequence.close, confirmText: '关闭', confirmColor: '#c4161c' })
      if (!confirm) return
    }
    const result = await api.dating.handleReport({ reportId, action, note: trimmed, ...(action === 'suspend' ? { days: dayCount } : {}) })
    await onDone(`已处理：${reportActionNames[action]}`)
    return result
  })

  return (
    <View className='matchmaker-report__card matchmaker-report__form'>
      <Text className='matchmaker-report__title'>处理</Text>
      <FormField label='处理方式' required error={error?.field === 'action' ? error.message : undefined} hint={action ? consequence[action] : undefined}>
        <ChoiceChips
          className='matchmaker-report__actions'
          options={options}
          value={action}
          onChange={(value) => {
            setAction(value)
            setError(null)
          }}
        />
      </FormField>
      {action === 'suspend' && (
        <FormField label='暂停天数' required error={error?.field === 'days' ? error.message : undefined}>
          <Input
            className='form-field__input matchmaker-report__days'
            type='number'
            value={days}
            maxlength={2}
            onInput={(e) => {
              setDays(e.detail.value)
              setError(null)
            }}
          />
        </FormField>
      )}
      <FormField label='处理说明' required error={error?.field === 'note' ? error.message : undefined} hint={action === 'dismiss' ? '仅红娘可见' : '被举报人会看到这段说明'}>
        <Textarea
          className='form-field__textarea matchmaker-report__note'
          value={note}
          maxlength={200}
          placeholder='例如：经核实，对方多次发送骚扰信息'
          onInput={(e) => {
            setNote(e.detail.value)
            setError(null)
          }}
        />
      </FormField>
      <Button className='matchmaker-report__submit' type='primary' block loading={submit.busy} onClick={() => void submit.run()}>
        提交处理
      </Button>
    </View>
  )
}
