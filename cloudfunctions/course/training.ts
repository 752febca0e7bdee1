import type { trainingSchemas } from '../../src/shared/api/course-training'
import type { PartActions } from '../../server/action'
import { cancelOrder, decideOrder, listOrders, orderCourse, orderDetail, orderForm } from '../../server/course/training'
import { checkIn, checkinCode } from '../../server/course/training-checkin'
import {
  cancelSession,
  cancelSignup,
  finishSession,
  listSessions,
  saveSession,
  sessionDetail,
  sessionRoster,
  signUp,
} from '../../server/course/training-sessions'

const staff = ['course_editor', 'admin'] as const

/**
 * 点单—下单—送单: enterprise admins order, county-level course editors and admins accept and
 * schedule, members sign up and check in. Scope and the county level are checked per order and
 * session in server/course/training*.ts.
 */
export const trainingActions: PartActions<'course', keyof typeof trainingSchemas> = {
  orderForm: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => orderForm(db, caller, input.courseId) },
  orderCourse: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => orderCourse(db, caller, input) },
  orders: { access: 'roles', roles: staff, handler: (input, { db, caller }) => listOrders(db, caller, input) },
  orderDetail: { access: 'roles', roles: staff, handler: (input, { db, caller }) => orderDetail(db, caller, input.id) },
  cancelOrder: { access: 'roles', roles: ['admin'], handler: (input, { db, caller }) => cancelOrder(db, caller, input.id) },
  acceptOrder: { access: 'roles', roles: staff, handler: (input, { db, caller }) => decideOrder(db, caller, { id: input.id, decision: 'accepted' }) },
  declineOrder: {
    access: 'roles',
    roles: staff,
    handler: (input, { db, caller }) => decideOrder(db, caller, { id: input.id, decision: 'declined', reason: input.reason }),
  },
  saveSession: { access: 'roles', roles: staff, handler: (input, { db, caller }) => saveSession(db, caller, input) },
  cancelSession: { access: 'roles', roles: staff, handler: (input, { db, caller }) => cancelSession(db, caller, input) },
  finishSession: { access: 'roles', roles: staff, handler: (input, { db, caller }) => finishSession(db, caller, input.id) },
  sessions: { access: 'user', handler: (input, { db, caller }) => listSessions(db, caller, input) },
  sessionDetail: { access: 'user', handler: (input, { db, caller }) => sessionDetail(db, caller, input.id) },
  signUp: { access: 'member', handler: (input, { db, caller }) => signUp(db, caller, input.sessionId) },
  cancelSignup: { access: 'member', handler: (input, { db, caller }) => cancelSignup(db, caller, input.sessionId) },
  sessionRoster: { access: 'roles', roles: staff, handler: (input, { db, caller }) => sessionRoster(db, caller, input) },
  checkinCode: { access: 'roles', roles: staff, handler: (input, { db, caller }) => checkinCode(db, caller, input.sessionId) },
  checkIn: { access: 'member', handler: (input, { db, caller }) => checkIn(db, caller, input.code) },
}
