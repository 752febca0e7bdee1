import type { ScanButtonProps } from './scan-button'

export const scanHint = '请输入或粘贴会员码内容后点击核验。'

/** Browsers have no reliable camera scan here: staff paste or type the code's content. */
export function ScanButton(_props: ScanButtonProps) {
  return null
}
