import { Button, Checkbox } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { useLeaveGuard } from '../../../hooks/use-leave-guard'
import { setLeaveGuard } from '../../../platform/leave-guard'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { AidPlan } from '../../../shared/api'
import { redirectPage } from '../../../utils/navigate'
import { checkPlanDraft, newPlanDraft, planDraftOf } from './draft'
import type { PlanDraft, PlanDraftErrors } from './draft'
import './index.scss'

const maxBands = 10
const maxIllnesses = 50

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void redirectPage(routes.aidPlans)
}

export default function PlanEditPage() {
  const idParam = useRouter().params.id
  const id = idParam ? Number(idParam) : null
  const existing = useResource(`aid-plan:${id}`, () => api.aid.plan({ id: id ?? 0 }), { enabled: id !== null })

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id === null ? '新建互助计划' : '编辑互助计划' })
  }, [id])

  if (id !== null && existing.error) {
    return (
      <PageShell className='plan-edit'>
        <LoadFailure error={existing.error} onRetry={() => void existing.reload()} />
      </PageShell>
    )
  }
  if (id !== null && !existing.data) {
    return (
      <PageShell className='plan-edit'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  if (existing.data && !existing.data.editable) {
    return (
      <PageShell className='plan-edit'>
        <PageState kind='empty' message='该计划已开放参保或已关闭，规则不能修改；如需更正，请在计划列表中「创建新版本」。' action={{ text: '返回计划列表', onClick: leave }} />
      </PageShell>
    )
  }
  return <PlanEditor plan={existing.data} />
}

/** A text input bound to one draft field, with the field's error beside it. */
interface TextFieldProps {
  label: string
  value: string
  onInput: (value: string) => void
  error?: string
  hint?: string
  placeholder?: string
  unit?: string
  digitOnly?: boolean
  required?: boolean
}

function TextField({ label, value, onInput, error, hint, placeholder, unit, digitOnly, required }: TextFieldProps) {
  return (
    <FormField label={label} required={required} error={error} hint={hint}>
      <View className='plan-edit__input-line'>
        <Input className='form-field__input plan-edit__input' type={digitOnly ? 'number' : 'digit'} value={value} placeholder={placeholder} maxlength={12} onInput={(e) => onInput(e.detail.value)} />
        {unit && <Text className='plan-edit__unit'>{unit}</Text>}
      </View>
    </FormField>
  )
}

function PlanEditor({ plan }: { plan: AidPlan | null }) {
  const [draft, setDraft] = useState<PlanDraft>(() => (plan ? planDraftOf(plan) : newPlanDraft(new Date().getFullYear() + 1)))
  const [errors, setErrors] = useState<PlanDraftErrors>({})
  const [dirty, setDirty] = useState(false)
  useLeaveGuard(dirty)

  const change = (update: (d: PlanDraft) => PlanDraft, ...fields: string[]) => {
    setDraft(update)
    setDirty(true)
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([key]) => !fields.includes(key))))
  }
  const set = <K extends keyof PlanDraft>(field: K) => (value: PlanDraft[K]) => change((d) => ({ ...d, [field]: value }), field)
  const setBand = (i: number, key: 'upto' | 'ratio', value: string) =>
    change((d) => ({ ...d, bands: d.bands.map((b, k) => (k === i ? { ...b, [key]: value } : b)) }), `bands.${i}.${key}`)
  const setIllness = (i: number, key: 'code' | 'name' | 'lumpSum', value: string) =>
    change((d) => ({ ...d, illnesses: d.illnesses.map((c, k) => (k === i ? { ...c, [key]: value } : c)) }), `illnesses.${i}.${key}`)

  const save = useAction(async () => {
    const checked = checkPlanDraft(draft, plan?.id ?? null)
    setErrors(checked.errors)
    if (!checked.input) {
      void Taro.showToast({ title: Object.values(checked.errors)[0] ?? '请检查填写内容', icon: 'none' })
      return
    }
    await api.aid.savePlan(checked.input)
    setDirty(false)
    // Saved: leave now, before the guard's effect would be lifted on the next render.
    setLeaveGuard(null)
    void Taro.showToast({ title: plan ? '已保存' : '草稿已创建', icon: 'success' })
    leave()
  })

  return (
    <PageShell className='plan-edit'>
      <View className='plan-edit__card'>
        <Text className='plan-edit__section'>基本信息</Text>
        <FormField label='计划名称' required error={errors.name}>
          <Input className='form-field__input plan-edit__name' value={draft.name} maxlength={40} placeholder='4–40 字' onInput={(e) => set('name')(e.detail.value)} />
        </FormField>
        <TextField label='保障年度' required value={draft.coverageYear} onInput={set('coverageYear')} error={errors.coverageYear} digitOnly unit='年' />
        <TextField label='每人互助金' required value={draft.contribution} onInput={set('contribution')} error={errors.contribution} unit='元' />
        <FormField label='可参保范围' required error={errors.eligibleBranch} hint='该组织及其下级组织的会员可以参保'>
          <BranchPicker scope='aid_admin' value={draft.eligibleBranch} title='选择可参保范围' placeholder='请选择工会组织' onChange={(b) => set('eligibleBranch')(b)} />
        </FormField>
        <FormField label='个人参保'>
          <Checkbox className='plan-edit__individual' checked={draft.individualEnrolment} label='允许会员个人参保' onChange={(v) => set('individualEnrolment')(v)} />
        </FormField>
        <TextField label='企业最低参保比例' value={draft.participation} onInput={set('participation')} error={errors.participation} hint='按企业统一参保时须达到的会员比例，不设要求请留空' unit='%' />
        <TextField label='申请时限' required value={draft.filingWindowDays} onInput={set('filingWindowDays')} error={errors.filingWindowDays} hint='出院后多少天内须提交手工申请' digitOnly unit='天' />
      </View>

      <View className='plan-edit__card'>
        <Text className='plan-edit__section'>报销规则</Text>
        <TextField label='观察期' required value={draft.observationDays} onInput={set('observationDays')} error={errors.observationDays} hint='新参保后多少天内发生的费用不予互助；续保免观察期' digitOnly unit='天' />
        <TextField label='年度起付线' required value={draft.deductible} onInput={set('deductible')} error={errors.deductible} hint='每个保障年度只扣一次' unit='元' />
        <FormField label='报销比例（按扣除起付线后的金额分段）' required error={errors.bands}>
          {draft.bands.map((band, i) => {
            const last = i === draft.bands.length - 1
            const from = i === 0 ? '0' : draft.bands[i - 1].upto || '上一段'
            return (
              <View key={i} className='plan-edit__row plan-edit__band'>
                <Text className='plan-edit__row-label'>{last ? `${from} 元以上` : `${from} 元至`}</Text>
                {!last && <Input className='form-field__input plan-edit__row-input' type='digit' value={band.upto} placeholder='上限' onInput={(e) => setBand(i, 'upto', e.detail.value)} />}
                {!last && <Text className='plan-edit__unit'>元</Text>}
                <Input className='form-field__input plan-edit__row-input plan-edit__ratio' type='digit' value={band.ratio} placeholder='比例' onInput={(e) => setBand(i, 'ratio', e.detail.value)} />
                <Text className='plan-edit__unit'>%</Text>
                {draft.bands.length > 1 && (
                  <Text className='plan-edit__remove' onClick={() => change((d) => ({ ...d, bands: d.bands.filter((_, k) => k !== i) }), 'bands')}>
                    删除
                  </Text>
                )}
                {(errors[`bands.${i}.upto`] || errors[`bands.${i}.ratio`]) && <Text className='form-field__error plan-edit__row-error'>{errors[`bands.${i}.upto`] ?? errors[`bands.${i}.ratio`]}</Text>}
              </View>
            )
          })}
          {draft.bands.length < maxBands && (
            <Button size='small' className='plan-edit__add-band' onClick={() => change((d) => ({ ...d, bands: [...d.bands.slice(0, -1), { upto: '', ratio: d.bands[d.bands.length - 1]?.ratio ?? '' }, ...d.bands.slice(-1)] }), 'bands')}>
              增加一段
            </Button>
          )}
        </FormField>
        <TextField label='单次封顶' required value={draft.perClaimCap} onInput={set('perClaimCap')} error={errors.perClaimCap} unit='元' />
        <TextField label='年度封顶' required value={draft.yearlyCap} onInput={set('yearlyCap')} error={errors.yearlyCap} hint='一站式结算与手工申请合计' unit='元' />
      </View>

      <View className='plan-edit__card'>
        <Text className='plan-edit__section'>定额给付</Text>
        <FormField label='住院补助'>
          <Checkbox className='plan-edit__allowance' checked={draft.allowance} label='按住院天数给付补助' onChange={(v) => set('allowance')(v)} />
        </FormField>
        {draft.allowance && (
          <>
            <TextField label='自住院第几天起' required value={draft.allowanceFromDay} onInput={set('allowanceFromDay')} error={errors.allowanceFromDay} digitOnly unit='天' />
            <TextField label='每天补助' required value={draft.allowancePerDay} onInput={set('allowancePerDay')} error={errors.allowancePerDay} unit='元' />
            <TextField label='年度最多补助' required value={draft.allowanceMaxDays} onInput={set('allowanceMaxDays')} error={errors.allowanceMaxDays} digitOnly unit='天' />
          </>
        )}
        <FormField label='重大疾病一次性给付' hint='每种疾病每个保障年度给付一次'>
          {draft.illnesses.map((illness, i) => (
            <View key={i} className='plan-edit__row plan-edit__illness'>
              <Input className='form-field__input plan-edit__row-input plan-edit__code' value={illness.code} placeholder='代码' maxlength={20} onInput={(e) => setIllness(i, 'code', e.detail.value)} />
              <Input className='form-field__input plan-edit__row-input plan-edit__illness-name' value={illness.name} placeholder='疾病名称' maxlength={30} onInput={(e) => setIllness(i, 'name', e.detail.value)} />
              <Input className='form-field__input plan-edit__row-input' type='digit' value={illness.lumpSum} placeholder='金额' onInput={(e) => setIllness(i, 'lumpSum', e.detail.value)} />
              <Text className='plan-edit__unit'>元</Text>
              <Text className='plan-edit__remove' onClick={() => change((d) => ({ ...d, illnesses: d.illnesses.filter((_, k) => k !== i) }), 'illnesses')}>
                删除
              </Text>
              {(errors[`illnesses.${i}.code`] || errors[`illnesses.${i}.name`] || errors[`illnesses.${i}.lumpSum`]) && (
                <Text className='form-field__error plan-edit__row-error'>{errors[`illnesses.${i}.code`] ?? errors[`illnesses.${i}.name`] ?? errors[`illnesses.${i}.lumpSum`]}</Text>
              )}
            </View>
          ))}
          {draft.illnesses.length < maxIllnesses && (
            <Button size='small' className='plan-edit__add-illness' onClick={() => change((d) => ({ ...d, illnesses: [...d.illnesses, { code: `CI${String(d.illnesses.length + 1).padStart(2, '0')}`, name: '', lumpSum: '' }] }))}>
              增加重大疾病
            </Button>
          )}
        </FormField>
      </View>

      <View className='plan-edit__footer'>
        <Button className='plan-edit__save' type='primary' block loading={save.busy} onClick={() => void save.run()}>
          {plan ? '保存草稿' : '创建草稿'}
        </Button>
        <Text className='plan-edit__note'>保存后仍是草稿，在计划列表「开放参保」后规则即冻结。</Text>
      </View>
    </PageShell>
  )
}
