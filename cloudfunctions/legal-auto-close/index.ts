import { createCloudTimer } from '../../server/cloud-main'
import { closeIdleQuestions } from '../../server/legal/closing'

/**
 * WeChat timer trigger (config.json: every 15 minutes): closes the legal questions the member left
 * unanswered for the policy's days, in batches until half the function's timeout has passed; the
 * next run continues. A question closes once however often this runs.
 */
export const main = createCloudTimer(({ db }, deadline) => closeIdleQuestions(db, new Date(), { continueWhile: () => Date.now() < deadline }))
