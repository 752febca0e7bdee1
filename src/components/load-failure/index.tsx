import { ApiCallError, errorText } from '../../api'
import type { ClientErrorCode } from '../../api'
import { routes } from '../../routes'
import type { ErrorCode } from '../../shared/errors'
import { goHome, redirectPage, relaunchPage } from '../../utils/navigate'
import { PageState } from '../page-state'

/** Why a page could not load; members-only pages refuse non-members with NOT_MEMBER. */
export interface LoadError {
  message: string
  notMember: boolean
  /** Picks the way forward; a failure without one is taken as passing, so it offers 重试. */
  code?: ErrorCode | ClientErrorCode
}

/** Failures no retry can change: the thing is gone, or this user may not see it. */
const finalCodes: ReadonlySet<ErrorCode | ClientErrorCode> = new Set<ErrorCode | ClientErrorCode>([
  'NOT_FOUND',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'ITEM_OFF_SHELF',
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNKNOWN_FUNCTION',
  'UNKNOWN_ACTION',
])

// WeChat signs users in by openid and has no login page; only the H5 build can send them there.
const canSignIn = process.env.TARO_ENV === 'h5'

export function loadErrorOf(error: unknown): LoadError {
  const message = errorText(error)
  if (!(error instanceof ApiCallError)) return { message, notMember: false }
  return { message, notMember: error.code === 'NOT_MEMBER', code: error.code }
}

/**
 * The error state of a page, with the action that fits the failure: 申请入会 for a non-member,
 * 去登录 for a lost session, 返回首页 where a retry cannot help, and 重试 for anything passing.
 */
export function LoadFailure({ error, onRetry }: { error: LoadError; onRetry: () => void }) {
  const code = error.notMember ? 'NOT_MEMBER' : error.code
  if (code === 'NOT_MEMBER') {
    return <PageState kind='error' message={error.message} action={{ text: '申请入会', onClick: () => void redirectPage(routes.join) }} />
  }
  if (canSignIn && (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED')) {
    return <PageState kind='error' message={error.message} action={{ text: '去登录', onClick: () => void relaunchPage(routes.login) }} />
  }
  const home = { text: '返回首页', onClick: () => void goHome() }
  if (code && finalCodes.has(code)) return <PageState kind='error' message={error.message} action={home} />
  return <PageState kind='error' message={error.message} onRetry={onRetry} action={home} />
}
