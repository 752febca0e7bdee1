import type { ComponentType } from 'react'

export interface ScanButtonProps {
  busy: boolean
  onScanned: (token: string) => void
}

// Taro resolves `./scan-button` to scan-button.weapp.tsx (the camera) or scan-button.h5.tsx
// (nothing: browsers have no reliable scan here); this declaration is for tsc. It keeps the .tsx
// extension of the platform files: Taro would settle on a .ts fallback first.
export declare const ScanButton: ComponentType<ScanButtonProps>
export declare const scanHint: string
