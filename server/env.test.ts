import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EnvError, loadEnv } from './env'

describe('loadEnv in production (every cloud function, whatever NODE_ENV says)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-env-'))
  const long = 'a'.repeat(32)

  it('refuses missing or short secrets and never generates them', () => {
    expect(() => loadEnv({ DATA_DIR: dataDir }, { production: true })).toThrow(/必须设置 APP_SECRET/)
    expect(() => loadEnv({ DATA_DIR: dataDir, APP_SECRET: long }, { production: true })).toThrow(/必须设置 ID_HASH_KEY/)
    expect(() => loadEnv({ DATA_DIR: dataDir, APP_SECRET: 'a'.repeat(31), ID_HASH_KEY: long }, { production: true })).toThrow(EnvError)
    expect(() => loadEnv({ DATA_DIR: dataDir, APP_SECRET: long, ID_HASH_KEY: 'short' }, { production: true })).toThrow(/ID_HASH_KEY 只有 5 个字符/)
    expect(existsSync(join(dataDir, 'dev-secrets.json'))).toBe(false)
  })

  it('takes long enough secrets and turns demo login off', () => {
    const env = loadEnv({ DATA_DIR: dataDir, APP_SECRET: long, ID_HASH_KEY: long, NODE_ENV: 'development' }, { production: true })
    expect(env).toMatchObject({ production: true, demoLogin: false, appSecret: long, idHashKey: long })
  })
})

describe('loadEnv: WeChat subscribe messages', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-env-'))
  const appId = 'wx0123456789abcdef'

  it('has no channel and no templates unless configured', () => {
    const env = loadEnv({ DATA_DIR: dataDir })
    expect(env.wechatApi).toBeNull()
    expect(env.subscribe.templates).toEqual({})
  })

  it('takes an AppID and secret together, with WeChat as the default API base', () => {
    expect(loadEnv({ DATA_DIR: dataDir, WECHAT_APPID: appId, WECHAT_APP_SECRET: 's' }).wechatApi).toEqual({
      appId,
      appSecret: 's',
      base: 'https://api.weixin.qq.com',
    })
    expect(loadEnv({ DATA_DIR: dataDir, WECHAT_APPID: appId, WECHAT_APP_SECRET: 's', WECHAT_API_BASE: 'http://127.0.0.1:9/' }).wechatApi?.base).toBe(
      'http://127.0.0.1:9',
    )
    expect(() => loadEnv({ DATA_DIR: dataDir, WECHAT_APPID: appId })).toThrow(EnvError)
    expect(() => loadEnv({ DATA_DIR: dataDir, WECHAT_APPID: 'touristappid', WECHAT_APP_SECRET: 's' })).toThrow(/WECHAT_APPID 格式不正确/)
    expect(() => loadEnv({ DATA_DIR: dataDir, WECHAT_APPID: appId, WECHAT_APP_SECRET: 's', WECHAT_API_BASE: 'ftp://x' })).toThrow(/WECHAT_API_BASE/)
  })

  it('reads the templates from a file or inline JSON; a bad one stops the start', () => {
    const fromFile = loadEnv({ DATA_DIR: dataDir, SUBSCRIBE_TEMPLATES: 'config/subscribe-templates.example.json' })
    expect(fromFile.subscribe.templates.order_shipped?.templateId).toBe('REPLACE_order_shipped_template_id')
    expect(() => loadEnv({ DATA_DIR: dataDir, SUBSCRIBE_TEMPLATES: '{"templates":{"order_shipped":{}}}' })).toThrow(EnvError)
    expect(() => loadEnv({ DATA_DIR: dataDir, SUBSCRIBE_TEMPLATES: 'missing.json' })).toThrow(/SUBSCRIBE_TEMPLATES 有误/)
  })
})

describe('FILE_STORE', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-env-files-'))
  const secrets = { DATA_DIR: dataDir, APP_SECRET: 'a'.repeat(32), ID_HASH_KEY: 'b'.repeat(32) }

  it('is local unless set, takes wechat, and refuses anything else at start', () => {
    expect(loadEnv(secrets).fileStore).toBe('local')
    expect(loadEnv({ ...secrets, FILE_STORE: 'wechat' }).fileStore).toBe('wechat')
    expect(() => loadEnv({ ...secrets, FILE_STORE: 's3' })).toThrow(/FILE_STORE 只能是 local 或 wechat/)
  })

  it('is always WeChat cloud storage inside a cloud function', () => {
    expect(loadEnv({ ...secrets, FILE_STORE: 'local' }, { production: true, cloud: true }).fileStore).toBe('wechat')
  })
})
