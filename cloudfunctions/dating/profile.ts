import type { profileSchemas } from '../../src/shared/api/dating-profile'
import type { PartActions } from '../../server/action'
import { datingStatus, joinDating } from '../../server/dating/joining'
import { deleteProfile, myProfile, saveContact, savePreferences, saveProfile, setHideFromUnit, setPaused } from '../../server/dating/profile'

/** 嘉工鹊桥会: joining, one's own profile, preferences, contact, pause and deletion (members only). */
export const profileActions: PartActions<'dating', keyof typeof profileSchemas> = {
  status: { access: 'member', handler: (_input, { db, caller }) => datingStatus(db, caller) },
  join: { access: 'member', handler: (input, { db, env, caller }) => joinDating({ db, env }, caller, input) },
  myProfile: { access: 'member', handler: (_input, { db, env, caller }) => myProfile({ db, env }, caller) },
  saveProfile: { access: 'member', handler: (input, { db, env, caller }) => saveProfile({ db, env }, caller, input) },
  savePreferences: { access: 'member', handler: (input, { db, caller }) => savePreferences(db, caller, input) },
  saveContact: { access: 'member', handler: (input, { db, caller }) => saveContact(db, caller, input) },
  setHideFromUnit: { access: 'member', handler: (input, { db, caller }) => setHideFromUnit(db, caller, input) },
  pause: { access: 'member', handler: (_input, { db, caller }) => setPaused(db, caller, true) },
  resume: { access: 'member', handler: (_input, { db, caller }) => setPaused(db, caller, false) },
  deleteProfile: { access: 'member', handler: (_input, { db, caller }) => deleteProfile(db, caller) },
}
