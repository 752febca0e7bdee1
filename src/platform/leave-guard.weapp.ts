import Taro from '@tarojs/taro'
import { askToLeave } from './leave-guard-dialog'

let guardMessage: string | null = null

export function setLeaveGuard(message: string | null): void {
  // WeChat's own dialog covers the native back button and the swipe-back gesture.
  if (message) void Taro.enableAlertBeforeUnload({ message })
  else if (guardMessage) void Taro.disableAlertBeforeUnload()
  guardMessage = message
}

/** In-app controls (返回首页 and the like) bypass WeChat's dialog, so they ask here. */
export async function confirmLeave(): Promise<boolean> {
  if (!guardMessage) return true
  const leave = await askToLeave(guardMessage)
  if (leave) setLeaveGuard(null)
  return leave
}
