import type { ErrorCode } from '../shared/errors'

/**
 * NETWORK: the request did not get through. CLOUD: WeChat's cloud platform answered with an
 * error of its own (environment, deployment, quota), which no retry by the user will fix.
 */
export type ClientErrorCode = 'NETWORK' | 'CLOUD'

/** Raised by every api call that did not succeed; `message` is Chinese and shown as-is. */
export class ApiCallError extends Error {
  readonly code: ErrorCode | ClientErrorCode
  /** WeChat's own errCode for CLOUD failures (e.g. -501000), for support and logs. */
  readonly platformCode: number | null

  constructor(code: ErrorCode | ClientErrorCode, message: string, platformCode: number | null = null) {
    super(message)
    this.name = 'ApiCallError'
    this.code = code
    this.platformCode = platformCode
  }
}

export function networkError(): ApiCallError {
  return new ApiCallError('NETWORK', '网络异常，请检查网络后重试')
}

/** What the codes a misdeployed app meets first mean, so the screen says where to look. */
const cloudErrorHints: Record<number, string> = {
  [-501000]: '云开发环境不存在或未与小程序关联',
  [-501005]: '云开发环境 ID 无效',
  [-504002]: '云函数未部署或执行失败',
  [-404011]: '云函数执行失败',
  [-601034]: '小程序未开通云开发',
}

/** Anything at or above this magnitude is a platform code; -1 and the like are transport failures. */
const platformCodeMagnitude = 100_000

/**
 * A failed `Taro.cloud.callFunction`: `{ errCode, errMsg }`, where errMsg often nests the real
 * code ("cloud.callFunction:fail Error: errCode: -504002 functions execute fail | …").
 */
export function cloudCallError(failure: unknown): ApiCallError {
  const { errCode, errMsg } = (typeof failure === 'object' && failure !== null ? failure : {}) as { errCode?: unknown; errMsg?: unknown }
  const nested = typeof errMsg === 'string' ? /errCode:\s*(-?\d+)/.exec(errMsg) : null
  const code = nested ? Number(nested[1]) : typeof errCode === 'number' ? errCode : null
  if (code === null || Math.abs(code) < platformCodeMagnitude) return networkError()
  const hint = cloudErrorHints[code] ?? '云服务异常'
  return new ApiCallError('CLOUD', `服务暂不可用（微信错误码 ${code}：${hint}），请联系管理员`, code)
}

/** The function ran but answered something that is not an ApiResult: a deployment fault. */
export function malformedAnswerError(): ApiCallError {
  return new ApiCallError('CLOUD', '服务暂不可用（云函数返回了无法识别的结果），请联系管理员')
}

/** The server's message for API failures; a generic one for anything unexpected. */
export function errorText(error: unknown): string {
  return error instanceof ApiCallError ? error.message : '操作失败，请稍后重试'
}
