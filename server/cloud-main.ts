import type { FunctionName } from '../src/shared/api'
import type { ApiResult } from '../src/shared/errors'
import { dispatch } from './action'
import type { Deps, FunctionActions } from './action'
import { openDatabase } from './db'
import { loadEnv } from './env'

let deps: Promise<Deps> | null = null

/** One database pool per warm container, opened on first call. */
function containerDeps(): Promise<Deps> {
  deps ??= (async () => {
    const env = { ...loadEnv(), demoLogin: false }
    if (!env.databaseUrl) throw new Error('云函数必须配置 DATABASE_URL')
    return { env, db: await openDatabase(env) }
  })().catch((error) => {
    deps = null
    throw error
  })
  return deps
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
    let ready: Deps
    try {
      ready = await containerDeps()
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'startup failed', error: String(error) }))
      return { ok: false, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } }
    }
    return dispatch(ready, { [name]: actions }, name, event, { kind: 'openid', openid: openidFromPlatform() })
  }
}
