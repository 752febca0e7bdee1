import { createCloudMain } from '../../server/cloud-main'
import { branchActions } from './actions'

export const main = createCloudMain('branch', branchActions)
