import Taro from '@tarojs/taro'
import { ApiCallError, errorText } from '../../api'
import { routes } from '../../routes'
import { PageState } from '../page-state'

/** Why a page could not load; members-only pages refuse non-members with NOT_MEMBER. */
export interface LoadError {
  message: string
  notMember: boolean
}

export function loadErrorOf(error: unknown): LoadError {
  return { message: errorText(error), notMember: error instanceof ApiCallError && error.code === 'NOT_MEMBER' }
}

/** The error state of a page: a retry, or for a non-member the way to join, since a retry cannot help them. */
export function LoadFailure({ error, onRetry }: { error: LoadError; onRetry: () => void }) {
  return (
    <PageState
      kind='error'
      message={error.message}
      onRetry={error.notMember ? undefined : onRetry}
      action={error.notMember ? { text: '申请入会', onClick: () => void Taro.redirectTo({ url: routes.join }) } : undefined}
    />
  )
}
