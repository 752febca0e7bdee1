import { createCloudMain } from '../../server/cloud-main'
import { memberActions } from './actions'

export const main = createCloudMain('member', memberActions)
