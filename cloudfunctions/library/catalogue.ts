import type { catalogueSchemas } from '../../src/shared/api/library-catalogue'
import type { PartActions } from '../../server/action'
import { bookDetail, browseBooks, libraryHome, manageBooks, publishBook, unpublishBook, updateBook } from '../../server/library/catalogue'
import { deleteList, listDetail, publishList, saveList, visibleLists } from '../../server/library/lists'
import { searchBooks, suggest } from '../../server/library/search'

const librarian = ['librarian'] as const

export const catalogueActions: PartActions<'library', keyof typeof catalogueSchemas> = {
  libraryHome: { access: 'user', handler: (_input, ctx) => libraryHome(ctx.db, ctx.caller) },
  browseBooks: { access: 'user', handler: (input, ctx) => browseBooks(ctx.db, ctx.caller, input) },
  searchBooks: { access: 'user', handler: (input, ctx) => searchBooks(ctx.db, ctx.caller, input) },
  suggest: { access: 'user', handler: (input, ctx) => suggest(ctx.db, ctx.caller, input.q) },
  bookDetail: { access: 'user', handler: (input, ctx) => bookDetail(ctx.db, ctx.caller, input.bookId) },
  lists: { access: 'user', handler: (input, ctx) => visibleLists(ctx.db, ctx.caller, input) },
  listDetail: { access: 'user', handler: (input, ctx) => listDetail(ctx.db, ctx.caller, input.id) },
  manageBooks: { access: 'roles', roles: librarian, handler: (input, ctx) => manageBooks(ctx.db, ctx.caller, input) },
  updateBook: { access: 'roles', roles: librarian, handler: (input, ctx) => updateBook(ctx.db, ctx.caller, input) },
  publishBook: { access: 'roles', roles: librarian, handler: (input, ctx) => publishBook(ctx.db, ctx.caller, input.bookId) },
  unpublishBook: { access: 'roles', roles: librarian, handler: (input, ctx) => unpublishBook(ctx.db, ctx.caller, input.bookId) },
  saveList: { access: 'roles', roles: librarian, handler: (input, ctx) => saveList(ctx.db, ctx.caller, input) },
  publishList: { access: 'roles', roles: librarian, handler: (input, ctx) => publishList(ctx.db, ctx.caller, input.id) },
  deleteList: { access: 'roles', roles: librarian, handler: (input, ctx) => deleteList(ctx.db, ctx.caller, input.id) },
}
