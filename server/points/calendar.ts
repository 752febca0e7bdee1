/**
 * The union's calendar is Asia/Shanghai. China has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact and needs no time-zone database (PGlite has none).
 */
const offsetMs = 8 * 3600_000

export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString().slice(0, 10)
}

export function shanghaiYear(at: Date): number {
  return Number(shanghaiDay(at).slice(0, 4))
}

/** Midnight at the start of a Shanghai calendar day. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}

export function addDays(day: string, days: number): string {
  return new Date(dayStart(day).getTime() + days * 86_400_000 + offsetMs).toISOString().slice(0, 10)
}

export function monthStart(at: Date): Date {
  return dayStart(`${shanghaiDay(at).slice(0, 7)}-01`)
}

/** The first instant of a Shanghai calendar year. */
export function yearStart(year: number): Date {
  return dayStart(`${year}-01-01`)
}
