import type { PGlite } from '@electric-sql/pglite'
import { AppError } from '../errors'
import type { Db, Queryable } from './types'

/** What the wrapper uses of a PGlite instance. */
export type PgliteHandle = Pick<PGlite, 'query' | 'exec' | 'transaction' | 'close'>

/**
 * Faults of the embedded engine itself rather than of a statement: the WebAssembly instance
 * aborted, or PostgreSQL inside it exited. The instance answers nothing after one of these.
 */
function isEngineFault(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true
  // Emscripten's exit() throws an ExitStatus, which is not an Error.
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ExitStatus'
}

/**
 * PGlite has one connection. Every statement and transaction goes through one queue so a
 * query from another request can never land inside someone else's open transaction.
 * After an engine fault the request gets DB_UNAVAILABLE and, given `reopen`, the next one
 * runs on a fresh instance over the same data dir, so the host recovers without a restart.
 */
export function wrapPglite(pglite: PgliteHandle, reopen?: () => Promise<PgliteHandle>): Db {
  let handle: PgliteHandle | null = pglite
  let closed = false
  let tail: Promise<unknown> = Promise.resolve()
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
  const exclusive = <T>(work: (current: PgliteHandle) => Promise<T>): Promise<T> =>
    enqueue(async () => {
      // Use after close() is a bug in the caller, not an outage.
      if (closed) throw new Error('PGlite is closed')
      if (!handle) {
        if (!reopen) throw new AppError('DB_UNAVAILABLE')
        try {
          handle = await reopen()
        } catch (error) {
          logFault('pglite reopen failed', error)
          throw new AppError('DB_UNAVAILABLE')
        }
      }
      try {
        return await work(handle)
      } catch (error) {
        if (!isEngineFault(error)) throw error
        logFault('pglite engine fault', error)
        // Not closed: an aborted instance cannot run its shutdown; it is dropped instead.
        handle = null
        throw new AppError('DB_UNAVAILABLE')
      }
    })
  return {
    kind: 'pglite',
    query<T>(sql: string, params?: unknown[]) {
      return exclusive(async (current) => (await current.query<T>(sql, params)).rows)
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return exclusive((current) =>
        current.transaction(async (inner) => {
          const tx: Queryable = {
            async query<R>(sql: string, params?: unknown[]) {
              return (await inner.query<R>(sql, params)).rows
            },
            async exec(sql: string) {
              await inner.exec(sql)
            },
          }
          return fn(tx)
        }),
      )
    },
    exec(sql: string) {
      return exclusive(async (current) => {
        await current.exec(sql)
      })
    },
    close() {
      return enqueue(async () => {
        closed = true
        await handle?.close()
        handle = null
      })
    },
  }
}

function logFault(msg: string, error: unknown): void {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, error: String(error) }))
}

export async function openPgliteDb(dataDir: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite')
  // PostgreSQL initialises its whole buffer pool at every start: the default 128 MB was a third of
  // a restart (bench/restart.ts), while the embedded database holds a few MB of demo data.
  const options = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] }
  const open = () => (dataDir ? PGlite.create(dataDir, options) : PGlite.create(options))
  // An in-memory database lost with its instance cannot be reopened.
  return wrapPglite(await open(), dataDir ? open : undefined)
}
