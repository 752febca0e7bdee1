import { createCloudMain } from '../../server/cloud-main'
import { roleActions } from './actions'

export const main = createCloudMain('role', roleActions)
