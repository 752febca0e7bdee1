import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { errorText } from '../api'
import { loadErrorOf } from '../components/load-failure'
import type { LoadError } from '../components/load-failure'
import type { ListStatus } from './use-paged-list'

export interface Resource<T> {
  data: T | null
  status: ListStatus
  /** Why the first load failed. */
  error: LoadError | null
  /** Refetches; data already on screen stays there, and a failed refresh only shows a toast. */
  reload: () => Promise<void>
  /** Local edits after an action (a check-in, a cancelled order) without a refetch. */
  setData: (update: (data: T) => T) => void
}

/**
 * One thing a page shows (an order, a balance), fetched again from scratch whenever `key`
 * changes; answers that arrive after a newer load started are dropped.
 */
export function useResource<T>(key: string, fetchData: () => Promise<T>, options: { enabled?: boolean } = {}): Resource<T> {
  const enabled = options.enabled ?? true
  const [data, setDataState] = useState<T | null>(null)
  const [status, setStatus] = useState<ListStatus>('loading')
  const [error, setError] = useState<LoadError | null>(null)
  const generation = useRef(0)
  const fetchRef = useRef(fetchData)
  fetchRef.current = fetchData
  const statusRef = useRef(status)
  statusRef.current = status

  const reload = useCallback(async () => {
    const current = ++generation.current
    const refreshing = statusRef.current === 'ready'
    if (!refreshing) setStatus('loading')
    try {
      const next = await fetchRef.current()
      if (current !== generation.current) return
      setDataState(next)
      setError(null)
      setStatus('ready')
    } catch (err) {
      if (current !== generation.current) return
      if (refreshing) {
        void Taro.showToast({ title: errorText(err), icon: 'none', duration: 2500 })
        return
      }
      setError(loadErrorOf(err))
      setStatus('error')
    }
  }, [])

  useEffect(() => {
    if (!enabled) return
    statusRef.current = 'loading'
    setDataState(null)
    void reload()
  }, [key, enabled, reload])

  const setData = useCallback((update: (data: T) => T) => setDataState((d) => (d === null ? d : update(d))), [])

  return { data, status, error, reload, setData }
}
