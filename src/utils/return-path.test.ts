import { describe, expect, it } from 'vitest'
import { routes } from '../routes'
import { loginUrl, returnPathParam, safeReturnPath } from './return-path'

describe('safeReturnPath', () => {
  it('takes in-app pages with a plain query', () => {
    expect(safeReturnPath('/pages/notice/detail/index?id=3')).toBe('/pages/notice/detail/index?id=3')
    expect(safeReturnPath('/pages/mall/order/index?id=12&from=share')).toBe('/pages/mall/order/index?id=12&from=share')
    expect(safeReturnPath(routes.points)).toBe(routes.points)
  })

  it('refuses anything that could leave the app, loop back to login, or is just home', () => {
    for (const target of [
      'https://evil.example/pages/notice/detail/index',
      '//evil.example/pages/notice/detail/index',
      '/pages/notice/detail/index/../../../x',
      '/pages/unknown/index',
      '/pages/notice/detail/index?id=3?x=1',
      '/pages/notice/detail/index?id=<script>',
      '/pages/notice/detail/index?next=//evil.example',
      routes.login,
      `${routes.login}?redirect=${encodeURIComponent(routes.card)}`,
      routes.home,
      'javascript:alert(1)',
      '',
      undefined,
      42,
    ]) {
      expect(safeReturnPath(target), String(target)).toBeNull()
    }
  })
})

describe('loginUrl and returnPathParam', () => {
  it('round-trips a deep link through the login page parameter, encoded or not', () => {
    const target = '/pages/notice/detail/index?id=3'
    const url = loginUrl(target)
    expect(url).toBe(`${routes.login}?redirect=${encodeURIComponent(target)}`)
    const raw = url.split('redirect=')[1]
    expect(returnPathParam(raw)).toBe(target)
    expect(returnPathParam(decodeURIComponent(raw))).toBe(target)
    expect(returnPathParam('%E0%A4%A')).toBeNull()
    expect(loginUrl('https://evil.example')).toBe(routes.login)
    expect(loginUrl(null)).toBe(routes.login)
  })
})
