import type { ErrorCode } from '../shared/errors'

/** Raised by every api call that did not succeed; `message` is Chinese and shown as-is. */
export class ApiCallError extends Error {
  /** NETWORK: no ApiResult came back at all. */
  readonly code: ErrorCode | 'NETWORK'

  constructor(code: ErrorCode | 'NETWORK', message: string) {
    super(message)
    this.name = 'ApiCallError'
    this.code = code
  }
}

export function networkError(): ApiCallError {
  return new ApiCallError('NETWORK', '网络异常，请检查网络后重试')
}

/** The server's message for API failures; a generic one for anything unexpected. */
export function errorText(error: unknown): string {
  return error instanceof ApiCallError ? error.message : '操作失败，请稍后重试'
}
