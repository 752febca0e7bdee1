import Taro from '@tarojs/taro'

const storageKey = 'session-token'
const expiresKey = 'session-expires-at'

/**
 * The H5 session token from demo login; WeChat calls are identified by openid instead. A token
 * past its expiry counts as none, so a returning visitor goes to login without a failing call.
 */
export const sessionToken = {
  get(): string | null {
    const value: unknown = Taro.getStorageSync(storageKey)
    if (typeof value !== 'string' || !value) return null
    const expiresAt: unknown = Taro.getStorageSync(expiresKey)
    if (typeof expiresAt === 'string' && Date.parse(expiresAt) <= Date.now()) return null
    return value
  },
  set(token: string, expiresAt: string): void {
    Taro.setStorageSync(storageKey, token)
    Taro.setStorageSync(expiresKey, expiresAt)
  },
  clear(): void {
    Taro.removeStorageSync(storageKey)
    Taro.removeStorageSync(expiresKey)
  },
}
