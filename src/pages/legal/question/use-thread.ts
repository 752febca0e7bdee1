import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../../api'
import { loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import type { ThreadMessage, ThreadPage } from '../../../shared/api'
import { threadPollMs } from '../../../shared/legal/thread-rules'

export interface ThreadState {
  messages: ThreadMessage[]
  olderCursor: string | null
  status: 'loading' | 'ready' | 'error'
  error: LoadError | null
  loadingOlder: boolean
}

/** Messages by id, oldest first: a poll and a send may bring the same message. */
function merge(current: ThreadMessage[], more: ThreadMessage[]): ThreadMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]))
  for (const m of more) byId.set(m.id, m)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

/**
 * The thread of one question: the newest page, older pages on demand, and a poll every
 * threadPollMs while the page is on screen and `live` (the question is open). Each poll asks only
 * for messages after the last one shown, one indexed query on the server; a page hidden or left
 * stops polling. `onState` hears the question's state from every poll, so a claim or a close by the
 * other side shows without a reload.
 */
export function useThread(questionId: number, live: boolean, onState: (page: ThreadPage) => void) {
  const [state, setState] = useState<ThreadState>({ messages: [], olderCursor: null, status: 'loading', error: null, loadingOlder: false })
  const messagesRef = useRef<ThreadMessage[]>([])
  messagesRef.current = state.messages
  const onStateRef = useRef(onState)
  onStateRef.current = onState
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))

  const load = useCallback(async () => {
    try {
      const page = await api.legal.messages({ questionId })
      setState((s) => ({ ...s, messages: merge([], page.items), olderCursor: page.olderCursor, status: 'ready', error: null }))
      onStateRef.current(page)
    } catch (error) {
      setState((s) => ({ ...s, status: s.status === 'ready' ? 'ready' : 'error', error: s.status === 'ready' ? null : loadErrorOf(error) }))
    }
  }, [questionId])

  useEffect(() => {
    if (Number.isInteger(questionId) && questionId > 0) void load()
  }, [questionId, load])

  const poll = useCallback(async (): Promise<ThreadMessage[]> => {
    const last = messagesRef.current[messagesRef.current.length - 1]
    const page = await api.legal.messages(last ? { questionId, afterId: last.id } : { questionId })
    if (page.items.length > 0) setState((s) => ({ ...s, messages: merge(s.messages, page.items) }))
    onStateRef.current(page)
    return page.items
  }, [questionId])

  // A chain of timeouts, not an interval: a slow answer never overlaps the next poll.
  useEffect(() => {
    if (!live || !shown || state.status !== 'ready') return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const next = () => {
      timer = setTimeout(() => {
        poll()
          // A failed poll (offline for a moment) is tried again at the next tick.
          .catch(() => undefined)
          .finally(() => {
            if (!stopped) next()
          })
      }, threadPollMs)
    }
    next()
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [live, shown, state.status, poll])

  const loadOlder = useCallback(async () => {
    const cursor = state.olderCursor
    if (!cursor || state.loadingOlder) return
    setState((s) => ({ ...s, loadingOlder: true }))
    try {
      const page = await api.legal.messages({ questionId, cursor })
      setState((s) => ({ ...s, messages: merge(s.messages, page.items), olderCursor: page.olderCursor, loadingOlder: false }))
    } catch (error) {
      setState((s) => ({ ...s, loadingOlder: false }))
      throw error
    }
  }, [questionId, state.olderCursor, state.loadingOlder])

  /** A message the caller just sent, shown at once. */
  const add = useCallback((message: ThreadMessage) => setState((s) => ({ ...s, messages: merge(s.messages, [message]) })), [])

  return { ...state, reload: load, loadOlder, add }
}
