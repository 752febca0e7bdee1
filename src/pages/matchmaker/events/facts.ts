import dayjs from 'dayjs'
import type { DatingEventPhase, DatingEventSummary } from '../../../shared/api'
import { monthDayTimeText } from '../../../utils/time'

/** The matchmaker's names of an event's phases (the member pages have their own, in their subpackage). */
export const managedPhaseNames: Record<DatingEventPhase, string> = {
  draft: '草稿',
  signup: '报名中',
  closed: '报名已截止',
  ongoing: '进行中',
  picking: '互选中',
  finished: '已结束',
  cancelled: '已取消',
}

export function managedTimeText(e: Pick<DatingEventSummary, 'startsAt' | 'endsAt'>): string {
  const end = dayjs(e.endsAt)
  return `${monthDayTimeText(e.startsAt)}–${dayjs(e.startsAt).isSame(end, 'day') ? end.format('HH:mm') : monthDayTimeText(e.endsAt)}`
}

/** 男 已占 3/10 · 女 已占 10/10 */
export function takenText(e: Pick<DatingEventSummary, 'capacity' | 'placesLeft'>): string {
  return `名额：男 ${e.capacity.male - e.placesLeft.male}/${e.capacity.male} · 女 ${e.capacity.female - e.placesLeft.female}/${e.capacity.female}`
}
