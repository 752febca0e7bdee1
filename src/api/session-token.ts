import Taro from '@tarojs/taro'

const storageKey = 'session-token'

/** The H5 session token from demo login; WeChat calls are identified by openid instead. */
export const sessionToken = {
  get(): string | null {
    const value: unknown = Taro.getStorageSync(storageKey)
    return typeof value === 'string' && value ? value : null
  },
  set(token: string): void {
    Taro.setStorageSync(storageKey, token)
  },
  clear(): void {
    Taro.removeStorageSync(storageKey)
  },
}
