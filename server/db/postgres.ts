import { createHash } from 'node:crypto'
import pg from 'pg'
import type { Db, Queryable, QueryOptions } from './types'

// count(*) and other int8 results fit in a JS number everywhere this app uses them.
pg.types.setTypeParser(20, (value) => Number(value))

const statementNames = new Map<string, string>()

/**
 * Named statements: each connection parses and plans a statement once, then reuses the plan.
 * Planning was the larger part of a redemption's server time (measured in npm run bench).
 */
function statement(sql: string, params: unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  if (options?.planPerCall) return { text: sql, values: params }
  let name = statementNames.get(sql)
  if (!name) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`
    statementNames.set(sql, name)
  }
  return { name, text: sql, values: params }
}

/** Errors after which a whole transaction is safe to run again. */
const retryableCodes = new Set(['40001', '40P01'])

export function createPostgresDb(connectionString: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString, max: poolSize })
  pool.on('error', (error) => console.error(JSON.stringify({ level: 'error', msg: 'idle pg client error', error: error.message })))
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      const result = await pool.query(statement(sql, params, options))
      return result.rows as T[]
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect()
        const tx: Queryable = {
          async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
            return (await client.query(statement(sql, params, options))).rows as R[]
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
