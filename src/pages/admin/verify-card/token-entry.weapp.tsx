import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TokenEntryProps } from './token-entry'

export function TokenEntry({ busy, onToken }: TokenEntryProps) {
  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      onToken(result)
    } catch (error) {
      // Closing the camera is not an error worth a message.
      const message = error instanceof Object && 'errMsg' in error ? String(error.errMsg) : ''
      if (!message.includes('cancel')) void Taro.showToast({ title: '无法识别，请对准会员码重试', icon: 'none' })
    }
  }
  return (
    <View className='token-entry'>
      <Text className='token-entry__hint'>请会员打开「嘉工卡」出示会员码，对准扫描即可核验。</Text>
      <Button className='token-entry__scan' type='primary' block loading={busy} disabled={busy} onClick={() => void scan()}>
        扫描会员码
      </Button>
    </View>
  )
}
