import { ApiCallError, errorText } from '../../api'
import { routes } from '../../routes'
import { goHome, redirectPage, relaunchPage } from '../../utils/navigate'
import { PageState } from '../page-state'
import { wayForward } from './way-forward'
import type { FailureCode } from './way-forward'

/** Why a page could not load; members-only pages refuse non-members with NOT_MEMBER. */
export interface LoadError {
  message: string
  notMember: boolean
  /** Picks the way forward (./way-forward.ts); a failure without one is offered 重试. */
  code?: FailureCode
}

const canSignIn = process.env.TARO_ENV === 'h5'

export function loadErrorOf(error: unknown): LoadError {
  const message = errorText(error)
  if (!(error instanceof ApiCallError)) return { message, notMember: false }
  return { message, notMember: error.code === 'NOT_MEMBER', code: error.code }
}

/** The error state of a page, with the action that fits the failure rather than a retry that cannot help. */
export function LoadFailure({ error, onRetry }: { error: LoadError; onRetry: () => void }) {
  const home = { text: '返回首页', onClick: () => void goHome() }
  switch (wayForward(error.notMember ? 'NOT_MEMBER' : error.code, canSignIn)) {
    case 'join':
      return <PageState kind='error' message={error.message} action={{ text: '申请入会', onClick: () => void redirectPage(routes.join) }} />
    case 'login':
      return <PageState kind='error' message={error.message} action={{ text: '去登录', onClick: () => void relaunchPage(routes.login) }} />
    case 'home':
      return <PageState kind='error' message={error.message} action={home} />
    case 'retry':
      return <PageState kind='error' message={error.message} onRetry={onRetry} action={home} />
  }
}
