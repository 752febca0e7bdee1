/** The periods 法律服务统计 offers, as Shanghai calendar days (the union's calendar, whatever the phone's zone). */
export const periodNames = { month: '本月', lastMonth: '上月', quarter: '近三个月', year: '本年' } as const
export type Period = keyof typeof periodNames

export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10)

/** First and last day of the period; the current ones end today. */
export function periodRange(period: Period, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7)) - 1
  switch (period) {
    case 'month':
      return { from: monthStart(year, month), to: today }
    case 'lastMonth':
      return { from: monthStart(year, month - 1), to: new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10) }
    case 'quarter':
      return { from: monthStart(year, month - 2), to: today }
    case 'year':
      return { from: `${year}-01-01`, to: today }
  }
}

/** Working minutes as people say them: 45 分钟, 2 小时, 2 小时 5 分钟. */
export function formatWorkingMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} 分钟`
  return rest === 0 ? `${hours} 小时` : `${hours} 小时 ${rest} 分钟`
}
