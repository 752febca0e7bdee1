import { useCallback, useEffect, useRef } from 'react'
import { api } from '../api'
import { requestSubscribe, subscribeAvailable } from '../platform/subscribe'
import type { SubscribeMoment } from '../shared/api'

/** Per moment, for the app's lifetime: the configuration changes only with a deployment. */
const known = new Map<SubscribeMoment, string[]>()

/**
 * Consent to WeChat subscribe messages at one tap (确认兑换, 提交入会申请). The moment's template ids
 * are fetched when the page loads, so the tap has them at hand; call `ask()` synchronously in the
 * tap handler, before any await. What the user accepts is recorded in the background: a decline,
 * a failure or a platform without the dialog never holds up the action the tap is for.
 */
export function useSubscribeConsent(moment: SubscribeMoment): { ask: () => void } {
  const templateIds = useRef<string[]>(known.get(moment) ?? [])

  useEffect(() => {
    if (!subscribeAvailable || known.has(moment)) return
    let live = true
    api.message
      .subscribeTemplates({ moment })
      .then(({ templateIds: ids }) => {
        known.set(moment, ids)
        if (live) templateIds.current = ids
      })
      // Without the ids this tap asks for nothing; the next page load tries again.
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [moment])

  const ask = useCallback(() => {
    void requestSubscribe(templateIds.current)
      .then((accepted) => (accepted.length > 0 ? api.message.recordConsent({ templateIds: accepted }) : null))
      .catch(() => undefined)
  }, [])

  return { ask }
}
