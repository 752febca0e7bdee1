import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { apiSchemas, idSchema } from '../src/shared/api'
import type { ActionName, ActionOutput, FunctionName, ParsedInput } from '../src/shared/api'
import type { ApiResult } from '../src/shared/errors'
import type { Role } from '../src/shared/roles'
import { loadCaller, userIdForOpenid } from './caller'
import type { Caller } from './caller'
import type { Db } from './db'
import type { Env } from './env'
import { AppError } from './errors'
import { guardInput } from './input-guard'
import { hasRole } from './scope'
import { verifyToken } from './tokens'

z.config(z.locales.zhCN())

export interface Deps {
  db: Db
  env: Env
}

/** How the caller proves who they are: a session token (self-hosted) or the cloud openid (WeChat). */
export type CallerSource = { kind: 'token'; token: string | null } | { kind: 'openid'; openid: string | null }

export interface Ctx<C extends Caller | null = Caller> extends Deps {
  caller: C
  requestId: string
}

/**
 * Who may call an action: anyone, any signed-in user, an approved member, or a holder of one
 * of the listed roles. Branch scope is checked by the handler against the object it touches.
 */
export type ActionDef<I, O> =
  | { access: 'public'; handler: (input: I, ctx: Ctx<Caller | null>) => Promise<O> }
  | { access: 'user' | 'member'; handler: (input: I, ctx: Ctx<Caller>) => Promise<O> }
  | { access: 'roles'; roles: readonly Role[]; handler: (input: I, ctx: Ctx<Caller>) => Promise<O> }

export type FunctionActions<F extends FunctionName> = {
  [A in ActionName<F>]: ActionDef<ParsedInput<F, A>, ActionOutput<F, A>>
}

/** Some of a function's actions: a function whose actions are written in several files spreads these. */
export type PartActions<F extends FunctionName, Names extends ActionName<F>> = {
  [A in Names]: ActionDef<ParsedInput<F, A>, ActionOutput<F, A>>
}

export const sessionPurpose = 'session'
export const sessionTtlSeconds = 7 * 24 * 3600
/** A signature proves who made a token, not that its payload has the shape this code reads. */
const sessionPayload = z.object({ uid: idSchema, exp: z.number() })

async function resolveCaller(deps: Deps, source: CallerSource): Promise<Caller> {
  let userId: number
  if (source.kind === 'openid') {
    if (!source.openid) throw new AppError('UNAUTHENTICATED')
    userId = await userIdForOpenid(deps.db, source.openid)
  } else {
    if (!source.token) throw new AppError('UNAUTHENTICATED')
    const verified = verifyToken<{ exp: number }>(deps.env.appSecret, sessionPurpose, source.token)
    if (!verified.ok) throw new AppError(verified.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
    const payload = sessionPayload.safeParse(verified.payload)
    if (!payload.success) throw new AppError('UNAUTHENTICATED')
    userId = payload.data.uid
  }
  const caller = await loadCaller(deps.db, userId)
  if (!caller) throw new AppError('UNAUTHENTICATED')
  return caller
}

function checkAccess(def: ActionDef<unknown, unknown>, caller: Caller): void {
  if (def.access === 'member' && !caller.member) throw new AppError('NOT_MEMBER')
  if (def.access === 'roles' && !hasRole(caller, def.roles)) throw new AppError('FORBIDDEN')
}

function validationMessage(error: z.ZodError): string {
  const issue = error.issues[0]
  const field = issue.path.length ? `（${issue.path.join('.')}）` : ''
  return `${issue.message}${field}`
}

function log(level: 'info' | 'error', fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...fields })
  if (level === 'error') console.error(line)
  else if (process.env.LOG_REQUESTS === '1') console.log(line)
}

export type Registry = { [F in FunctionName]: FunctionActions<F> }

/**
 * The single entry for every function, over both transports. Validation, identity, access
 * and error shaping happen here; handlers only hold domain logic.
 */
export async function dispatch(
  deps: Deps,
  registry: Partial<Registry>,
  functionName: string,
  event: unknown,
  source: CallerSource,
): Promise<ApiResult<unknown>> {
  const requestId = randomUUID()
  const started = Date.now()
  let action = '?'
  try {
    if (!Object.hasOwn(registry, functionName) || !Object.hasOwn(apiSchemas, functionName)) {
      throw new AppError('UNKNOWN_FUNCTION')
    }
    const name = functionName as FunctionName
    const actions = registry[name] as Record<string, ActionDef<unknown, unknown>>
    const schemas = apiSchemas[name] as Record<string, z.ZodType>
    if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new AppError('BAD_REQUEST')
    const { action: requested, input } = event as { action?: unknown; input?: unknown }
    if (typeof requested !== 'string' || !Object.hasOwn(actions, requested) || !Object.hasOwn(schemas, requested)) {
      throw new AppError('UNKNOWN_ACTION')
    }
    action = requested
    guardInput(input)
    const def = actions[action]
    let caller: Caller | null = null
    if (def.access !== 'public') {
      caller = await resolveCaller(deps, source)
      checkAccess(def, caller)
    }
    const parsed = schemas[action].safeParse(input ?? {})
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', validationMessage(parsed.error))
    const data =
      def.access === 'public'
        ? await def.handler(parsed.data, { ...deps, caller, requestId })
        : await def.handler(parsed.data, { ...deps, caller: caller as Caller, requestId })
    log('info', { requestId, fn: functionName, action, ms: Date.now() - started, ok: true })
    return { ok: true, data }
  } catch (error) {
    if (error instanceof AppError) {
      log('info', { requestId, fn: functionName, action, ms: Date.now() - started, code: error.code })
      return { ok: false, error: error.toApiError() }
    }
    log('error', {
      requestId,
      fn: functionName,
      action,
      error: error instanceof Error ? error.stack ?? error.message : String(error),
    })
    return { ok: false, error: new AppError('INTERNAL').toApiError() }
  }
}

export function httpStatusOf(result: ApiResult<unknown>): number {
  return result.ok ? 200 : new AppError(result.error.code).status
}
