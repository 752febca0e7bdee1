import type { readingSchemas } from '../../src/shared/api/library-reading'
import type { PartActions } from '../../server/action'
import { closeSession, finishBook, heartbeat, openSession, readingTime } from '../../server/library/reading-time'
import { addToShelf, continueReading, recentBooks, removeFromShelf, shelf } from '../../server/library/shelf'

/** 书架, recently read, and reading time counted from the reader's heartbeats (members only). */
export const readingActions: PartActions<'library', keyof typeof readingSchemas> = {
  shelf: { access: 'member', handler: (input, { db, caller }) => shelf(db, caller, input) },
  addToShelf: { access: 'member', handler: (input, { db, caller }) => addToShelf(db, caller, input) },
  removeFromShelf: { access: 'member', handler: (input, { db, caller }) => removeFromShelf(db, caller, input) },
  recentBooks: { access: 'member', handler: (input, { db, caller }) => recentBooks(db, caller, input) },
  continueReading: { access: 'member', handler: (_input, { db, caller }) => continueReading(db, caller) },
  openSession: { access: 'member', handler: (input, { db, caller }) => openSession(db, caller, input) },
  heartbeat: { access: 'member', handler: (input, { db, caller }) => heartbeat(db, caller, input) },
  closeSession: { access: 'member', handler: (input, { db, caller }) => closeSession(db, caller, input) },
  finishBook: { access: 'member', handler: (input, { db, caller }) => finishBook(db, caller, input) },
  readingTime: { access: 'member', handler: (_input, { db, caller }) => readingTime(db, caller) },
}
