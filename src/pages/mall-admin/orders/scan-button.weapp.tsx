import { Button } from '@nutui/nutui-react-taro'
import { scanQrCode } from '../../../utils/scan-code'
import type { ScanButtonProps } from './scan-button'

export function ScanButton({ disabled, onCode }: ScanButtonProps) {
  const scan = async () => {
    const code = await scanQrCode('无法识别，请对准核销码重试')
    if (code) onCode(code.trim())
  }
  return (
    <Button className='pickup-verify__scan' block disabled={disabled} onClick={() => void scan()}>
      扫码核销
    </Button>
  )
}
