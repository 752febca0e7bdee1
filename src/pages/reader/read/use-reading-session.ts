import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../../api'
import { deviceId } from '../../../utils/device-id'

export interface ReadingSession {
  /** A page turn or scroll: the next beat says the member is reading, not idle. */
  touch(): void
}

interface Open {
  sessionId: number
  bookId: number
}

/**
 * Reading time for the reader page (issue 11 §3): opens a session while the page is shown (the
 * app in the foreground), beats every `heartbeatSeconds` the server names, telling it whether the
 * member turned a page or scrolled since the last beat, and closes it on hide and unload. Failures
 * are quiet: reading goes on without counting, and the next show opens a new session. Time is
 * counted by the server's clock, so nothing here can make it count more.
 */
export function useReadingSession(bookId: number): ReadingSession {
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  const touched = useRef(false)
  const open = useRef<Open | null>(null)

  const close = useCallback(() => {
    const current = open.current
    open.current = null
    if (!current) return
    const active = touched.current
    touched.current = false
    void api.library.closeSession({ sessionId: current.sessionId, bookId: current.bookId, active }).catch(() => undefined)
  }, [])

  useEffect(() => {
    if (!shown || !Number.isInteger(bookId) || bookId <= 0) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    // A chain of timeouts, not an interval: a slow answer never overlaps the next beat.
    const beat = (every: number) => {
      timer = setTimeout(() => {
        const current = open.current
        if (stopped || !current) return
        const active = touched.current
        touched.current = false
        api.library
          .heartbeat({ sessionId: current.sessionId, bookId: current.bookId, clientTime: Date.now(), active })
          .catch(() => {
            // Offline for a moment: the touch still counts at the next beat.
            if (active) touched.current = true
          })
          .finally(() => {
            if (!stopped) beat(every)
          })
      }, every * 1000)
    }
    api.library
      .openSession({ bookId, deviceId: deviceId() })
      .then((opened) => {
        if (stopped) {
          void api.library.closeSession({ sessionId: opened.sessionId, bookId, active: false }).catch(() => undefined)
          return
        }
        open.current = { sessionId: opened.sessionId, bookId }
        beat(opened.heartbeatSeconds)
      })
      .catch(() => undefined)
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      close()
    }
  }, [shown, bookId, close])

  useUnload(close)

  const touch = useCallback(() => {
    touched.current = true
  }, [])
  return { touch }
}
