import { createCloudTimer } from '../../server/cloud-main'
import { freezeContests, refreshContestStandings } from '../../server/quiz/standings'

/**
 * WeChat timer trigger (config.json: every minute). Freezes the contests a grace minute past
 * their close (final places, placing points once), then rewrites the branch boards of those
 * under way, one transaction per contest, until half the function's timeout has passed.
 */
export const main = createCloudTimer(async ({ db }, deadline) => {
  const continueWhile = () => Date.now() < deadline
  const frozen = await freezeContests(db, new Date(), { continueWhile })
  const refreshed = await refreshContestStandings(db, new Date(), { continueWhile })
  return { frozen, refreshed }
})
