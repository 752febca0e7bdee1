import { history } from '@tarojs/router'

type Transition = Parameters<Parameters<typeof history.block>[0]>[0]

let guardMessage: string | null = null
let unblock: (() => void) | null = null

/**
 * Taro's router history asks before any transition while a guard is set: the browser's own back
 * and forward (it puts the address back until the user has answered), and reload or tab close
 * (there the browser shows its own fixed text). A page opened on top keeps the changes, so pushes
 * and replacements pass.
 */
export function setLeaveGuard(message: string | null): void {
  guardMessage = message
  if (message && !unblock) unblock = history.block(onBlockedTransition)
  if (!message && unblock) {
    unblock()
    unblock = null
  }
}

function onBlockedTransition(transition: Transition): void {
  if (String(transition.action) !== 'POP') {
    const message = guardMessage
    setLeaveGuard(null)
    transition.retry()
    setLeaveGuard(message)
    return
  }
  void confirmLeave().then((leave) => (leave ? transition.retry() : undefined))
}

export async function confirmLeave(): Promise<boolean> {
  if (!guardMessage) return true
  // The title bar's back and home call this on every page, so it sits in the first bundle; Taro's
  // dialog code loads only when a page actually has something to lose.
  const { askToLeave } = await import('./leave-guard-dialog')
  const leave = await askToLeave(guardMessage)
  if (leave) setLeaveGuard(null)
  return leave
}
