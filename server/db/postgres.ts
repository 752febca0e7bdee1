import { createHash } from 'node:crypto'
import pg from 'pg'
import { AppError } from '../errors'
import { isConnectionFailure } from './connection-failure'
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
/** Attempts to get a working connection before anything of the work was sent. */
const connectAttempts = 3
const connectRetryDelayMs = 100

function log(msg: string, error: unknown): void {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg, error: error instanceof Error ? error.message : String(error) }))
}

function unavailable(error: unknown): AppError {
  log('database unavailable', error)
  return new AppError('DB_UNAVAILABLE')
}

/** A checked-out client that cannot take the host down and is discarded once its connection broke. */
interface Lease {
  client: pg.PoolClient
  /** The connection failure seen on this client, if any. */
  broken(): Error | null
  release(error?: unknown): void
}

export function createPostgresDb(connectionString: string, poolSize = 10): Db {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    // A server that does not answer must fail requests, not hold them forever.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  })
  pool.on('error', (error) => log('idle pg client error', error))

  /**
   * pg-pool listens for 'error' only on idle clients; a checked-out client whose server ends the
   * connection between statements emits 'error' with no listener, which exits the process.
   */
  async function lease(): Promise<Lease> {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        if (!isConnectionFailure(error)) throw error
        if (attempt >= connectAttempts) throw unavailable(error)
        await new Promise((done) => setTimeout(done, connectRetryDelayMs * attempt))
        continue
      }
      let failure: Error | null = null
      const onError = (error: Error) => {
        failure ??= error
      }
      client.on('error', onError)
      return {
        client,
        broken: () => failure,
        release(error) {
          client.removeListener('error', onError)
          const discard = failure ?? (isConnectionFailure(error) ? (error as Error) : undefined)
          client.release(discard)
        },
      }
    }
  }

  /** Runs one unit of work on one connection; a broken connection becomes DB_UNAVAILABLE. */
  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, broken, release } = await lease()
    try {
      const value = await work(client)
      release()
      return value
    } catch (error) {
      release(error)
      if (broken() || isConnectionFailure(error)) throw unavailable(broken() ?? error)
      throw error
    }
  }

  return {
    kind: 'postgres',
    query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      return withClient(async (client) => (await client.query(statement(sql, params, options))).rows as T[])
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      for (let attempt = 1; ; attempt++) {
        const { client, broken, release } = await lease()
        const tx: Queryable = {
          async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
            return (await client.query(statement(sql, params, options))).rows as R[]
          },
          async exec(sql: string) {
            await client.query(sql)
          },
        }
        let begun = false
        try {
          await client.query('BEGIN')
          begun = true
          const value = await fn(tx)
          await client.query('COMMIT')
          release()
          return value
        } catch (error) {
          if (!broken() && !isConnectionFailure(error)) await client.query('ROLLBACK').catch(() => undefined)
          release(error)
          const lost = broken() ?? (isConnectionFailure(error) ? error : null)
          if (lost) {
            // Only a transaction none of whose work reached the server may run again: once fn
            // started, COMMIT may have landed and the outcome is unknown to us. The client retries
            // with its request id and the action's idempotency answers with the first outcome.
            if (!begun && attempt < connectAttempts) continue
            throw unavailable(lost)
          }
          const code = (error as { code?: string }).code
          if (code && retryableCodes.has(code) && attempt < 5) continue
          throw error
        }
      }
    },
    async exec(sql: string) {
      await withClient((client) => client.query(sql))
    },
    async close() {
      await pool.end()
    },
  }
}
