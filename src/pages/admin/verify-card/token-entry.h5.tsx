import { Button } from '@nutui/nutui-react-taro'
import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { FormField } from '../../../components/form-field'
import type { TokenEntryProps } from './token-entry'

/** Browsers have no reliable camera scan here: staff paste or type the code's content. */
export function TokenEntry({ busy, onToken }: TokenEntryProps) {
  const [token, setToken] = useState('')
  return (
    <View className='token-entry'>
      <Text className='token-entry__hint'>请输入或粘贴会员码内容后点击核验。</Text>
      <FormField label='会员码内容'>
        <Textarea
          className='form-field__textarea token-entry__input'
          value={token}
          maxlength={300}
          placeholder='会员出示的会员码内容'
          onInput={(e) => setToken(e.detail.value)}
        />
      </FormField>
      <Button
        className='token-entry__submit'
        type='primary'
        block
        loading={busy}
        disabled={busy || token.trim() === ''}
        onClick={() => onToken(token.trim())}
      >
        核验
      </Button>
    </View>
  )
}
