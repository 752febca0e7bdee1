import { useEffect } from 'react'
import { setLeaveGuard } from '../platform/leave-guard'

const defaultMessage = '修改尚未保存，离开后将丢失。'

/** Asks before the page is left while `dirty`; lifted again on save (dirty false) or unmount. */
export function useLeaveGuard(dirty: boolean, message: string = defaultMessage): void {
  useEffect(() => {
    if (!dirty) return
    setLeaveGuard(message)
    return () => setLeaveGuard(null)
  }, [dirty, message])
}
