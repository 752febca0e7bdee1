import { createCloudMain } from '../../server/cloud-main'
import { aidActions } from './actions'

export const main = createCloudMain('aid', aidActions)
