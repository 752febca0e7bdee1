import type { ScanButtonProps } from './scan-button'

/** Browsers have no reliable camera scan here: staff type the 8 digits instead. */
export function ScanButton(_props: ScanButtonProps) {
  return null
}
