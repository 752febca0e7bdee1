import { createCloudMain } from '../../server/cloud-main'
import { mallActions } from './actions'

export const main = createCloudMain('mall', mallActions)
