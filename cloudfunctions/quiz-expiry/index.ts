import { createCloudTimer } from '../../server/cloud-main'
import { expireAttempts } from '../../server/quiz/attempts'

/**
 * WeChat timer trigger (config.json: every minute). Scores attempts left open past their deadline
 * and grace as expired, 100 per transaction, until half the function's timeout has passed; an
 * attempt is scored once however often or concurrently it runs.
 */
export const main = createCloudTimer(({ db }, deadline) => expireAttempts(db, new Date(), { continueWhile: () => Date.now() < deadline }))
