import type { ComponentType } from 'react'

export interface TokenEntryProps {
  busy: boolean
  onToken: (token: string) => void
}

// Taro resolves `./token-entry` to token-entry.weapp.tsx (camera scan) or token-entry.h5.tsx
// (typed or pasted token); this declaration is for tsc. It must keep the .tsx extension of the
// platform files: Taro tries extensions in order and would settle on a .ts fallback first.
export declare const TokenEntry: ComponentType<TokenEntryProps>
