import { Button } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { FormField } from '../../../components/form-field'
import { ScanButton, scanHint } from './scan-button'

export const emptyTokenMessage = '请输入或扫描会员卡二维码内容'

interface TokenEntryProps {
  busy: boolean
  onToken: (token: string) => void
}

/** The code's content, typed or pasted (or scanned on WeChat); 核验 with nothing in it says what is missing. */
export function TokenEntry({ busy, onToken }: TokenEntryProps) {
  const [token, setToken] = useState('')
  const [error, setError] = useState('')

  const submit = (value: string) => {
    const trimmed = value.trim()
    if (!trimmed) {
      setError(emptyTokenMessage)
      return
    }
    onToken(trimmed)
  }

  return (
    <View className='token-entry'>
      <Text className='token-entry__hint'>{scanHint}</Text>
      <ScanButton
        busy={busy}
        onScanned={(scanned) => {
          setToken(scanned)
          setError('')
          submit(scanned)
        }}
      />
      <FormField label='会员码内容' error={error}>
        <Textarea
          className='form-field__textarea token-entry__input'
          value={token}
          maxlength={300}
          placeholder='会员出示的会员码内容'
          onInput={(e) => {
            setToken(e.detail.value)
            setError('')
          }}
        />
      </FormField>
      <Button className='token-entry__submit' type='primary' block loading={busy} disabled={busy} onClick={() => submit(token)}>
        核验
      </Button>
    </View>
  )
}
