import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '../shared/errors'
import { errorText } from '../api'
import { loadErrorOf } from '../components/load-failure'
import type { LoadError } from '../components/load-failure'

export type ListStatus = 'loading' | 'ready' | 'error'

export interface PagedList<T> {
  items: T[]
  status: ListStatus
  /** Why the first page failed (set exactly while status is 'error'), for LoadFailure. */
  failure: LoadError | null
  /** failure's message ('' while there is none). */
  error: string
  hasMore: boolean
  loadingMore: boolean
  /** Why the last "load more" failed; the footer offers a retry. */
  moreError: string
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  /** Local edits after an action (remove an approved row, patch a notice) without a refetch. */
  setItems: (update: (items: T[]) => T[]) => void
}

/**
 * Cursor pagination. `fetchPage` is re-run from the first page whenever `key` changes; answers
 * that arrive after a newer reload started are dropped, so fast tab switches never mix lists.
 */
export function usePagedList<T>(
  key: string,
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  options: { enabled?: boolean } = {},
): PagedList<T> {
  const enabled = options.enabled ?? true
  const [items, setItemsState] = useState<T[]>([])
  const [status, setStatus] = useState<ListStatus>('loading')
  const [failure, setFailure] = useState<LoadError | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [hasMore, setHasMore] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState('')
  const generation = useRef(0)
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage
  const loadingMoreRef = useRef(false)

  const reload = useCallback(async () => {
    const current = ++generation.current
    loadingMoreRef.current = false
    setLoadingMore(false)
    setMoreError('')
    setFailure(null)
    setStatus((previous) => (previous === 'ready' ? previous : 'loading'))
    try {
      const page = await fetchRef.current(null)
      if (current !== generation.current) return
      setItemsState(page.items)
      setCursor(page.nextCursor)
      setHasMore(page.nextCursor !== null)
      setStatus('ready')
    } catch (err) {
      if (current !== generation.current) return
      setFailure(loadErrorOf(err))
      setStatus('error')
    }
  }, [])

  const loadMore = useCallback(async () => {
    if (loadingMoreRef.current || !hasMore || cursor === null || status !== 'ready') return
    const current = generation.current
    loadingMoreRef.current = true
    setLoadingMore(true)
    setMoreError('')
    try {
      const page = await fetchRef.current(cursor)
      if (current !== generation.current) return
      setItemsState((previous) => [...previous, ...page.items])
      setCursor(page.nextCursor)
      setHasMore(page.nextCursor !== null)
    } catch (err) {
      if (current !== generation.current) return
      setMoreError(errorText(err))
    } finally {
      if (current === generation.current) {
        loadingMoreRef.current = false
        setLoadingMore(false)
      }
    }
  }, [cursor, hasMore, status])

  useEffect(() => {
    if (!enabled) return
    setItemsState([])
    setStatus('loading')
    void reload()
  }, [key, enabled, reload])

  const setItems = useCallback((update: (items: T[]) => T[]) => setItemsState(update), [])

  return { items, status, failure, error: failure?.message ?? '', hasMore, loadingMore, moreError, reload, loadMore, setItems }
}
