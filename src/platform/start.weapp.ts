import Taro from '@tarojs/taro'
import { holdForPrivacyAnswer } from '../components/privacy-popup/privacy-requests'
import { initCloud } from './cloud.weapp'

export function startPlatform(): void {
  initCloud()
  // Once for the whole app: a privacy-scoped call on any page waits for the popup on that page
  // (PageShell). Base libraries before 2.32.3 have no privacy check and no listener.
  if (typeof Taro.onNeedPrivacyAuthorization === 'function') Taro.onNeedPrivacyAuthorization(holdForPrivacyAnswer)
}
