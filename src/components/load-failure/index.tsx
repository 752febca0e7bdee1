import Taro from '@tarojs/taro'
import { ApiCallError, errorText } from '../../api'
import { routes, withQuery } from '../../routes'
import { loginUrl } from '../../utils/return-path'
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

/** The page on screen with its query, so signing in comes back to it; Taro's own bookkeeping keys stay out. */
function currentPage(): string | null {
  const router = Taro.getCurrentInstance().router
  if (!router) return null
  const query = Object.entries(router.params).filter(
    (entry): entry is [string, string] => !entry[0].startsWith('$') && entry[0] !== 'stamp' && entry[1] !== undefined,
  )
  return withQuery(router.path.split('?')[0], Object.fromEntries(query))
}

/** The error state of a page, with the action that fits the failure rather than a retry that cannot help. */
export function LoadFailure({ error, onRetry }: { error: LoadError; onRetry: () => void }) {
  const home = { text: '返回首页', onClick: () => void goHome() }
  switch (wayForward(error.notMember ? 'NOT_MEMBER' : error.code, canSignIn)) {
    case 'join':
      return <PageState kind='error' message={error.message} action={{ text: '申请入会', onClick: () => void redirectPage(routes.join) }} />
    case 'login':
      return <PageState kind='error' message={error.message} action={{ text: '去登录', onClick: () => void relaunchPage(loginUrl(currentPage())) }} />
    case 'home':
      return <PageState kind='error' message={error.message} action={home} />
    case 'retry':
      return <PageState kind='error' message={error.message} onRetry={onRetry} action={home} />
  }
}
