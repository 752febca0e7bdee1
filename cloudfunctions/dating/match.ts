import type { matchSchemas } from '../../src/shared/api/dating-match'
import type { PartActions } from '../../server/action'
import { block, listBlocks, unblock } from '../../server/dating/blocks'
import { discover, person } from '../../server/dating/discovery'
import { like, pass } from '../../server/dating/likes'

/** 推荐, a member's page, 喜欢/跳过 and 拉黑: every action needs the caller's own dating profile (requireDater). */
export const matchActions: PartActions<'dating', keyof typeof matchSchemas> = {
  discover: { access: 'member', handler: (input, { db, env, caller }) => discover({ db, env }, caller, input) },
  person: { access: 'member', handler: (input, { db, env, caller }) => person({ db, env }, caller, input.id) },
  like: { access: 'member', handler: (input, { db, caller }) => like(db, caller, input.targetId) },
  pass: { access: 'member', handler: (input, { db, caller }) => pass(db, caller, input.targetId) },
  block: { access: 'member', handler: (input, { db, caller }) => block(db, caller, input.targetId) },
  unblock: { access: 'member', handler: (input, { db, caller }) => unblock(db, caller, input.targetId) },
  blocks: { access: 'member', handler: (input, { db, caller }) => listBlocks(db, caller, input) },
}
