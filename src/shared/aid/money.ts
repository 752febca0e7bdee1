/**
 * Money is integer fen everywhere; these turn it into text and back without a float on the way.
 * Ratios are integer basis points (6000 = 60%).
 */

/** The most a single amount may be anywhere in 医疗互助: 1,000,000.00 元. */
export const maxFen = 100_000_000

/** 1234567 → "12,345.67" (元, thousands grouped). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '−' : ''
  const abs = Math.abs(fen)
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** 6000 → "60%", 6050 → "60.5%", 6055 → "60.55%". */
export function formatBp(bp: number): string {
  const whole = Math.floor(bp / 100)
  const rest = bp % 100
  if (rest === 0) return `${whole}%`
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`
}

/** "12,345.6" or "12345.67" 元 → 1234560 fen; null when it is not an amount with at most 2 decimals. */
export function parseYuan(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''))
  if (!match) return null
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** "60" or "60.5" % → 6000 or 6050 basis points; null when not a percentage with at most 2 decimals. */
export function parsePercent(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, ''))
  if (!match) return null
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return bp <= 10_000 ? bp : null
}
