import { createCloudMain } from '../../server/cloud-main'
import { legalActions } from './actions'

export const main = createCloudMain('legal', legalActions)
