import dayjs from 'dayjs'
import { dateTimeValueOf, isoOfDateTime } from '../../../components/datetime-field/datetime-value'
import type { DateTimeValue } from '../../../components/datetime-field/datetime-value'

export type PublishMode = 'now' | 'scheduled'

export interface Schedule {
  mode: PublishMode
  publishAt: DateTimeValue
  expires: boolean
  expireAt: DateTimeValue
}

export function defaultSchedule(): Schedule {
  const tomorrowMorning = dayjs().add(1, 'day').hour(9).minute(0)
  return {
    mode: 'now',
    publishAt: dateTimeValueOf(tomorrowMorning),
    expires: false,
    expireAt: dateTimeValueOf(tomorrowMorning.add(30, 'day').hour(18)),
  }
}

/** Restores the schedule of a notice that is already scheduled. */
export function scheduleOf(publishAt: string | null, expireAt: string | null): Schedule {
  const base = defaultSchedule()
  return {
    mode: publishAt ? 'scheduled' : 'now',
    publishAt: publishAt ? dateTimeValueOf(publishAt) : base.publishAt,
    expires: expireAt !== null,
    expireAt: expireAt ? dateTimeValueOf(expireAt) : base.expireAt,
  }
}

export type ScheduleResult = { ok: true; publishAt: string | null; expireAt: string | null } | { ok: false; message: string }

/** The same rules the server applies, checked before anything is sent. */
export function resolveSchedule(schedule: Schedule, now = dayjs()): ScheduleResult {
  const publishAt = schedule.mode === 'scheduled' ? isoOfDateTime(schedule.publishAt) : null
  const expireAt = schedule.expires ? isoOfDateTime(schedule.expireAt) : null
  const effectivePublish = publishAt ? dayjs(publishAt) : now
  if (publishAt && !effectivePublish.isAfter(now)) return { ok: false, message: '定时发布时间必须晚于当前时间' }
  if (expireAt && !dayjs(expireAt).isAfter(effectivePublish)) return { ok: false, message: '过期时间必须晚于发布时间' }
  return { ok: true, publishAt, expireAt }
}
