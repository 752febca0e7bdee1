import { Button } from '@nutui/nutui-react-taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import dayjs from 'dayjs'
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
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { routes, withQuery } from '../../../routes'
import { courseCategoryNames, courseLimits } from '../../../shared/course/names'
import { normalizePersonName, personNameProblem } from '../../../shared/person-name'
import { phoneNumberProblem } from '../../../shared/phone-number'
import { redirectPage } from '../../../utils/navigate'
import { shanghaiDay } from '../../../utils/time'

interface Draft {
  branchId: number | null
  headcount: string
  dates: string[]
  contactName: string
  contactPhone: string
  note: string
}

/** What the page can tell before the server does; the server checks all of it again. */
function problemOf(d: Draft): string | null {
  if (d.branchId === null) return '请选择点单单位'
  if (!/^\d+$/.test(d.headcount) || Number(d.headcount) < 1 || Number(d.headcount) > courseLimits.headcountMax) return `参训人数为 1 至 ${courseLimits.headcountMax} 人`
  if (d.dates.length === 0) return '请至少选择一个期望日期'
  if (new Set(d.dates).size !== d.dates.length) return '期望日期不能重复'
  return personNameProblem(normalizePersonName(d.contactName), '联系人') ?? phoneNumberProblem(d.contactPhone.trim())
}

/** 企业点单: an enterprise union's admin orders an offline session of the course for its workers. */
export function OrderForm({ courseId }: { courseId: number }) {
  const form = useResource(`training-order-form:${courseId}`, () => api.course.orderForm({ courseId }))
  // The server takes days after today in Shanghai, whatever the phone's zone.
  const tomorrow = shanghaiDay(1)
  const [draft, setDraft] = useState<Draft>({ branchId: null, headcount: '', dates: [tomorrow], contactName: '', contactPhone: '', note: '' })
  const [dirty, setDirty] = useState(false)
  const requestId = useRequestId()
  const subscribe = useSubscribeConsent('trainingOrder')
  useLeaveGuard(dirty)
  const set = <K extends keyof Draft>(field: K) => (value: Draft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }))
    setDirty(true)
  }
  const branches = form.data?.branches ?? []
  const branchId = draft.branchId ?? (branches.length === 1 ? branches[0].id : null)

  const submit = useAction(async () => {
    const chosen = { ...draft, branchId }
    const problem = problemOf(chosen)
    if (problem || chosen.branchId === null) {
      void Taro.showToast({ title: problem ?? '请检查填写内容', icon: 'none' })
      return
    }
    const input = {
      courseId,
      branchId: chosen.branchId,
      headcount: Number(chosen.headcount),
      preferredDates: chosen.dates,
      note: chosen.note,
      contactName: chosen.contactName,
      contactPhone: chosen.contactPhone.trim(),
    }
    const placed = await api.course.orderCourse({ ...input, requestId: requestId.idFor(input) })
    requestId.reset()
    setDirty(false)
    setLeaveGuard(null)
    void Taro.showToast({ title: '点单已提交', icon: 'success' })
    void redirectPage(withQuery(routes.trainingOrder, { id: placed.id }))
  })

  if (form.error) {
    return (
      <PageShell className='training-order'>
        <LoadFailure error={form.error} onRetry={() => void form.reload()} />
      </PageShell>
    )
  }
  if (!form.data) {
    return (
      <PageShell className='training-order'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const { course } = form.data
  if (branches.length === 0) {
    return (
      <PageShell className='training-order'>
        <PageState kind='empty' message='只有企业（基层）工会的管理员可以为本单位点单' />
      </PageShell>
    )
  }
  return (
    <PageShell className='training-order'>
      <View className='training-card'>
        <Text className='training-card__title'>{course.title}</Text>
        <Text className='training-card__fact'>
          {courseCategoryNames[course.category]} · 授课 {course.teacher || '待定'}
        </Text>
        <Text className='training-card__note'>提交后由区县总工会受理并安排培训场次（时间、地点、名额），本单位职工在「线下课程」中报名。</Text>
      </View>
      <View className='training-card'>
        <FormField label='点单单位' required>
          <ChoiceChips options={branches.map((b) => ({ value: b.id, label: b.name }))} value={branchId} onChange={set('branchId')} />
        </FormField>
        <FormField label='参训人数' required hint={`预计参加培训的职工人数，1 至 ${courseLimits.headcountMax} 人`}>
          <Input className='form-field__input' type='number' value={draft.headcount} maxlength={5} placeholder='如：30' onInput={(e) => set('headcount')(e.detail.value)} />
        </FormField>
        <FormField label='期望日期' required hint={`最多 ${courseLimits.preferredDatesMax} 个，按优先顺序`}>
          {draft.dates.map((day, i) => (
            <View key={i} className='order-form__date'>
              <Picker mode='date' value={day} start={tomorrow} onChange={(e) => set('dates')(draft.dates.map((d, j) => (j === i ? String(e.detail.value) : d)))}>
                <Text className='order-form__day'>
                  第 {i + 1} 选择：{day}
                </Text>
              </Picker>
              {draft.dates.length > 1 && (
                <Text className='order-form__remove' onClick={() => set('dates')(draft.dates.filter((_, j) => j !== i))}>
                  移除
                </Text>
              )}
            </View>
          ))}
          {draft.dates.length < courseLimits.preferredDatesMax && (
            <Text className='order-form__add' onClick={() => set('dates')([...draft.dates, dayjs(draft.dates[draft.dates.length - 1] ?? tomorrow).add(1, 'day').format('YYYY-MM-DD')])}>
              + 添加备选日期
            </Text>
          )}
        </FormField>
        <FormField label='联系人' required>
          <Input className='form-field__input' value={draft.contactName} maxlength={20} placeholder='负责对接的工会干部' onInput={(e) => set('contactName')(e.detail.value)} />
        </FormField>
        <FormField label='联系电话' required>
          <Input className='form-field__input' type='number' value={draft.contactPhone} maxlength={11} placeholder='手机号码' onInput={(e) => set('contactPhone')(e.detail.value)} />
        </FormField>
        <FormField label='备注'>
          <Textarea className='form-field__textarea' value={draft.note} maxlength={500} autoHeight placeholder='如：车间两班倒，希望安排在下午' onInput={(e) => set('note')(e.detail.value)} />
        </FormField>
      </View>
      <View className='training-footer'>
        <Button
          type='primary'
          block
          loading={submit.busy}
          onClick={() => {
            // WeChat shows the consent dialog only within the tap itself.
            subscribe.ask()
            void submit.run()
          }}
        >
          提交点单
        </Button>
      </View>
    </PageShell>
  )
}
