import { Button } from '@nutui/nutui-react-taro'
import { scanQrCode } from '../../../utils/scan-code'
import type { ScanButtonProps } from './scan-button'

export function ScanButton({ busy, onScanned }: ScanButtonProps) {
  const scan = async () => {
    const text = await scanQrCode('无法识别，请对准证书上的二维码重试')
    if (text) onScanned(text)
  }
  return (
    <Button block loading={busy} disabled={busy} onClick={() => void scan()}>
      扫描证书二维码
    </Button>
  )
}
