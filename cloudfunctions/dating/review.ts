import type { reviewSchemas } from '../../src/shared/api/dating-review'
import type { PartActions } from '../../server/action'
import { figures } from '../../server/dating/figures'
import { handleReport, report, reportDetail, reportQueue } from '../../server/dating/reports'
import { approveRevision, matchmakerSummary, rejectRevision, reviewDetail, reviewQueue } from '../../server/dating/review'
import { addDatingWord, datingWords, removeDatingWord } from '../../server/dating/words'

/** 嘉工鹊桥会, part review: 红娘 review profiles and act on reports; members report; the union reads figures. */
export const reviewActions: PartActions<'dating', keyof typeof reviewSchemas> = {
  reviewQueue: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, env, caller }) => reviewQueue({ db, env }, caller, input) },
  reviewDetail: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, env, caller }) => reviewDetail({ db, env }, caller, input.revisionId) },
  approveRevision: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, env, caller }) => approveRevision({ db, env }, caller, input.revisionId) },
  rejectRevision: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, env, caller }) => rejectRevision({ db, env }, caller, input) },
  report: { access: 'member', handler: (input, { db, caller }) => report(db, caller, input) },
  reportQueue: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, caller }) => reportQueue(db, caller, input) },
  reportDetail: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, env, caller }) => reportDetail({ db, env }, caller, input.reportId) },
  handleReport: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, caller }) => handleReport(db, caller, input) },
  matchmakerSummary: { access: 'roles', roles: ['matchmaker'], handler: (_input, { db, env, caller }) => matchmakerSummary({ db, env }, caller) },
  figures: { access: 'roles', roles: ['admin', 'matchmaker'], handler: (_input, { db, caller }) => figures(db, caller) },
  datingWords: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, caller }) => datingWords(db, caller, input) },
  addDatingWord: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, caller }) => addDatingWord(db, caller, input.word) },
  removeDatingWord: { access: 'roles', roles: ['matchmaker'], handler: (input, { db, caller }) => removeDatingWord(db, caller, input.word) },
}
