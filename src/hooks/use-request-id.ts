import { useCallback, useRef } from 'react'

/** Matches the contract's requestId: [A-Za-z0-9_-]{8,64}. */
function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

/**
 * Idempotency key for one user intent (a redeem, a grant). The same payload keeps the same id
 * until `reset`, so a retry after a lost answer is replayed by the server instead of charging or
 * granting twice; a changed payload is a new intent and gets a new id.
 */
export function useRequestId() {
  const current = useRef<{ payload: string; id: string } | null>(null)

  const idFor = useCallback((payload: unknown): string => {
    const key = JSON.stringify(payload)
    if (current.current?.payload !== key) current.current = { payload: key, id: newRequestId() }
    return current.current.id
  }, [])

  /** After a success, or when the user abandons the intent (closes the confirmation). */
  const reset = useCallback(() => {
    current.current = null
  }, [])

  return { idFor, reset }
}
