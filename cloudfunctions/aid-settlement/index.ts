import { continueSettlementImports } from '../../server/aid/settlement'
import { createCloudTimer } from '../../server/cloud-main'

/**
 * WeChat timer trigger (config.json: every minute): continues settlement imports whose page was
 * closed, batch by batch until half the function's timeout has passed; the next run goes on from
 * the last committed batch.
 */
export const main = createCloudTimer((deps, deadline) => continueSettlementImports(deps, deadline))
