import { createCloudTimer } from '../../server/cloud-main'
import { cleanFiles } from '../../server/files/cleanup'

/**
 * WeChat timer trigger (config.json: hourly). Deletes abandoned uploads, released files past
 * their retention and unfinished tickets from the database and cloud storage, in batches until
 * half the function's timeout has passed; the next run continues.
 */
export const main = createCloudTimer((deps, deadline) => cleanFiles(deps, { continueWhile: () => Date.now() < deadline }))
