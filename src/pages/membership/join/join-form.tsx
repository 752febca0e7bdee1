import { Button, Checkbox } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiCallError, api, errorText } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { useSubscribeConsent } from '../../../hooks/use-subscribe-consent'
import type { BranchRef, MyApplication } from '../../../shared/api'
import { membershipConsentVersion } from '../../../shared/consent'
import { idNumberMessages, idNumberProblem, normalizeIdNumber } from '../../../shared/id-number'
import { normalizePersonName, personNameMaxLength, personNameProblem } from '../../../shared/person-name'
import { phoneNumberProblem } from '../../../shared/phone-number'
import { ConsentNotice } from './consent-notice'

type Field = 'name' | 'phone' | 'idNumber' | 'branch' | 'consent'
type Errors = Partial<Record<Field, string>>

interface JoinFormProps {
  /** A rejected application to start from: its name and branch are kept. */
  previous: MyApplication | null
  onSubmitted: (application: MyApplication) => void
}

function idNumberError(idNumber: string): string | null {
  const problem = idNumberProblem(idNumber)
  return problem && idNumberMessages[problem]
}

/** The same checks as the server's schema (src/shared/api/form-checks.ts), with its messages. */
function validate(values: { name: string; phone: string; idNumber: string; branch: BranchRef | null; consent: boolean }): Errors {
  const found: Record<Field, string | null> = {
    name: personNameProblem(normalizePersonName(values.name)),
    phone: phoneNumberProblem(values.phone),
    idNumber: idNumberError(values.idNumber),
    branch: values.branch ? null : '请选择您所在的基层工会',
    consent: values.consent ? null : '请阅读并同意个人信息处理告知',
  }
  const errors: Errors = {}
  for (const field of Object.keys(found) as Field[]) {
    const message = found[field]
    if (message) errors[field] = message
  }
  return errors
}

/** Server answers that belong next to a field rather than in a toast. */
const fieldOfError: Partial<Record<ApiCallError['code'], Field>> = {
  ID_NUMBER_INVALID: 'idNumber',
  ID_NUMBER_TAKEN: 'idNumber',
  BRANCH_NOT_GRASSROOTS: 'branch',
}

export function JoinForm({ previous, onSubmitted }: JoinFormProps) {
  const [name, setName] = useState(previous?.name ?? '')
  const [phone, setPhone] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [branch, setBranch] = useState<BranchRef | null>(previous?.branch ?? null)
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  // Fetched with the form, so 提交入会申请 can ask WeChat for consent within its tap.
  const subscribe = useSubscribeConsent('join')

  const clearError = (field: Field) => setErrors((e) => ({ ...e, [field]: undefined }))

  const submit = useAction(async () => {
    const found = validate({ name, phone, idNumber, branch, consent })
    setErrors(found)
    if (Object.keys(found).length > 0 || !branch) {
      void Taro.showToast({ title: Object.values(found)[0] ?? '请检查填写内容', icon: 'none' })
      return
    }
    // Still inside the tap: WeChat shows its consent dialog only for a request made before any await.
    subscribe.ask()
    try {
      const application = await api.member.apply({
        name: normalizePersonName(name),
        phone: phone.trim(),
        idNumber: normalizeIdNumber(idNumber),
        branchId: branch.id,
        consentVersion: membershipConsentVersion,
      })
      onSubmitted(application)
    } catch (error) {
      const field = error instanceof ApiCallError ? fieldOfError[error.code] : undefined
      if (!field) throw error
      setErrors({ [field]: errorText(error) })
    }
  })

  return (
    <View className='join-form'>
      {previous && (
        <Text className='join-form__notice'>请根据驳回原因修改后重新提交，手机号码和身份证号码需要重新填写。</Text>
      )}
      <FormField label='姓名' required error={errors.name}>
        <Input
          className='form-field__input join-form__name'
          value={name}
          maxlength={personNameMaxLength}
          placeholder='与身份证一致的真实姓名'
          onInput={(e) => {
            setName(e.detail.value)
            clearError('name')
          }}
        />
      </FormField>
      <FormField label='手机号码' required error={errors.phone}>
        <Input
          className='form-field__input join-form__phone'
          type='number'
          value={phone}
          maxlength={11}
          placeholder='11 位手机号码'
          onInput={(e) => {
            setPhone(e.detail.value)
            clearError('phone')
          }}
        />
      </FormField>
      <FormField label='身份证号码' required error={errors.idNumber} hint='仅用于核实身份，系统不保存完整号码'>
        <Input
          className='form-field__input join-form__id'
          type='idcard'
          value={idNumber}
          maxlength={18}
          placeholder='18 位居民身份证号码'
          onInput={(e) => {
            setIdNumber(e.detail.value)
            clearError('idNumber')
          }}
          onBlur={() => {
            // Leaving the field empty is not yet a mistake: submitting it is.
            if (idNumber.trim()) setErrors((e) => ({ ...e, idNumber: idNumberError(idNumber) ?? undefined }))
          }}
        />
      </FormField>
      <FormField label='所在基层工会' required error={errors.branch} hint='企业工会或行业工会，可搜索名称或按层级查找'>
        <BranchPicker
          scope='all'
          value={branch}
          title='选择所在基层工会'
          placeholder='请选择'
          canSelect={(b) => b.level === 4}
          cannotSelectHint='请选择基层工会（企业或行业工会）'
          onChange={(b) => {
            setBranch(b)
            clearError('branch')
          }}
        />
      </FormField>

      <ConsentNotice />
      <View className='join-form__consent'>
        <Checkbox
          className='form-checkbox join-form__consent-box'
          checked={consent}
          label='我已阅读并同意《个人信息处理告知》，同意处理上述个人信息（含敏感个人信息身份证号码）'
          onChange={(checked) => {
            setConsent(checked)
            clearError('consent')
          }}
        />
        {errors.consent && <Text className='form-field__error'>{errors.consent}</Text>}
      </View>

      <Button className='join-form__submit' type='primary' block loading={submit.busy} disabled={submit.busy} onClick={() => void submit.run()}>
        {submit.busy ? '正在提交…' : '提交入会申请'}
      </Button>
    </View>
  )
}
