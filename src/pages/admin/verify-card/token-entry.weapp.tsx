import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { scanQrCode } from '../../../utils/scan-code'
import type { TokenEntryProps } from './token-entry'

export function TokenEntry({ busy, onToken }: TokenEntryProps) {
  const scan = async () => {
    const token = await scanQrCode('无法识别，请对准会员码重试')
    if (token) onToken(token)
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
