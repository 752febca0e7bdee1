import type { ApiResult } from '../shared/errors'

/**
 * Delivers one `{ action, input }` call to a cloud function and returns its ApiResult.
 * Rejects with ApiCallError('NETWORK') when the call did not get through, ('CLOUD') when the
 * WeChat platform refused it or a cloud function answered something that is not an ApiResult.
 */
export type Transport = (functionName: string, action: string, input: object) => Promise<ApiResult<unknown>>

export function isApiResult(body: unknown): body is ApiResult<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean'
}
