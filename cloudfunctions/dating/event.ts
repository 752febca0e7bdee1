import type { eventSchemas } from '../../src/shared/api/dating-event'
import type { PartActions } from '../../server/action'
import { requireDater } from '../../server/dating/dater'
import { eventCheckIn, eventCheckinCode, savePicks } from '../../server/dating/event-picks'
import { cancelSignup, decideSignup, eventRoster, signUp } from '../../server/dating/event-signups'
import {
  cancelEvent,
  eventDetail,
  eventListCursor,
  manageEvents,
  managedEventView,
  memberEvents,
  publishEvent,
  requireManagedEvent,
  saveEvent,
} from '../../server/dating/events'

const staff = ['matchmaker'] as const

export const eventActions: PartActions<'dating', keyof typeof eventSchemas> = {
  manageEvents: { access: 'roles', roles: staff, handler: (input, { db, caller }) => manageEvents(db, caller, input) },
  managedEvent: {
    access: 'roles',
    roles: staff,
    handler: async ({ eventId }, { db, caller }) => managedEventView(db, await requireManagedEvent(db, caller, eventId)),
  },
  saveEvent: { access: 'roles', roles: staff, handler: (input, { db, caller }) => saveEvent(db, caller, input) },
  publishEvent: { access: 'roles', roles: staff, handler: ({ eventId }, { db, caller }) => publishEvent(db, caller, eventId) },
  cancelEvent: { access: 'roles', roles: staff, handler: ({ eventId, reason }, { db, caller }) => cancelEvent(db, caller, eventId, reason) },
  eventRoster: { access: 'roles', roles: staff, handler: (input, { db, env, caller }) => eventRoster({ db, env }, caller, input) },
  decideSignup: { access: 'roles', roles: staff, handler: (input, { db, env, caller }) => decideSignup({ db, env }, caller, input) },
  checkinCode: { access: 'roles', roles: staff, handler: ({ eventId }, { db, env, caller }) => eventCheckinCode(db, env, caller, eventId) },
  events: {
    access: 'member',
    handler: async ({ scope, cursor, limit }, { db, caller }) => {
      const after = eventListCursor(cursor)
      return memberEvents(db, await requireDater(db, caller, 'active'), { scope, after, limit })
    },
  },
  eventDetail: {
    access: 'member',
    handler: async ({ eventId }, { db, env, caller }) => eventDetail({ db, env }, await requireDater(db, caller, 'active'), eventId),
  },
  signUp: { access: 'member', handler: async ({ eventId }, { db, caller }) => signUp(db, await requireDater(db, caller, 'active'), eventId) },
  cancelSignup: { access: 'member', handler: async ({ eventId }, { db, caller }) => cancelSignup(db, await requireDater(db, caller, 'active'), eventId) },
  checkIn: { access: 'member', handler: async (input, { db, env, caller }) => eventCheckIn(db, env, await requireDater(db, caller, 'active'), input) },
  savePicks: { access: 'member', handler: async (input, { db, caller }) => savePicks(db, await requireDater(db, caller, 'active'), input) },
}
