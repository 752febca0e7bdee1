import { workingDaysAfter } from '../calendar/china-holidays'
import { shanghaiDay } from '../points/calendar'

/**
 * Whole working days (Shanghai calendar, by China's holiday calendar: public holidays off, 调休
 * Saturdays and Sundays on) from the day after `from` up to and including the day of `to`: a
 * claim submitted on a Friday has 1 working day open on Monday. A year missing from the calendar
 * counts Monday to Friday only.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  return workingDaysAfter(shanghaiDay(from), shanghaiDay(to))
}
