import { createCloudMain } from '../../server/cloud-main'
import { noticeActions } from './actions'

export const main = createCloudMain('notice', noticeActions)
