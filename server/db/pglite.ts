import type { PGlite } from '@electric-sql/pglite'
import type { Db, Queryable } from './types'

/**
 * PGlite has one connection. Every statement and transaction goes through one queue so a
 * query from another request can never land inside someone else's open transaction.
 */
export function wrapPglite(pglite: PGlite): Db {
  let tail: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work)
    tail = run.catch(() => undefined)
    return run
  }
  return {
    kind: 'pglite',
    query<T>(sql: string, params?: unknown[]) {
      return exclusive(async () => (await pglite.query<T>(sql, params)).rows)
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return exclusive(() =>
        pglite.transaction(async (inner) => {
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
      return exclusive(async () => {
        await pglite.exec(sql)
      })
    },
    close() {
      return exclusive(() => pglite.close())
    },
  }
}

export async function openPgliteDb(dataDir: string | null): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite')
  const pglite = dataDir ? await PGlite.create(dataDir) : await PGlite.create()
  return wrapPglite(pglite)
}
