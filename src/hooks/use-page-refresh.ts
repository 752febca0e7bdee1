import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'

/** Pull-down refresh whose spinner stops once `reload` settles, failed or not. */
export function usePullToRefresh(reload: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
}

/**
 * Runs `refresh` each time the page comes back into view (from a page above it, or the app
 * returning to the foreground), but not on its first show: it has only just loaded.
 */
export function useRefreshOnReturn(refresh: () => void): void {
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) refresh()
    shownOnce.current = true
  })
}
