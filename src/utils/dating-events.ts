import type { DatingEventPhase, DatingEventSummary } from '../shared/api'
import { eventSignupStatusNames } from '../shared/dating/names'

/** Members never see a draft: only matchmakers meet 草稿. */
export const eventPhaseNames: Record<DatingEventPhase, string> = {
  draft: '草稿',
  signup: '报名中',
  closed: '报名已截止',
  ongoing: '进行中',
  picking: '互选中',
  finished: '已结束',
  cancelled: '已取消',
}

/** For members: 剩余名额：男 3/10 · 女 0/10. */
export function placesLeftText(e: Pick<DatingEventSummary, 'capacity' | 'placesLeft'>): string {
  return `剩余名额：男 ${e.placesLeft.male}/${e.capacity.male} · 女 ${e.placesLeft.female}/${e.capacity.female}`
}

/** For matchmakers: 名额：男 3/10 · 女 10/10, places taken. */
export function placesTakenText(e: Pick<DatingEventSummary, 'capacity' | 'placesLeft'>): string {
  return `名额：男 ${e.capacity.male - e.placesLeft.male}/${e.capacity.male} · 女 ${e.capacity.female - e.placesLeft.female}/${e.capacity.female}`
}

/** A member's tag of an event: their own state when signed up, else the event's. */
export function eventTag(e: DatingEventSummary): { text: string; tone: 'good' | 'wait' | 'plain' } {
  if (e.mySignup && e.mySignup !== 'cancelled' && e.status === 'published') {
    return { text: eventSignupStatusNames[e.mySignup], tone: e.mySignup === 'approved' ? 'good' : e.mySignup === 'rejected' ? 'plain' : 'wait' }
  }
  return { text: eventPhaseNames[e.phase], tone: e.phase === 'signup' || e.phase === 'picking' ? 'good' : 'plain' }
}
