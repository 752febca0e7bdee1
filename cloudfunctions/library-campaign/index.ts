import { createCloudTimer } from '../../server/cloud-main'
import { libraryCampaignProgress } from '../../server/library/campaigns'

/**
 * WeChat timer trigger (config.json: every minute). Each run recomputes the progress of the
 * campaigns in their window, one transaction per campaign, until half the function's timeout
 * has passed; the goal's points are paid once however often or concurrently it runs.
 */
export const main = createCloudTimer(({ db }, deadline) => libraryCampaignProgress(db, new Date(), { continueWhile: () => Date.now() < deadline }))
