import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import type { BranchRef, GrantRow } from '../../../shared/api'
import { roleNames, roles } from '../../../shared/roles'
import type { Role } from '../../../shared/roles'
import { memberNoHint, memberNoPattern, normalizeMemberNo } from '../../../utils/member-no'

type Field = 'memberNo' | 'role' | 'branch'

const roleOptions = roles.map((r) => ({ value: r, label: roleNames[r] }))


export function GrantForm({ onGranted }: { onGranted: (grant: GrantRow) => void }) {
  const [memberNo, setMemberNo] = useState('')
  const [role, setRole] = useState<Role | null>(null)
  const [branch, setBranch] = useState<BranchRef | null>(null)
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})

  const grant = useAction(async () => {
    const no = normalizeMemberNo(memberNo)
    const found: Partial<Record<Field, string>> = {}
    if (!memberNoPattern.test(no)) found.memberNo = memberNoHint
    if (!role) found.role = '请选择角色'
    if (!branch) found.branch = '请选择授权范围'
    setErrors(found)
    if (!role || !branch || found.memberNo) return
    const granted = await api.role.grant({ memberNo: no, role, branchId: branch.id })
    onGranted(granted)
    setMemberNo('')
    setRole(null)
    void Taro.showToast({ title: `已授予${granted.holder.name}「${roleNames[granted.role]}」`, icon: 'none' })
  })

  return (
    <View className='grant-form'>
      <Text className='grant-form__title'>授予角色</Text>
      <FormField label='会员号' required error={errors.memberNo} hint='被授权人须为已认证会员'>
        <Input
          className='form-field__input grant-form__member-no'
          value={memberNo}
          maxlength={12}
          placeholder='如 JX0000000001'
          onInput={(e) => {
            setMemberNo(e.detail.value)
            setErrors((x) => ({ ...x, memberNo: undefined }))
          }}
        />
      </FormField>
      <FormField label='角色' required error={errors.role}>
        <ChoiceChips
          className='grant-form__roles'
          options={roleOptions}
          value={role}
          onChange={(r) => {
            setRole(r)
            setErrors((x) => ({ ...x, role: undefined }))
          }}
        />
      </FormField>
      <FormField label='授权范围' required error={errors.branch} hint='角色在该组织及其所有下级组织内有效'>
        <BranchPicker
          scope='admin'
          value={branch}
          title='选择授权范围'
          placeholder='请选择工会组织'
          onChange={(b) => {
            setBranch(b)
            setErrors((x) => ({ ...x, branch: undefined }))
          }}
        />
      </FormField>
      <Button className='grant-form__submit' type='primary' block loading={grant.busy} disabled={grant.busy} onClick={() => void grant.run()}>
        授予
      </Button>
    </View>
  )
}
