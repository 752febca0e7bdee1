import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import type { MyProfile } from '../../../shared/api'
import { contactKindNames, mobilePattern, wechatIdPattern } from '../../../shared/dating/names'
import type { ContactKind } from '../../../shared/dating/names'

function contactProblem(kind: ContactKind, value: string): string | null {
  if (kind === 'wechat') return wechatIdPattern.test(value) ? null : '微信号为 6–20 位，以字母开头，可含字母、数字、- 和 _'
  return mobilePattern.test(value) ? null : '请填写 11 位手机号码'
}

/** The contact only a match sees. */
export function ContactForm({ contact }: { contact: MyProfile['contact'] }) {
  const [kind, setKind] = useState<ContactKind>(contact?.kind ?? 'wechat')
  const [value, setValue] = useState(contact?.value ?? '')
  const [error, setError] = useState<string | null>(null)

  const save = useAction(async () => {
    const trimmed = value.trim()
    const problem = contactProblem(kind, trimmed)
    setError(problem)
    if (problem) return
    await api.dating.saveContact({ kind, value: trimmed })
    void Taro.showToast({ title: '联系方式已保存', icon: 'success' })
  })

  return (
    <View className='dating-profile__card dating-profile__contact'>
      <Text className='dating-profile__card-title'>联系方式</Text>
      <Text className='dating-profile__card-note'>只在双方互相喜欢、配对成功后向对方展示，每次查看都有记录；不需审核。</Text>
      <FormField label='类型'>
        <ChoiceChips className='dating-profile__contact-kind' options={(Object.keys(contactKindNames) as ContactKind[]).map((k) => ({ value: k, label: contactKindNames[k] }))} value={kind} onChange={setKind} />
      </FormField>
      <FormField label={contactKindNames[kind]} error={error ?? undefined}>
        <Input
          className='form-field__input dating-profile__contact-value'
          type={kind === 'phone' ? 'number' : 'text'}
          maxlength={kind === 'phone' ? 11 : 20}
          value={value}
          placeholder={kind === 'phone' ? '11 位手机号码' : '您的微信号'}
          onInput={(e) => {
            setValue(e.detail.value)
            setError(null)
          }}
        />
      </FormField>
      <Button className='dating-profile__save-contact' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        保存联系方式
      </Button>
    </View>
  )
}
