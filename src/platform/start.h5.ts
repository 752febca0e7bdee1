import { sessionToken } from '../api/session-token'
import { routes } from '../routes'
import { loginUrl } from '../utils/return-path'
import { takeOverNavBar } from './nav-bar.h5'

/**
 * Without a session every page's first calls would come back 401: go to the demo login page
 * before the router shows anything, carrying the link that was opened. Each request reads the
 * session token from storage, so nothing else needs setting up but the navigation bar.
 */
export function startPlatform(): void {
  takeOverNavBar()
  if (sessionToken.get()) return
  const opened = window.location.hash.replace(/^#/, '')
  // The login page, and the certificate check anyone holding a paper certificate may open.
  const path = opened.split('?')[0]
  if (path === routes.login || path === routes.certificateVerify) return
  window.location.replace(`#${loginUrl(opened)}`)
}
