import { createCloudMain } from '../../server/cloud-main'
import { datingActions } from './actions'

export const main = createCloudMain('dating', datingActions)
