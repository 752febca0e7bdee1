import type { ComponentType } from 'react'

export interface ScanButtonProps {
  disabled: boolean
  onCode: (code: string) => void
}

// Taro resolves `./scan-button` to scan-button.weapp.tsx (camera scan) or scan-button.h5.tsx
// (nothing: staff type the code); this declaration is for tsc. It keeps the .tsx extension of the
// platform files: Taro tries extensions in order and would settle on a .ts fallback first.
export declare const ScanButton: ComponentType<ScanButtonProps>
