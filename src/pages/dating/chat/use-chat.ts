import { useCallback, useEffect, useRef, useState } from 'react'
import { api, ApiCallError } from '../../../api'
import { loadErrorOf } from '../../../components/load-failure'
import type { LoadError } from '../../../components/load-failure'
import { usePolling } from '../../../hooks/use-polling'
import type { ChatMatch, ChatMessage } from '../../../shared/api'
import { datingLimits } from '../../../shared/dating/names'
import { mergeById } from '../../../utils/merge-by-id'

export interface ChatState {
  match: ChatMatch | null
  messages: ChatMessage[]
  hasOlder: boolean
  status: 'loading' | 'ready' | 'error'
  error: LoadError | null
  loadingOlder: boolean
}

/** The server said no (rather than the network failing): what is on screen is no longer the caller's to see. */
const isRefusal = (error: unknown) => error instanceof ApiCallError && error.code !== 'NETWORK' && error.code !== 'CLOUD'


/**
 * One match's chat: the latest page, older pages on demand, and while the page is on screen and the
 * match live, a poll every chatPollSeconds for the messages after the last one shown (the server
 * marks them read and knows the member is looking, so it pushes nothing meanwhile). A hidden page
 * stops polling. Every answer carries the match, so an unmatch by the other side shows at once.
 * `onNew` hears of messages that arrived (to scroll to them).
 */
export function useChat(matchId: number, onNew: () => void) {
  const [state, setState] = useState<ChatState>({ match: null, messages: [], hasOlder: false, status: 'loading', error: null, loadingOlder: false })
  const messagesRef = useRef<ChatMessage[]>([])
  messagesRef.current = state.messages
  const onNewRef = useRef(onNew)
  onNewRef.current = onNew

  const load = useCallback(async () => {
    try {
      const view = await api.dating.chat({ matchId })
      setState((s) => ({ ...s, match: view.match, messages: mergeById([], view.messages), hasOlder: view.hasOlder, status: 'ready', error: null }))
      onNewRef.current()
    } catch (error) {
      // A refusal (the two are now hidden from each other) replaces what is shown; a network
      // failure on a reload keeps the messages already on screen.
      setState((s) => (s.status === 'ready' && !isRefusal(error) ? s : { ...s, match: null, messages: [], status: 'error', error: loadErrorOf(error) }))
    }
  }, [matchId])

  useEffect(() => {
    if (Number.isInteger(matchId) && matchId > 0) void load()
  }, [matchId, load])

  const poll = useCallback(async () => {
    const last = messagesRef.current[messagesRef.current.length - 1]
    try {
      const view = await api.dating.chat(last ? { matchId, afterId: last.id } : { matchId })
      setState((s) => ({ ...s, match: view.match, messages: mergeById(s.messages, view.messages) }))
      if (view.messages.length > 0) onNewRef.current()
    } catch (error) {
      // Blocked meanwhile: the chat goes (and polling stops); offline for a moment: the next tick tries again.
      if (isRefusal(error)) setState((s) => ({ ...s, match: null, messages: [], status: 'error', error: loadErrorOf(error) }))
    }
  }, [matchId])

  const live = state.match !== null && state.match.ended === null
  usePolling(poll, datingLimits.chatPollSeconds * 1000, live && state.status === 'ready')

  const loadOlder = useCallback(async () => {
    const first = messagesRef.current[0]
    if (!first || !state.hasOlder || state.loadingOlder) return
    setState((s) => ({ ...s, loadingOlder: true }))
    try {
      const view = await api.dating.chat({ matchId, beforeId: first.id })
      setState((s) => ({ ...s, messages: mergeById(s.messages, view.messages), hasOlder: view.hasOlder, loadingOlder: false }))
    } catch (error) {
      setState((s) => ({ ...s, loadingOlder: false }))
      throw error
    }
  }, [matchId, state.hasOlder, state.loadingOlder])

  /** A message the caller just sent, shown at once. */
  const add = useCallback((message: ChatMessage) => {
    setState((s) => ({ ...s, messages: mergeById(s.messages, [message]) }))
    onNewRef.current()
  }, [])

  const setMatch = useCallback((update: (match: ChatMatch) => ChatMatch) => setState((s) => ({ ...s, match: s.match ? update(s.match) : s.match })), [])

  return { ...state, reload: load, loadOlder, add, setMatch }
}
