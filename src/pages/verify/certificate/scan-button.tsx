import type { ComponentType } from 'react'

export interface ScanButtonProps {
  busy: boolean
  onScanned: (text: string) => void
}

// Taro resolves `./scan-button` to scan-button.weapp.tsx (the camera) or scan-button.h5.tsx
// (nothing: a browser opens the QR code's link itself); this declaration is for tsc.
export declare const ScanButton: ComponentType<ScanButtonProps>
