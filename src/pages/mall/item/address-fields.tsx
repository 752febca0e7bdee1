import { Input, Textarea, View } from '@tarojs/components'
import { FormField } from '../../../components/form-field'
import { normalizePersonName, personNameMaxLength, personNameProblem } from '../../../shared/person-name'
import { phoneNumberProblem } from '../../../shared/phone-number'

export interface Address {
  name: string
  phone: string
  address: string
}

export type AddressErrors = Partial<Record<keyof Address, string>>

export const emptyAddress: Address = { name: '', phone: '', address: '' }

/** The contract's rules for a delivery address (src/shared/api/mall.ts). */
export function validateAddress(a: Address): AddressErrors {
  const errors: AddressErrors = {}
  const nameProblem = personNameProblem(normalizePersonName(a.name), '收件人')
  if (nameProblem) errors.name = nameProblem
  const phoneProblem = phoneNumberProblem(a.phone.trim())
  if (phoneProblem) errors.phone = phoneProblem
  const address = a.address.trim()
  if (address.length < 5 || address.length > 200) errors.address = '请填写详细地址（5–200 字）'
  return errors
}

interface AddressFieldsProps {
  value: Address
  errors: AddressErrors
  onChange: (field: keyof Address, value: string) => void
}

export function AddressFields({ value, errors, onChange }: AddressFieldsProps) {
  return (
    <View className='address-fields'>
      <FormField label='收件人' required error={errors.name}>
        <Input
          className='form-field__input address-fields__name'
          value={value.name}
          maxlength={personNameMaxLength}
          placeholder='收件人姓名'
          onInput={(e) => onChange('name', e.detail.value)}
        />
      </FormField>
      <FormField label='手机号码' required error={errors.phone}>
        <Input
          className='form-field__input address-fields__phone'
          type='number'
          value={value.phone}
          maxlength={11}
          placeholder='11 位手机号码'
          onInput={(e) => onChange('phone', e.detail.value)}
        />
      </FormField>
      <FormField label='详细地址' required error={errors.address}>
        <Textarea
          className='form-field__textarea address-fields__address'
          value={value.address}
          maxlength={200}
          placeholder='省市区、街道、门牌号'
          onInput={(e) => onChange('address', e.detail.value)}
        />
      </FormField>
    </View>
  )
}
