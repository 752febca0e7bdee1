import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/** "刚刚" / "3 小时前" within a week, the date after that. */
export function relativeTimeText(iso: string): string {
  const time = dayjs(iso)
  const now = dayjs()
  if (now.diff(time, 'minute') < 1) return '刚刚'
  if (now.diff(time, 'day') < 7) return time.fromNow()
  return time.year() === now.year() ? time.format('M月D日') : time.format('YYYY年M月D日')
}

export function dateText(iso: string): string {
  return dayjs(iso).format('YYYY年M月D日')
}

export function dateTimeText(iso: string): string {
  return dayjs(iso).format('YYYY-MM-DD HH:mm')
}

/** Short form for times within the year, e.g. a sale that starts next week: "12月1日 09:00". */
export function monthDayTimeText(iso: string): string {
  const time = dayjs(iso)
  return time.year() === dayjs().year() ? time.format('M月D日 HH:mm') : time.format('YYYY年M月D日 HH:mm')
}

/** When something runs: 11月23日 14:00–17:00 (the end's date only when it differs). */
export function timeRangeText(span: { startsAt: string; endsAt: string }): string {
  const end = dayjs(span.endsAt)
  const sameDay = dayjs(span.startsAt).isSame(end, 'day')
  return `${monthDayTimeText(span.startsAt)}–${sameDay ? end.format('HH:mm') : monthDayTimeText(span.endsAt)}`
}

/** A Shanghai calendar day (UTC+8 all year, whatever the phone's zone), `days` after today: what the server's day checks use. */
export function shanghaiDay(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)
}
