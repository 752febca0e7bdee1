import dayjs from 'dayjs'

/** What the date and time pickers hold; kept apart from the component so plain logic can be unit-tested. */
export interface DateTimeValue {
  /** YYYY-MM-DD */
  date: string
  /** HH:mm */
  time: string
}

/** The picker value for a moment (an ISO string or a dayjs time), in the phone's time zone. */
export function dateTimeValueOf(time: string | dayjs.Dayjs): DateTimeValue {
  const t = dayjs(time)
  return { date: t.format('YYYY-MM-DD'), time: t.format('HH:mm') }
}

/** ISO time with the phone's UTC offset, as the contract asks. */
export function isoOfDateTime(value: DateTimeValue): string {
  return dayjs(`${value.date} ${value.time}`, 'YYYY-MM-DD HH:mm').format()
}
