const fallbackRefreshMs = 50_000
const safetyMarginMs = 10_000

/**
 * How long to show a QR token before fetching the next one. The expiry comes from the server
 * clock; when the phone's clock disagrees wildly, fall back to a fixed cadence instead.
 */
export function refreshDelayMs(qrExpiresAt: string, now: number): number {
  const lifetime = Date.parse(qrExpiresAt) - now
  if (Number.isNaN(lifetime) || lifetime < safetyMarginMs + 5_000 || lifetime > 10 * 60_000) return fallbackRefreshMs
  return lifetime - safetyMarginMs
}
