import { useCallback, useEffect, useRef, useState } from 'react'
import { api } from '../../../api'
import { loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { usePolling } from '../../../hooks/use-polling'
import type { ThreadMessage, ThreadPage } from '../../../shared/api'
import { threadPollMs } from '../../../shared/legal/thread-rules'
import { mergeById } from '../../../utils/merge-by-id'

export interface ThreadState {
  messages: ThreadMessage[]
  olderCursor: string | null
  status: 'loading' | 'ready' | 'error'
  error: LoadError | null
  loadingOlder: boolean
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

  const load = useCallback(async () => {
    try {
      const page = await api.legal.messages({ questionId })
      setState((s) => ({ ...s, messages: mergeById([], page.items), olderCursor: page.olderCursor, status: 'ready', error: null }))
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
    if (page.items.length > 0) setState((s) => ({ ...s, messages: mergeById(s.messages, page.items) }))
    onStateRef.current(page)
    return page.items
  }, [questionId])

  usePolling(poll, threadPollMs, live && state.status === 'ready')

  const loadOlder = useCallback(async () => {
    const cursor = state.olderCursor
    if (!cursor || state.loadingOlder) return
    setState((s) => ({ ...s, loadingOlder: true }))
    try {
      const page = await api.legal.messages({ questionId, cursor })
      setState((s) => ({ ...s, messages: mergeById(s.messages, page.items), olderCursor: page.olderCursor, loadingOlder: false }))
    } catch (error) {
      setState((s) => ({ ...s, loadingOlder: false }))
      throw error
    }
  }, [questionId, state.olderCursor, state.loadingOlder])

  /** A message the caller just sent, shown at once. */
  const add = useCallback((message: ThreadMessage) => setState((s) => ({ ...s, messages: mergeById(s.messages, [message]) })), [])

  return { ...state, reload: load, loadOlder, add }
}
