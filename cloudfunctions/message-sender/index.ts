import { createCloudTimer } from '../../server/cloud-main'
import { cloudChannel } from '../../server/subscribe/channel'
import { drainOutbox } from '../../server/subscribe/sender'

/**
 * WeChat timer trigger (config.json: every minute, the finest a timer allows). Sends what the
 * outbox holds through wx-server-sdk's subscribeMessage.send, the platform holding the token,
 * until half the function's timeout has passed; the next run continues.
 */
export const main = createCloudTimer(({ db, env }, deadline) => drainOutbox(db, env.subscribe, cloudChannel, { continueWhile: () => Date.now() < deadline }))
