import { createCloudMain } from '../../server/cloud-main'
import { messageActions } from './actions'

export const main = createCloudMain('message', messageActions)
