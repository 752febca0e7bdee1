import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { dispatch } from '../server/action'
import type { Deps } from '../server/action'
import { registry } from '../server/registry'
import { seededRandom } from './stats'

/** A funded member with a session token signed before timing (signing is the client's work). */
export interface Shopper {
  memberId: number
  token: string
}

export interface Ware {
  id: number
  kind: 'pickup' | 'delivery'
}

/**
 * What a group of clients does: keep redeeming random (shopper, ware) pairs until the time is
 * up, or take each shopper of a queue once (a flash sale: everyone tries one time).
 */
export type LoadPlan =
  | { kind: 'timed'; ms: number; seed: number; shoppers: Shopper[]; wares: Ware[] }
  | { kind: 'queue'; seed: number; shoppers: Shopper[]; wares: Ware[] }

export interface LoadResult {
  /** Wall time of every call, successful or not, in milliseconds. */
  latenciesMs: number[]
  ok: number
  replayed: number
  /** Refused calls by error code. */
  failures: Record<string, number>
  elapsedMs: number
  /** Event-loop utilisation of the thread that ran the clients. */
  elu: number
}

const address = { name: '沈建华', phone: '13857300001', address: '浙江省嘉兴市南湖区中环南路 1 号 2 幢 301 室' }

/** One redemption exactly as the mini-program sends it: fresh request id, quantity 1. */
async function redeemOnce(deps: Deps, shopper: Shopper, ware: Ware): Promise<{ ms: number; code: string | null; replayed: boolean }> {
  const input = { itemId: ware.id, quantity: 1, requestId: randomUUID(), address: ware.kind === 'delivery' ? address : null }
  const start = process.hrtime.bigint()
  const result = await dispatch(deps, registry, 'mall', { action: 'redeem', input }, { kind: 'token', token: shopper.token })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!result.ok) return { ms, code: result.error.code, replayed: false }
  const replayed = typeof result.data === 'object' && result.data !== null && (result.data as { replayed?: unknown }).replayed === true
  return { ms, code: null, replayed }
}

/** `clients` concurrent loops on one event loop, each awaiting its call before the next. */
export async function runClients(deps: Deps, clients: number, plan: LoadPlan): Promise<LoadResult> {
  const random = seededRandom(plan.seed)
  const latenciesMs: number[] = []
  const failures: Record<string, number> = {}
  let ok = 0
  let replayed = 0
  let next = 0
  const started = performance.now()
  const eluStart = performance.eventLoopUtilization()
  const deadline = plan.kind === 'timed' ? started + plan.ms : Infinity
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]
  const loop = async () => {
    for (;;) {
      let shopper: Shopper
      if (plan.kind === 'timed') {
        if (performance.now() >= deadline) return
        shopper = pick(plan.shoppers)
      } else {
        if (next >= plan.shoppers.length) return
        shopper = plan.shoppers[next++]
      }
      const call = await redeemOnce(deps, shopper, pick(plan.wares))
      latenciesMs.push(call.ms)
      if (call.code === null) {
        ok++
        if (call.replayed) replayed++
      } else {
        failures[call.code] = (failures[call.code] ?? 0) + 1
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, loop))
  return {
    latenciesMs,
    ok,
    replayed,
    failures,
    elapsedMs: performance.now() - started,
    elu: performance.eventLoopUtilization(eluStart).utilization,
  }
}

/** Results of several threads as one run. */
export function mergeResults(parts: LoadResult[]): LoadResult {
  const failures: Record<string, number> = {}
  for (const part of parts) for (const [code, n] of Object.entries(part.failures)) failures[code] = (failures[code] ?? 0) + n
  return {
    latenciesMs: parts.flatMap((p) => p.latenciesMs),
    ok: parts.reduce((s, p) => s + p.ok, 0),
    replayed: parts.reduce((s, p) => s + p.replayed, 0),
    failures,
    elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
    elu: parts.reduce((s, p) => s + p.elu, 0) / parts.length,
  }
}
