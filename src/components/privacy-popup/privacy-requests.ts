import type Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'

type Listener = Taro.onNeedPrivacyAuthorization.Listener
type Resolve = Parameters<Listener>[0]

/** A privacy-scoped API or component WeChat holds until the user agrees or declines. */
export interface PrivacyRequest {
  /** What asked, as WeChat names it (e.g. `scanCode`). */
  referrer: string
}

let waiting: { resolve: Resolve; referrer: string }[] = []
const subscribers = new Set<(request: PrivacyRequest | null) => void>()

const current = (): PrivacyRequest | null => (waiting.length ? { referrer: waiting[0].referrer } : null)

function publish(): void {
  for (const subscriber of subscribers) subscriber(current())
}

/**
 * WeChat's onNeedPrivacyAuthorization listener (registered once at launch, platform/start.weapp.ts):
 * the held call waits here until the popup on the current page is answered.
 */
export const holdForPrivacyAnswer: Listener = (resolve, eventInfo) => {
  waiting.push({ resolve, referrer: eventInfo?.referrer ?? '' })
  publish()
}

/** Tells WeChat the popup is on screen (its records of how the guide was shown). */
export function privacyPopupShown(): void {
  for (const request of waiting) request.resolve({ event: 'exposureAuthorization' })
}

/**
 * The user's answer releases every held call at once: `agree` names the button with
 * open-type="agreePrivacyAuthorization", which WeChat checks was really tapped.
 */
export function answerPrivacy(answer: { agreed: true; buttonId: string } | { agreed: false }): void {
  const held = waiting
  waiting = []
  for (const { resolve } of held) resolve(answer.agreed ? { event: 'agree', buttonId: answer.buttonId } : { event: 'disagree' })
  publish()
}

/** The request the popup answers, or null when nothing waits. */
export function usePrivacyRequest(): PrivacyRequest | null {
  const [request, setRequest] = useState<PrivacyRequest | null>(current)
  useEffect(() => {
    subscribers.add(setRequest)
    setRequest(current())
    return () => {
      subscribers.delete(setRequest)
    }
  }, [])
  return request
}
