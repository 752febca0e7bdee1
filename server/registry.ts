import { aidActions } from '../cloudfunctions/aid/actions'
import { authActions } from '../cloudfunctions/auth/actions'
import { branchActions } from '../cloudfunctions/branch/actions'
import { cardActions } from '../cloudfunctions/card/actions'
import { courseActions } from '../cloudfunctions/course/actions'
import { datingActions } from '../cloudfunctions/dating/actions'
import { fileActions } from '../cloudfunctions/file/actions'
import { legalActions } from '../cloudfunctions/legal/actions'
import { libraryActions } from '../cloudfunctions/library/actions'
import { mallActions } from '../cloudfunctions/mall/actions'
import { memberActions } from '../cloudfunctions/member/actions'
import { messageActions } from '../cloudfunctions/message/actions'
import { noticeActions } from '../cloudfunctions/notice/actions'
import { pointsActions } from '../cloudfunctions/points/actions'
import { quizActions } from '../cloudfunctions/quiz/actions'
import { roleActions } from '../cloudfunctions/role/actions'
import type { Registry } from './action'

/** Every function the self-hosted host serves; each cloud function bundles only its own. */
export const registry: Registry = {
  aid: aidActions,
  auth: authActions,
  branch: branchActions,
  card: cardActions,
  course: courseActions,
  dating: datingActions,
  file: fileActions,
  legal: legalActions,
  library: libraryActions,
  mall: mallActions,
  member: memberActions,
  message: messageActions,
  notice: noticeActions,
  points: pointsActions,
  quiz: quizActions,
  role: roleActions,
}
