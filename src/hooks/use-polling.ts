import { useDidHide, useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'

/**
 * Calls `poll` every `everyMs` while `active` and the page is on screen; a page hidden or left stops
 * asking. A chain of timeouts, not an interval: a slow answer never overlaps the next poll. A failed
 * poll (offline for a moment) is tried again at the next tick; `poll` handles what it must itself.
 */
export function usePolling(poll: () => Promise<unknown>, everyMs: number, active: boolean): void {
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))

  useEffect(() => {
    if (!active || !shown) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const next = () => {
      timer = setTimeout(() => {
        poll()
          .catch(() => undefined)
          .finally(() => {
            if (!stopped) next()
          })
      }, everyMs)
    }
    next()
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [active, shown, poll, everyMs])
}
