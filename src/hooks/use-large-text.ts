import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

const storageKey = 'large-text'
const listeners = new Set<() => void>()
let largeText = Taro.getStorageSync(storageKey) === true

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** 大字模式: persisted, and shared by every open page so the whole stack re-renders at once. */
export function useLargeText(): boolean {
  return useSyncExternalStore(subscribe, () => largeText)
}

export function setLargeText(value: boolean): void {
  largeText = value
  Taro.setStorageSync(storageKey, value)
  listeners.forEach((listener) => listener())
}
