// Taro resolves `./privacy-popup` to privacy-popup.weapp.ts or privacy-popup.h5.ts; this declaration is for tsc.
import type { ReactElement } from 'react'

/** WeChat's 隐私保护指引 popup for the current page; nothing in the browser, which holds no calls for consent. */
export declare function PrivacyPopup(): ReactElement | null
