import type { ScanButtonProps } from './scan-button'

/** A phone's camera opens the certificate's QR link in the browser by itself: nothing to scan here. */
export function ScanButton(_props: ScanButtonProps) {
  return null
}
