import type { readerSchemas } from '../../src/shared/api/library-reader'
import type { PartActions } from '../../server/action'
import { addAnnotation, deleteAnnotation, listAnnotations, updateAnnotation } from '../../server/library/annotations'
import { openBook, openChapter, readerSettings, saveProgress, saveReaderSettings } from '../../server/library/reader'

/**
 * Opening books and chapters is for any signed-in user: readableBook decides (a member reads what
 * is published for their branch, a librarian previews the books in their scope). The rest records
 * a member's own things.
 */
export const readerActions: PartActions<'library', keyof typeof readerSchemas> = {
  openBook: { access: 'user', handler: (input, ctx) => openBook(ctx.db, ctx.caller, input.bookId) },
  openChapter: { access: 'user', handler: (input, ctx) => openChapter(ctx.db, ctx.caller, input.bookId, input.chapterOrd) },
  saveProgress: { access: 'member', handler: (input, ctx) => saveProgress(ctx.db, ctx.caller, input) },
  readerSettings: { access: 'member', handler: (_input, ctx) => readerSettings(ctx.db, ctx.caller) },
  saveReaderSettings: { access: 'member', handler: (input, ctx) => saveReaderSettings(ctx.db, ctx.caller, input) },
  addAnnotation: { access: 'member', handler: (input, ctx) => addAnnotation(ctx.db, ctx.caller, input) },
  updateAnnotation: { access: 'member', handler: (input, ctx) => updateAnnotation(ctx.db, ctx.caller, input.id, input.note) },
  deleteAnnotation: { access: 'member', handler: (input, ctx) => deleteAnnotation(ctx.db, ctx.caller, input.id) },
  annotations: { access: 'member', handler: (input, ctx) => listAnnotations(ctx.db, ctx.caller, input) },
}
