import type { ApiResult } from '../shared/errors'

/**
 * Delivers one `{ action, input }` call to a cloud function and returns its ApiResult.
 * Rejects with ApiCallError('NETWORK') when no ApiResult came back.
 */
export type Transport = (functionName: string, action: string, input: object) => Promise<ApiResult<unknown>>

export function isApiResult(body: unknown): body is ApiResult<unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { ok?: unknown }).ok === 'boolean'
}
