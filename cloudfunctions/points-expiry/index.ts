import { createCloudTimer } from '../../server/cloud-main'
import { expirePoints, lapsedYear } from '../../server/points/ledger'

/**
 * WeChat timer trigger (config.json: every 15 minutes; WeChat allows one timer per function).
 * Each run expires members in batches until half the function's timeout has passed; the next
 * run continues after the last finished batch. Once a year is done a run only reads its progress
 * row (finished_at) and writes nothing.
 */
export const main = createCloudTimer(({ db }, deadline) => {
  const now = new Date()
  return expirePoints(db, lapsedYear(now), now, { continueWhile: () => Date.now() < deadline })
})
