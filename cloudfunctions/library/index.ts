import { createCloudMain } from '../../server/cloud-main'
import { libraryActions } from './actions'

export const main = createCloudMain('library', libraryActions)
