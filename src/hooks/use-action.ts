import Taro from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { errorText } from '../api'

/**
 * Wraps a user action (submit, approve, …): ignores repeat taps while it runs, exposes `busy`
 * for button spinners, and shows the server's message in a toast when it fails.
 * `run` resolves to the action's result, or undefined when it failed.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false)
  const running = useRef(false)
  const latest = useRef(action)
  latest.current = action

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(true)
    try {
      return await latest.current(...args)
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none', duration: 2500 })
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])

  return { run, busy }
}
