import { createCloudMain } from '../../server/cloud-main'
import { authActions } from './actions'

export const main = createCloudMain('auth', authActions)
