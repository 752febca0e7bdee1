import type { contestSchemas } from '../../src/shared/api/quiz-contest'
import type { PartActions } from '../../server/action'
import { contestBoard, contestDetail } from '../../server/quiz/boards'
import { cancelContest, contestForEdit, listContests, manageContests, publishContest, saveContest } from '../../server/quiz/contests'

/** 答题拉力赛: course_editors run contests for their subtree; members of it take part and see the boards. */
export const contestActions: PartActions<'quiz', keyof typeof contestSchemas> = {
  saveContest: { access: 'roles', roles: ['course_editor'], handler: (input, { db, caller }) => saveContest(db, caller, input) },
  publishContest: { access: 'roles', roles: ['course_editor'], handler: (input, { db, caller }) => publishContest(db, caller, input.contestId) },
  cancelContest: { access: 'roles', roles: ['course_editor'], handler: (input, { db, caller }) => cancelContest(db, caller, input.contestId) },
  manageContests: { access: 'roles', roles: ['course_editor'], handler: (input, { db, caller }) => manageContests(db, caller, input) },
  contestForEdit: { access: 'roles', roles: ['course_editor'], handler: (input, { db, caller }) => contestForEdit(db, caller, input.contestId) },
  contests: { access: 'member', handler: (input, { db, caller }) => listContests(db, caller, input) },
  contestDetail: { access: 'user', handler: (input, { db, caller }) => contestDetail(db, caller, input.contestId) },
  contestBoard: { access: 'user', handler: (input, { db, caller }) => contestBoard(db, caller, input) },
}
