import { describe, expect, it } from 'vitest'
import { isPublicHost, safePublicUrl } from './safe-url'

const https = ['https:'] as const

describe('safe public URLs', () => {
  it('keeps ordinary https image addresses, normalised', () => {
    expect(safePublicUrl('https://img.jxgh.example/a/封面.png', https)).toBe('https://img.jxgh.example/a/%E5%B0%81%E9%9D%A2.png')
    expect(safePublicUrl('https://IMG.example.com:8443/x.jpg?v=2', https)).toBe('https://img.example.com:8443/x.jpg?v=2')
  })

  it('refuses attribute break-outs, credentials and other schemes', () => {
    expect(safePublicUrl('https://e.example/a.png" onerror="alert(1)', https)).toBeNull()
    expect(safePublicUrl("https://e.example/a.png'x", https)).toBeNull()
    expect(safePublicUrl('https://e.example/<script>', https)).toBeNull()
    expect(safePublicUrl('https://user:pass@e.example/a.png', https)).toBeNull()
    expect(safePublicUrl('https://user@e.example/a.png', https)).toBeNull()
    expect(safePublicUrl('http://e.example/a.png', https)).toBeNull()
    expect(safePublicUrl('javascript:alert(1)', ['http:', 'https:'])).toBeNull()
    expect(safePublicUrl('//e.example/a.png', https)).toBeNull()
    expect(safePublicUrl('/api/role', https)).toBeNull()
    expect(safePublicUrl('x', https)).toBeNull()
    expect(safePublicUrl('https://e.example/a\u0000.png', https)).toBeNull()
  })

  it('refuses loopback, private and link-local hosts in every spelling the parser accepts', () => {
    for (const host of ['127.0.0.1:8080', 'localhost', 'a.localhost', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254',
      '0.0.0.0', '100.64.0.1', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:127.0.0.1]', '[::ffff:10.0.0.1]', '2130706433', '0x7f.1',
      '017700000001', 'intranet', 'nas.local', 'db.internal']) {
      expect(safePublicUrl(`https://${host}/healthz`, https), host).toBeNull()
    }
    expect(isPublicHost('8.8.8.8')).toBe(true)
    expect(isPublicHost('[2001:db8::1]')).toBe(true)
    expect(isPublicHost('jiaxing.example.cn')).toBe(true)
  })
})
