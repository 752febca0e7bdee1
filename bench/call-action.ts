import { dispatch } from '../server/action'
import type { Deps } from '../server/action'
import { registry } from '../server/registry'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../src/shared/api'
import { timed } from './stats'

/**
 * One action through `dispatch`, as the caller the session token names, timed. A refused call
 * returns fast and would flatter the figures: it stops the bench instead.
 */
export async function timedAction<F extends FunctionName, A extends ActionName<F>>(
  deps: Deps,
  token: string,
  fn: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<{ data: ActionOutput<F, A>; ms: number }> {
  const { value, ms } = await timed(() => dispatch(deps, registry, fn, { action, input }, { kind: 'token', token }))
  if (!value.ok) throw new Error(`${fn}.${action} 调用失败：${value.error.code} ${value.error.message}`)
  // dispatch answers the action's output; its signature only knows it as unknown.
  return { data: value.data as ActionOutput<F, A>, ms }
}
