import pg from 'pg'
import type { Db, Queryable } from './types'

// count(*) and other int8 results fit in a JS number everywhere this app uses them.
pg.types.setTypeParser(20, (value) => Number(value))

/** Errors after which a whole transaction is safe to run again. */
const retryableCodes = new Set(['40001', '40P01'])

export function createPostgresDb(connectionString: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize })
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'error', msg: 'idle pg client error', error: error.message })))
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      const result = await pool.query(sql, params)
      return result.rows as T[]
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect()
        const tx: Queryable = {
          async query<R>(sql: string, params?: unknown[]) {
            return (await client.query(sql, params)).rows as R[]
          },
          async exec(sql: string) {
            await client.query(sql)
          },
        }
        try {
          await client.query('BEGIN')
          const value = await fn(tx)
          await client.query('COMMIT')
          return value
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined)
          const code = (error as { code?: string }).code
          if (code && retryableCodes.has(code) && attempt < 5) continue
          throw error
        } finally {
          client.release()
        }
      }
    },
    async exec(sql: string) {
      await pool.query(sql)
    },
    async close() {
      await pool.end()
    },
  }
}
