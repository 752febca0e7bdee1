import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHost } from '../../server/host'
import type { RunningHost } from '../../server/host'
import { openTestApp } from '../support/app'
import type { TestApp } from '../support/app'
import { testEnv } from '../support/env'

const indexHtml = '<!DOCTYPE html><html><body><div id="app"></div></body></html>'

let app: TestApp
let host: RunningHost
let h5Dir: string

beforeAll(async () => {
  // A stand-in for dist/h5 with the shapes the real build emits.
  h5Dir = mkdtempSync(join(tmpdir(), 'h5-'))
  mkdirSync(join(h5Dir, 'js'))
  writeFileSync(join(h5Dir, 'index.html'), indexHtml)
  writeFileSync(join(h5Dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(h5Dir, 'js', 'app.0123abcd.js'), 'console.log(1)')
  app = await openTestApp()
  host = await startHost({ deps: { db: app.db, env: testEnv }, h5Dir, port: 0 })
})
afterAll(async () => {
  await host?.close()
  await app?.close()
  rmSync(h5Dir, { recursive: true, force: true })
})

describe('static files', () => {
  it('serves the app at / and /index.html, and fresh', async () => {
    for (const path of ['/', '/index.html', '/?from=share']) {
      const res = await fetch(`${host.url}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toBe(indexHtml)
    }
  })

  it('answers every missing file with a short plain 404, never the app', async () => {
    for (const path of ['/favicon.ico', '/js/nope.js', '/static/x.png', '/pages/home/index', '/js/', '/nope/']) {
      const res = await fetch(`${host.url}${path}`)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      const body = await res.text()
      expect(body).toBe('404 未找到该文件\n')
    }
    const head = await fetch(`${host.url}/favicon.ico`, { method: 'HEAD' })
    expect(head.status).toBe(404)
    expect(await head.text()).toBe('')
  })

  it('caches hashed chunks for good and the unhashed favicon not', async () => {
    const chunk = await fetch(`${host.url}/js/app.0123abcd.js`)
    expect(chunk.status).toBe(200)
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const icon = await fetch(`${host.url}/favicon.svg`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.headers.get('cache-control')).toBe('no-cache')
  })

  it('leaves the API and the health check as they were', async () => {
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200)
    const api = await fetch(`${host.url}/api/nope`, { method: 'POST', body: '{}' })
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FUNCTION' } })
  })
})
