import { createCloudMain } from '../../server/cloud-main'
import { fileActions } from './actions'

export const main = createCloudMain('file', fileActions)
