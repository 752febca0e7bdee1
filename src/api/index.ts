import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../shared/api'
import { ApiCallError } from './errors'
import { transport } from './transport'

/** Actions whose every input field is optional may be called without an argument. */
type ActionCall<I, O> = {} extends I ? (input?: I) => Promise<O> : (input: I) => Promise<O>

type FunctionClient<F extends FunctionName> = {
  readonly [A in ActionName<F>]: ActionCall<ActionInput<F, A>, ActionOutput<F, A>>
}

export type ApiClient = { readonly [F in FunctionName]: FunctionClient<F> }

async function call(functionName: string, action: string, input: object = {}): Promise<unknown> {
  const result = await transport(functionName, action, input)
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message)
  return result.data
}

function functionClient<F extends FunctionName>(functionName: F): FunctionClient<F> {
  // The action list lives in the zod contract, which must not reach the client bundle, so the
  // client forwards any action name and lets the types above keep callers honest.
  const actions = new Proxy(
    {},
    { get: (_target, action) => (typeof action === 'string' ? (input?: object) => call(functionName, action, input) : undefined) },
  )
  return actions as FunctionClient<F>
}

export const api: ApiClient = {
  aid: functionClient('aid'),
  auth: functionClient('auth'),
  branch: functionClient('branch'),
  card: functionClient('card'),
  course: functionClient('course'),
  dating: functionClient('dating'),
  file: functionClient('file'),
  legal: functionClient('legal'),
  library: functionClient('library'),
  mall: functionClient('mall'),
  member: functionClient('member'),
  message: functionClient('message'),
  notice: functionClient('notice'),
  points: functionClient('points'),
  quiz: functionClient('quiz'),
  role: functionClient('role'),
}

export { ApiCallError, errorText } from './errors'
