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
