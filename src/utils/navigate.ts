import Taro from '@tarojs/taro'
import { hideBusy, showBusy, showFailure } from '../platform/busy'
import { confirmLeave } from '../platform/leave-guard'
import { routes } from '../routes'

/** A tap that has shown nothing for this long looks ignored; before it, a spinner would only flicker. */
const feedbackDelayMs = 150
/** A page that never renders must not leave the screen masked for good. */
const feedbackLimitMs = 15_000

let endPending: (() => void) | null = null

/**
 * Called by PageShell when a page first renders. On H5 the navigation promise settles when the
 * address changes, before the page's chunk has loaded, so the rendered page is what ends the wait.
 */
export function pageArrived(): void {
  endPending?.()
}

async function navigateWithFeedback(navigate: () => Promise<unknown>): Promise<boolean> {
  endPending?.()
  let loading = false
  const wait = setTimeout(() => {
    loading = true
    showBusy()
  }, feedbackDelayMs)
  const limit = setTimeout(() => end(), feedbackLimitMs)
  function end(): void {
    clearTimeout(wait)
    clearTimeout(limit)
    if (loading) hideBusy()
    loading = false
    if (endPending === end) endPending = null
  }
  endPending = end
  try {
    await navigate()
    return true
  } catch {
    // Hiding the loading box would also close a note shown before it.
    end()
    showFailure('页面打开失败，请重试')
    return false
  }
}

/** Opens a page on top of this one, with feedback while it loads. Resolves false if it failed. */
export function openPage(url: string): Promise<boolean> {
  return navigateWithFeedback(() => Taro.navigateTo({ url }))
}

/** Replaces this page, with feedback while the next one loads. */
export function redirectPage(url: string): Promise<boolean> {
  return navigateWithFeedback(() => Taro.redirectTo({ url }))
}

/** Closes every page and opens `url`, with feedback while it loads. */
export function relaunchPage(url: string): Promise<boolean> {
  return navigateWithFeedback(() => Taro.reLaunch({ url }))
}

/** 返回首页 from anywhere: closes every page, after asking if this one has unsaved changes. */
export async function goHome(): Promise<boolean> {
  return (await confirmLeave()) && relaunchPage(routes.home)
}
