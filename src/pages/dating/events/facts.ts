import dayjs from 'dayjs'
import type { DatingEventPhase, DatingEventSummary } from '../../../shared/api'
import { eventSignupStatusNames } from '../../../shared/dating/names'
import { monthDayTimeText } from '../../../utils/time'

export const eventPhaseNames: Record<DatingEventPhase, string> = {
  draft: '未发布',
  signup: '报名中',
  closed: '报名已截止',
  ongoing: '进行中',
  picking: '互选中',
  finished: '已结束',
  cancelled: '已取消',
}

/** 11月23日 14:00–17:00 (the end's date only when it differs). */
export function eventTimeText(e: Pick<DatingEventSummary, 'startsAt' | 'endsAt'>): string {
  const end = dayjs(e.endsAt)
  return `${monthDayTimeText(e.startsAt)}–${dayjs(e.startsAt).isSame(end, 'day') ? end.format('HH:mm') : monthDayTimeText(e.endsAt)}`
}

/** 男 3/10 · 女 0/10 余位. */
export function placesText(e: Pick<DatingEventSummary, 'capacity' | 'placesLeft'>): string {
  return `剩余名额：男 ${e.placesLeft.male}/${e.capacity.male} · 女 ${e.placesLeft.female}/${e.capacity.female}`
}

/** The member's own state when signed up, else the event's. */
export function eventTag(e: DatingEventSummary): { text: string; tone: 'good' | 'wait' | 'plain' } {
  if (e.mySignup && e.mySignup !== 'cancelled' && e.status === 'published') {
    return { text: eventSignupStatusNames[e.mySignup], tone: e.mySignup === 'approved' ? 'good' : e.mySignup === 'rejected' ? 'plain' : 'wait' }
  }
  return { text: eventPhaseNames[e.phase], tone: e.phase === 'signup' || e.phase === 'picking' ? 'good' : 'plain' }
}
