import { createCloudMain } from '../../server/cloud-main'
import { cardActions } from './actions'

export const main = createCloudMain('card', cardActions)
