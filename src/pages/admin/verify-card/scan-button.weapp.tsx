import { Button } from '@nutui/nutui-react-taro'
import { scanQrCode } from '../../../utils/scan-code'
import type { ScanButtonProps } from './scan-button'

export const scanHint = '请会员打开「嘉工卡」出示会员码，扫描即可核验；无法扫描时可在下方输入会员码内容。'

export function ScanButton({ busy, onScanned }: ScanButtonProps) {
  const scan = async () => {
    const token = await scanQrCode('无法识别，请对准会员码重试')
    if (token) onScanned(token)
  }
  return (
    <Button className='token-entry__scan' type='primary' block loading={busy} disabled={busy} onClick={() => void scan()}>
      扫描会员码
    </Button>
  )
}
