import { createCloudTimer } from '../../server/cloud-main'
import { fanOutNotices } from '../../server/notice-fanout'

/**
 * WeChat timer trigger (config.json: every minute). Each run writes notices' messages batch by
 * batch until half the function's timeout has passed; the next run continues after the last
 * committed batch. With nothing queued a run reads one index and writes nothing.
 */
export const main = createCloudTimer(({ db }, deadline) => fanOutNotices(db, new Date(), { continueWhile: () => Date.now() < deadline }))
