import { addDays, shanghaiDay } from '../points/calendar'

/**
 * Whole working days (Monday to Friday, Shanghai calendar) from the day after `from` up to and
 * including the day of `to`: a claim submitted on a Friday has 1 working day open on Monday.
 * No public-holiday calendar: a claim over the 国庆 week shows as overdue a few days early,
 * which errs on the side of the member.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const first = shanghaiDay(from)
  const last = shanghaiDay(to)
  if (last <= first) return 0
  const days = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000)
  const weeks = Math.floor(days / 7)
  let count = weeks * 5
  // The remainder (under a week) counted day by day.
  let day = addDays(first, weeks * 7)
  while (day < last) {
    day = addDays(day, 1)
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    if (weekday !== 0 && weekday !== 6) count += 1
  }
  return count
}
