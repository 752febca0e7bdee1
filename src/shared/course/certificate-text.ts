/**
 * How a certificate writes its dates, shared by the PDF (server/course/certificate-pdf.ts) and the
 * pages that draw it, so paper and screen say the same. Zod-free: pages import it.
 */

/** 2026-11-22 → 2026年11月22日. */
export function certificateDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return `${year}年${month}月${date}日`
}

const digits = '〇一二三四五六七八九'

/** 2026-11-22 → 二〇二六年十一月二十二日, as the date beside a seal is written. */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  const small = (n: number) => (n < 10 ? digits[n] : `${n >= 20 ? digits[Math.floor(n / 10)] : ''}十${n % 10 ? digits[n % 10] : ''}`)
  return `${Array.from(String(year), (d) => digits[Number(d)]).join('')}年${small(month)}月${small(date)}日`
}

/** A code in groups of four, as printed: A7K2 M9PQ 3XZ8. */
export function groupedCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}
