import type { FunctionName } from '../src/shared/api'
import { errorMessages } from '../src/shared/errors'
import type { ApiResult } from '../src/shared/errors'
import { dispatch } from './action'
import type { Deps, FunctionActions } from './action'
import { assertSchemaCurrent, SchemaBehindError } from './db/migrate'
import { createPostgresDb } from './db/postgres'
import { EnvError, loadEnv } from './env'

/**
 * A container runs one invocation at a time, so two connections are plenty; hundreds of warm
 * containers times a larger pool would exhaust PostgreSQL (put PgBouncer in front, see README).
 */
const connectionsPerContainer = 2

let deps: Promise<Deps> | null = null

/**
 * The container's environment and database, checked on first call: a cloud function is always
 * production (secrets required, never generated, no demo login), needs DATABASE_URL, and runs
 * only on a database migrated to its code's schema. A failure is not cached: the next call
 * checks again, so fixing the configuration or migrating needs no redeploy.
 */
function containerDeps(): Promise<Deps> {
  deps ??= (async () => {
    const env = loadEnv(process.env, { production: true, cloud: true })
    if (!env.databaseUrl) throw new EnvError('云函数必须配置 DATABASE_URL')
    const db = createPostgresDb(env.databaseUrl, connectionsPerContainer)
    try {
      await assertSchemaCurrent(db)
    } catch (error) {
      await db.close()
      throw error
    }
    return { env, db }
  })().catch((error) => {
    deps = null
    throw error
  })
  return deps
}

type Failure = { ok: false; error: { code: 'SERVICE_MISCONFIGURED' | 'INTERNAL'; message: string } }

/** Startup failures: a deployment fault reads as one, in the log and in the answer. */
async function startup(): Promise<Deps | Failure> {
  try {
    return await containerDeps()
  } catch (error) {
    const misconfigured = error instanceof EnvError || error instanceof SchemaBehindError
    console.error(JSON.stringify({ level: 'error', msg: misconfigured ? 'cloud function misconfigured' : 'startup failed', error: String(error) }))
    const code = misconfigured ? 'SERVICE_MISCONFIGURED' : 'INTERNAL'
    return { ok: false, error: { code, message: errorMessages[code] } }
  }
}

/**
 * The caller's openid as wx-server-sdk's getWXContext() reads it: the platform puts it in
 * the environment of each invocation, listed in WX_CONTEXT_KEYS. Clients cannot set it.
 */
function openidFromPlatform(): string | null {
  const keys = (process.env.WX_CONTEXT_KEYS ?? '').split(',')
  return keys.includes('WX_OPENID') ? process.env.WX_OPENID || null : null
}

/** A WeChat-style entry: `main(event, context)` for one function and its actions. */
export function createCloudMain<F extends FunctionName>(name: F, actions: FunctionActions<F>) {
  return async function main(event: unknown): Promise<ApiResult<unknown>> {
    const ready = await startup()
    if ('ok' in ready) return ready
    return dispatch(ready, { [name]: actions }, name, event, { kind: 'openid', openid: openidFromPlatform() })
  }
}

/** What the platform passes as `context`: the function's configured timeout, among others. */
interface CloudContext {
  time_limit_in_ms?: number
}

/** Assumed when the platform does not say: the timeout README asks the timer function to be given. */
const defaultTimeLimitMs = 60_000

/**
 * A timer-triggered entry. Only the platform's timer may run it; `job` gets the container's
 * database and a deadline at half the function's timeout, so it stops between units of work
 * long before the platform would kill it.
 */
export function createCloudTimer<T>(job: (deps: Deps, deadline: number) => Promise<T>) {
  return async function main(_event: unknown, context?: CloudContext): Promise<ApiResult<T>> {
    const deadline = Date.now() + (context?.time_limit_in_ms ?? defaultTimeLimitMs) / 2
    if (process.env.TRIGGER_SRC !== 'timer') return { ok: false, error: { code: 'FORBIDDEN', message: errorMessages.FORBIDDEN } }
    const ready = await startup()
    if ('ok' in ready) return ready
    try {
      return { ok: true, data: await job(ready, deadline) }
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'timer job failed', error: String(error) }))
      return { ok: false, error: { code: 'INTERNAL', message: errorMessages.INTERNAL } }
    }
  }
}
