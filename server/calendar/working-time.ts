import { addDays, dayStart, shanghaiDay } from '../points/calendar'
import { isWorkingDay } from './china-holidays'

/** The working day's hours, in minutes after Shanghai midnight. */
export interface WorkingHours {
  startMinute: number
  endMinute: number
}

/** The longest run of days without a working day the calendar can hold (春节 with weekends is 9). */
const maxDaysOff = 31

/**
 * The instant `minutes` working minutes after `from`: time outside the working hours, weekends
 * and public holidays (with their 调休 working Saturdays and Sundays) does not count. Zero
 * minutes is `from` itself.
 */
export function addWorkingMinutes(from: Date, minutes: number, hours: WorkingHours): Date {
  if (minutes <= 0) return from
  let day = shanghaiDay(from)
  let minute = Math.floor((from.getTime() - dayStart(day).getTime()) / 60_000)
  let left = minutes
  let daysOff = 0
  for (;;) {
    if (isWorkingDay(day) && minute < hours.endMinute) {
      daysOff = 0
      const begin = Math.max(minute, hours.startMinute)
      // Seconds past the starting minute are dropped: due times fall on whole minutes.
      const available = hours.endMinute - begin
      if (left <= available) return new Date(dayStart(day).getTime() + (begin + left) * 60_000)
      left -= available
    } else if (!isWorkingDay(day) && ++daysOff > maxDaysOff) {
      throw new Error(`no working day within ${maxDaysOff} days after ${day}`)
    }
    day = addDays(day, 1)
    minute = 0
  }
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours): number {
  if (to <= from) return 0
  let total = 0
  for (let day = shanghaiDay(from); day <= shanghaiDay(to); day = addDays(day, 1)) {
    if (!isWorkingDay(day)) continue
    const start = dayStart(day).getTime()
    const open = Math.max(start + hours.startMinute * 60_000, from.getTime())
    const close = Math.min(start + hours.endMinute * 60_000, to.getTime())
    if (close > open) total += (close - open) / 60_000
  }
  return Math.floor(total)
}
