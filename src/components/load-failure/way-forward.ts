import type { ClientErrorCode } from '../../api/errors'
import type { ErrorCode } from '../../shared/errors'

export type FailureCode = ErrorCode | ClientErrorCode

/** What an error state offers: 申请入会, 去登录, only 返回首页, or 重试 with 返回首页. */
export type WayForward = 'join' | 'login' | 'home' | 'retry'

/** Failures no retry can change: the thing is gone, or this user may not see it. */
const finalCodes: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'NOT_FOUND',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'ITEM_OFF_SHELF',
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNKNOWN_FUNCTION',
  'UNKNOWN_ACTION',
])

/**
 * Picks the way forward from a failure's code. Anything not known to be final (network, database,
 * WeChat cloud, an unknown code, or none) may pass, so it is worth a retry. `canSignIn`: only the
 * H5 build has a login page; WeChat signs users in by openid.
 */
export function wayForward(code: FailureCode | undefined, canSignIn: boolean): WayForward {
  if (code === 'NOT_MEMBER') return 'join'
  if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') return canSignIn ? 'login' : 'retry'
  return code && finalCodes.has(code) ? 'home' : 'retry'
}
