import { createCloudTimer } from '../../server/cloud-main'
import { legalEscalation } from '../../server/legal/escalation'

/**
 * WeChat timer trigger (config.json: every minute, as due times fall on whole minutes). Each run
 * takes the escalation steps that are due, in batches until half the function's timeout has
 * passed; a step already taken is never taken again, so overlapping runs are harmless.
 */
export const main = createCloudTimer(({ db }, deadline) => legalEscalation(db, new Date(), { continueWhile: () => Date.now() < deadline }))
