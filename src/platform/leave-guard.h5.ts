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
  // The title bar's back and home call this on every page, so it sits in the first bundle; Taro's
  // dialog code loads only when a page actually has something to lose.
  const { askToLeave } = await import('./leave-guard-dialog')
  const leave = await askToLeave(guardMessage)
  if (leave) setLeaveGuard(null)
  return leave
}
