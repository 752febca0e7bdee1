import { routes, withQuery } from '../routes'

const pages = new Set<string>(Object.values(routes))

/**
 * The in-app page a sign-in should return to, or null. Only a page of `routes` (not the login
 * page itself) with a plain query is taken: anything else, a full URL or `//host` included,
 * could send a person who trusted the link somewhere else.
 */
export function safeReturnPath(target: unknown): string | null {
  if (typeof target !== 'string' || target.length > 500) return null
  const [path, query, extra] = target.split('?')
  if (extra !== undefined || !pages.has(path) || path === routes.login || path === routes.home) return null
  if (query !== undefined && !/^[A-Za-z0-9_.~%=&-]*$/.test(query)) return null
  return query ? `${path}?${query}` : path
}

/** The login page, carrying the page to come back to when there is one worth coming back to. */
export function loginUrl(returnTo: string | null): string {
  const target = safeReturnPath(returnTo)
  return target ? withQuery(routes.login, { redirect: target }) : routes.login
}

/**
 * Reads the login page's `redirect` parameter. Taro may hand it over still percent-encoded
 * (H5 hash routes) or decoded; a path always starts with a slash, so the two are told apart.
 */
export function returnPathParam(raw: string | undefined): string | null {
  if (!raw) return null
  if (raw.startsWith('/')) return safeReturnPath(raw)
  try {
    return safeReturnPath(decodeURIComponent(raw))
  } catch {
    return null
  }
}
