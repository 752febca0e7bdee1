import { createCloudTimer } from '../../server/cloud-main'
import { continueLibraryImports } from '../../server/library/import'

/**
 * WeChat timer trigger (config.json: every minute). Works queued EPUB imports, and running ones
 * whose worker stopped (lease lapsed), until half the function's timeout has passed; the lease
 * keeps two overlapping runs off one import.
 */
export const main = createCloudTimer((deps, deadline) => continueLibraryImports(deps, deadline))
