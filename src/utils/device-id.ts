import Taro from '@tarojs/taro'

const storageKey = 'device-id'
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

let cached: string | null = null

/**
 * A random id for this install, kept in Taro storage: it tells a member's reading sessions on
 * different devices apart (one open reader per device). It identifies nothing and proves nothing:
 * the server credits reading time by its own clock whatever the device says.
 */
export function deviceId(): string {
  if (cached) return cached
  const stored: unknown = Taro.getStorageSync(storageKey)
  if (typeof stored === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(stored)) {
    cached = stored
    return stored
  }
  let id = ''
  for (let i = 0; i < 24; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)]
  Taro.setStorageSync(storageKey, id)
  cached = id
  return id
}
