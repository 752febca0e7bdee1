import { createCloudMain } from '../../server/cloud-main'
import { quizActions } from './actions'

export const main = createCloudMain('quiz', quizActions)
