import { askToLeave } from './leave-guard-dialog'

let guardMessage: string | null = null

// Browsers show their own fixed text on reload or close; they ignore ours.
function onBeforeUnload(event: BeforeUnloadEvent): void {
  event.preventDefault()
  event.returnValue = ''
}

export function setLeaveGuard(message: string | null): void {
  if (message && !guardMessage) window.addEventListener('beforeunload', onBeforeUnload)
  if (!message && guardMessage) window.removeEventListener('beforeunload', onBeforeUnload)
  guardMessage = message
}

export async function confirmLeave(): Promise<boolean> {
  if (!guardMessage) return true
  const leave = await askToLeave(guardMessage)
  if (leave) setLeaveGuard(null)
  return leave
}
