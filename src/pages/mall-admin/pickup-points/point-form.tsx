import { Button, Popup } from '@nutui/nutui-react-taro'
import { Input, ScrollView, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import { useRequestId } from '../../../hooks/use-request-id'
import type { BranchRef, ManagedPickupPoint } from '../../../shared/api'
import { pointErrors } from './point-fields'
import type { PointFields } from './point-fields'

interface PointFormProps {
  /** The point to edit; null to add one. */
  point: ManagedPickupPoint | null
  visible: boolean
  onClose: () => void
  onSaved: (point: ManagedPickupPoint) => void
}

/** Adding or editing a pickup point, in a sheet over the list. */
export function PointForm(props: PointFormProps) {
  return (
    <Popup visible={props.visible} position='bottom' round closeable destroyOnClose title={props.point ? '编辑自提点' : '新增自提点'} onClose={props.onClose}>
      {/* Mounted per opening: each opening starts from the point as saved, with its own request id. */}
      {props.visible && <PointFormBody {...props} />}
    </Popup>
  )
}

function PointFormBody({ point, onSaved }: PointFormProps) {
  const [branch, setBranch] = useState<BranchRef | null>(point?.branch ?? null)
  const [fields, setFields] = useState<PointFields>({
    name: point?.name ?? '',
    address: point?.address ?? '',
    openingHours: point?.openingHours ?? '',
    phone: point?.phone ?? '',
  })
  const [errors, setErrors] = useState<Partial<Record<keyof PointFields | 'branch', string>>>({})
  // A create resent after a lost answer finds the point its first send made.
  const createRequest = useRequestId()

  const set = (field: keyof PointFields, value: string) => {
    setFields((f) => ({ ...f, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const save = useAction(async () => {
    const found = { ...pointErrors(fields), ...(point || branch ? {} : { branch: '请选择负责的工会组织' }) }
    setErrors(found)
    if (Object.values(found).some(Boolean)) return
    const trimmed = { name: fields.name.trim(), address: fields.address.trim(), openingHours: fields.openingHours.trim(), phone: fields.phone.trim() }
    if (point) {
      onSaved(await api.mall.updatePickupPoint({ id: point.id, ...trimmed }))
    } else if (branch) {
      const payload = { branchId: branch.id, ...trimmed }
      onSaved(await api.mall.createPickupPoint({ ...payload, requestId: createRequest.idFor(payload) }))
    }
  })

  return (
    <View className='point-form'>
      <ScrollView className='point-form__scroll' scrollY>
        <FormField label='负责组织' required error={errors.branch} hint={point ? '创建后不能更改：该组织的商城运营负责核销' : '该组织及上级的商城运营可核销此处的自提订单'}>
          {point ? (
            <Input className='form-field__input' value={point.branch.fullName} disabled />
          ) : (
            <BranchPicker
              scope='mall_operator'
              value={branch}
              title='选择负责组织'
              placeholder='请选择工会组织'
              onChange={(b) => {
                setBranch(b)
                setErrors((e) => ({ ...e, branch: undefined }))
              }}
            />
          )}
        </FormField>
        <FormField label='自提点名称' required error={errors.name}>
          <Input className='form-field__input point-form__name' value={fields.name} maxlength={40} placeholder='如 油车港镇职工服务中心' onInput={(e) => set('name', e.detail.value)} />
        </FormField>
        <FormField label='详细地址' required error={errors.address}>
          <Input className='form-field__input point-form__address' value={fields.address} maxlength={100} placeholder='区县、街道、门牌号和楼层' onInput={(e) => set('address', e.detail.value)} />
        </FormField>
        <FormField label='开放时间' required error={errors.openingHours}>
          <Input className='form-field__input point-form__hours' value={fields.openingHours} maxlength={60} placeholder='如 周一至周五 8:30-17:00' onInput={(e) => set('openingHours', e.detail.value)} />
        </FormField>
        <FormField label='联系电话' required error={errors.phone} hint='手机号码，或带区号的固定电话'>
          <Input className='form-field__input point-form__phone' type='text' value={fields.phone} maxlength={13} placeholder='如 0573-82711205' onInput={(e) => set('phone', e.detail.value)} />
        </FormField>
      </ScrollView>
      <Button className='point-form__save' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        保存
      </Button>
    </View>
  )
}
