import type { importSchemas } from '../../src/shared/api/library-import'
import type { PartActions } from '../../server/action'
import { importStatus, listImports, processLibraryImport, startImport } from '../../server/library/import'

export const importActions: PartActions<'library', keyof typeof importSchemas> = {
  startImport: {
    access: 'roles',
    roles: ['librarian'],
    async handler(input, ctx) {
      const started = await startImport(ctx.db, ctx.caller, input)
      // Started at once rather than at the job's next tick; the lease keeps it to one worker, and
      // a run cut short (a cloud container frozen after the reply) is taken over by the timer.
      if (started.status === 'queued') {
        setImmediate(() => {
          processLibraryImport(ctx, started.id).catch((error: unknown) => {
            console.error(JSON.stringify({ level: 'error', msg: 'library import failed; the job retries it', importId: started.id, error: String(error) }))
          })
        })
      }
      return started
    },
  },
  imports: {
    access: 'roles',
    roles: ['librarian'],
    handler: (input, ctx) => listImports(ctx.db, ctx.caller, input),
  },
  importStatus: {
    access: 'roles',
    roles: ['librarian'],
    handler: (input, ctx) => importStatus(ctx.db, ctx.caller, input.importId),
  },
}
