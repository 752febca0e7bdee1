import Taro from '@tarojs/taro'
import { routes } from '../routes'
import { errorMessages } from '../shared/errors'
import { loginUrl } from '../utils/return-path'
import { networkError } from './errors'
import { sessionToken } from './session-token'
import { isApiResult } from './transport-common'
import type { Transport } from './transport-common'

const requestTimeoutMs = 15_000

// Pages often fire several calls at once; only the first rejected one navigates.
let leaving = false

/**
 * A missing or expired session sends the user to the demo login page, which brings them back
 * to the page they were on (a shared notice or order link) once they have signed in.
 */
function leaveForLogin(): void {
  sessionToken.clear()
  const current = window.location.hash.replace(/^#/, '')
  if (leaving || current.startsWith(routes.login)) return
  leaving = true
  void Taro.reLaunch({ url: loginUrl(current) }).finally(() => {
    leaving = false
  })
}

/**
 * Demo sign-in and the public certificate check are all a browser without a session can ask for;
 * anything else would be a 401.
 */
const needsSession = (functionName: string, action: string) =>
  !(functionName === 'auth' && action.startsWith('demo')) && !(functionName === 'course' && action === 'verifyCertificate')

/** Self-hosted function host on the same origin: POST /api/<function>. */
export const transport: Transport = async (functionName, action, input) => {
  const token = sessionToken.get()
  if (!token && needsSession(functionName, action)) {
    leaveForLogin()
    return { ok: false, error: { code: 'UNAUTHENTICATED', message: errorMessages.UNAUTHENTICATED } }
  }
  let body: unknown
  try {
    const response = await Taro.request<unknown>({
      url: `/api/${functionName}`,
      method: 'POST',
      header: {
        'content-type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      data: { action, input },
      dataType: 'json',
      timeout: requestTimeoutMs,
    })
    // Errors come with 4xx/5xx statuses but always carry the ApiResult body.
    body = response.data
  } catch {
    throw networkError()
  }
  if (!isApiResult(body)) throw networkError()
  if (!body.ok && (body.error.code === 'UNAUTHENTICATED' || body.error.code === 'SESSION_EXPIRED')) leaveForLogin()
  return body
}
