import { Button } from '@nutui/nutui-react-taro'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import type { LegalPolicyView } from '../../../shared/api'
import { formatWorkingMinutes } from '../figures/period'
import './index.scss'

type NumberField = 'responseMinutes' | 'countyAfterMinutes' | 'cityAfterMinutes' | 'autoCloseDays'

const numberFields: { key: NumberField; label: string; unit: string; hint: string }[] = [
  { key: 'responseMinutes', label: '首次答复时限', unit: '工作分钟', hint: '职工提问后，律师须在这段工作时间内首次答复；超时先提醒值班律师' },
  { key: 'countyAfterMinutes', label: '超时后上报区县', unit: '工作分钟', hint: '超过答复时限这段工作时间仍未答复，通知区县法律服务管理员' },
  { key: 'cityAfterMinutes', label: '超时后上报市总', unit: '工作分钟', hint: '超过答复时限这段工作时间仍未答复，通知市总工会法律服务管理员' },
  { key: 'autoCloseDays', label: '自动关闭', unit: '天', hint: '律师答复后职工这么多天未回复，咨询自动关闭' },
]

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

function PolicyForm({ policy, onSaved }: { policy: LegalPolicyView; onSaved: (saved: LegalPolicyView) => void }) {
  const [values, setValues] = useState<Record<NumberField, string>>({
    responseMinutes: String(policy.responseMinutes),
    countyAfterMinutes: String(policy.countyAfterMinutes),
    cityAfterMinutes: String(policy.cityAfterMinutes),
    autoCloseDays: String(policy.autoCloseDays),
  })
  const [start, setStart] = useState(clock(policy.workdayStartMinute))
  const [end, setEnd] = useState(clock(policy.workdayEndMinute))
  const [errors, setErrors] = useState<Partial<Record<NumberField | 'end', string>>>({})
  const editable = policy.editable

  const save = useAction(async () => {
    const found: Partial<Record<NumberField | 'end', string>> = {}
    for (const { key } of numberFields) if (!/^\d{1,4}$/.test(values[key].trim())) found[key] = '请填写整数'
    if (minuteOf(end) <= minuteOf(start)) found.end = '下班时间须晚于上班时间'
    setErrors(found)
    if (Object.keys(found).length > 0) return
    const saved = await api.legal.savePolicy({
      responseMinutes: Number(values.responseMinutes),
      countyAfterMinutes: Number(values.countyAfterMinutes),
      cityAfterMinutes: Number(values.cityAfterMinutes),
      autoCloseDays: Number(values.autoCloseDays),
      workdayStartMinute: minuteOf(start),
      workdayEndMinute: minuteOf(end),
    })
    onSaved(saved)
    void Taro.showToast({ title: '已保存，新提问按新时限计算', icon: 'none' })
  })

  return (
    <View className={`legal-policy__form${editable ? '' : ' legal-policy__form--read-only'}`}>
      {numberFields.map(({ key, label, unit, hint }) => {
        const value = Number(values[key])
        const spoken = unit === '工作分钟' && /^\d+$/.test(values[key]) && value >= 60 ? `（${formatWorkingMinutes(value)}）` : ''
        return (
          <FormField key={key} label={`${label}（${unit}）`} required hint={`${hint}${spoken}`} error={errors[key]}>
            <Input
              className={`form-field__input legal-policy__input legal-policy__input--${key}`}
              type='number'
              maxlength={4}
              disabled={!editable}
              value={values[key]}
              onInput={(e) => {
                setValues((v) => ({ ...v, [key]: e.detail.value }))
                setErrors((x) => ({ ...x, [key]: undefined }))
              }}
            />
          </FormField>
        )
      })}
      <FormField label='工作时间' required hint='只有工作日的这段时间计入答复时限' error={errors.end}>
        <View className='legal-policy__hours'>
          <Picker mode='time' value={start} disabled={!editable} onChange={(e) => setStart(String(e.detail.value))}>
            <View className='legal-policy__time'>{start}</View>
          </Picker>
          <Text>至</Text>
          <Picker mode='time' value={end} disabled={!editable} onChange={(e) => setEnd(String(e.detail.value))}>
            <View className='legal-policy__time'>{end}</View>
          </Picker>
        </View>
      </FormField>
      {editable ? (
        <Button className='legal-policy__save' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
          保存
        </Button>
      ) : (
        <Text className='legal-policy__note'>答复时限由市总工会法律服务管理员设置。</Text>
      )}
    </View>
  )
}

/**
 * 答复时限 (issue §4): the response-time policy, changed by a city legal_admin, read by every
 * legal_admin; and whether the holiday calendar covers this year and next, without which
 * holidays would count as working days.
 */
export default function LegalPolicyPage() {
  const policy = useResource('legal-policy', () => api.legal.policy({}))
  const [saved, setSaved] = useState<LegalPolicyView | null>(null)
  useEffect(() => setSaved(null), [policy.data])
  const current = saved ?? policy.data

  let body
  if (policy.error) body = <LoadFailure error={policy.error} onRetry={() => void policy.reload()} />
  else if (!current) body = <PageState kind='loading' />
  else {
    const missing = current.calendar.filter((c) => !c.covered).map((c) => c.year)
    body = (
      <>
        <View className={`legal-policy__calendar${missing.length ? ' legal-policy__calendar--missing' : ''}`}>
          <Text>
            {missing.length
              ? `尚未录入 ${missing.join('、')} 年的法定节假日安排：这些年份只按周末排除非工作日。国务院公布安排后请联系技术人员更新。`
              : `已录入 ${current.calendar.map((c) => c.year).join('、')} 年的法定节假日和调休安排。`}
          </Text>
        </View>
        <PolicyForm key={current.updatedAt} policy={current} onSaved={setSaved} />
        {current.updatedBy && (
          <Text className='legal-policy__note legal-policy__updated'>
            最近由 {current.updatedBy} 于 {current.updatedAt.slice(0, 10)} 修改。已提出的咨询仍按提问时的时限计算。
          </Text>
        )}
      </>
    )
  }
  return <PageShell className='legal-policy'>{body}</PageShell>
}
