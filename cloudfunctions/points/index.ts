import { createCloudMain } from '../../server/cloud-main'
import { pointsActions } from './actions'

export const main = createCloudMain('points', pointsActions)
