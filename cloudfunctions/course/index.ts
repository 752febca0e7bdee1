import { createCloudMain } from '../../server/cloud-main'
import { courseActions } from './actions'

export const main = createCloudMain('course', courseActions)
