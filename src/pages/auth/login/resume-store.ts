import Taro from '@tarojs/taro'
import { demoResumeLimit } from '../../../shared/demo-resume'

const storageKey = 'demo-resume-tokens'

/**
 * The resume tokens of the new demo accounts made in this browser, newest first. Only the
 * tokens are kept: names change (an applicant's name replaces the nickname), so the login
 * page asks the server for them.
 */
export const resumeStore = {
  list(): string[] {
    const value: unknown = Taro.getStorageSync(storageKey)
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string').slice(0, demoResumeLimit) : []
  },
  /** Puts a token first, once. */
  remember(token: string): void {
    const tokens = [token, ...resumeStore.list().filter((t) => t !== token)].slice(0, demoResumeLimit)
    Taro.setStorageSync(storageKey, tokens)
  },
  /** Keeps only the tokens the server still knows (a reset database forgets accounts). */
  keep(live: string[]): void {
    Taro.setStorageSync(storageKey, resumeStore.list().filter((t) => live.includes(t)))
  },
}
