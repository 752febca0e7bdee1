import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ApiCallError, api } from '../../../api'
import type { FinishResult } from '../../../shared/api'
import { deviceId } from '../../../utils/device-id'

export interface ReadingSession {
  /** A page turn or scroll: the next beat says the member is reading, not idle. */
  touch(): void
  /**
   * The member reached the end of the last chapter: credits the time since the last beat, then
   * asks the server to mark the book read (10 points, once; a toast says so). Null when the server
   * says it is not read yet (too little time on it) or the call failed: reading simply goes on.
   */
  finish(): Promise<FinishResult | null>
}

/** After a failed open while offline, when to try again. */
const reopenAfterMs = 30_000

interface Open {
  sessionId: number
  bookId: number
}

/**
 * Reading time for the reader page (issue 11 §3): opens a session while the page is shown (the
 * app in the foreground), beats every `heartbeatSeconds` the server names, telling it whether the
 * member turned a page or scrolled since the last beat, and closes it on hide and unload. Failures
 * are quiet: reading goes on without counting; a session the server ended is opened again, an open
 * that failed offline is tried again later, and the next show opens a new session anyway. Time is
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
    const start = () => {
      api.library.openSession({ bookId, deviceId: deviceId() }).then(
        (opened) => {
          if (stopped) {
            void api.library.closeSession({ sessionId: opened.sessionId, bookId, active: false }).catch(() => undefined)
            return
          }
          open.current = { sessionId: opened.sessionId, bookId }
          beat(opened.heartbeatSeconds)
        },
        (error: unknown) => {
          // Offline: try again later. Refused (not a member, a book taken down): reading goes on uncounted.
          if (!stopped && error instanceof ApiCallError && error.code === 'NETWORK') timer = setTimeout(start, reopenAfterMs)
        },
      )
    }
    // A chain of timeouts, not an interval: a slow answer never overlaps the next beat.
    const beat = (every: number) => {
      timer = setTimeout(() => {
        const current = open.current
        if (stopped || !current) return
        const active = touched.current
        touched.current = false
        api.library.heartbeat({ sessionId: current.sessionId, bookId: current.bookId, clientTime: Date.now(), active }).then(
          () => {
            if (!stopped) beat(every)
          },
          (error: unknown) => {
            // The touch still counts at the next beat.
            if (active) touched.current = true
            if (stopped) return
            // The server ended the session (this device opened another reader meanwhile): open a new one.
            if (error instanceof ApiCallError && error.code === 'LIBRARY_SESSION_NOT_OPEN') {
              open.current = null
              start()
            } else beat(every)
          },
        )
      }, every * 1000)
    }
    start()
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

  const finish = useCallback(async (): Promise<FinishResult | null> => {
    const current = open.current
    if (current) {
      touched.current = false
      await api.library.heartbeat({ sessionId: current.sessionId, bookId: current.bookId, clientTime: Date.now(), active: true }).catch(() => undefined)
    }
    try {
      const result = await api.library.finishBook({ bookId })
      if (result.points > 0) void Taro.showToast({ title: `读完本书，获得 ${result.points} 积分`, icon: 'none' })
      return result
    } catch {
      return null
    }
  }, [bookId])

  // One object for the page's lifetime, so effects that depend on it do not rerun.
  return useMemo(() => ({ touch, finish }), [touch, finish])
}
