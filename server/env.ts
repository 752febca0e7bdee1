import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseSubscribeConfig } from './subscribe/templates'
import type { SubscribeConfig } from './subscribe/templates'

/** Everything the server reads from the environment, checked once at start. */
export interface Env {
  production: boolean
  /** PostgreSQL server URL; absent means embedded PGlite under dataDir. */
  databaseUrl: string | null
  dataDir: string
  port: number
  /** HMAC key for session and member-card tokens. */
  appSecret: string
  /** HMAC key for ID-number hashes. Never rotate it: uniqueness of ID numbers depends on it. */
  idHashKey: string
  demoLogin: boolean
  /**
   * WeChat's HTTPS API, for a self-hosted sender of subscribe messages; null without an AppID and
   * secret (messages then stay in the app's own centre). Cloud functions use the cloud SDK instead.
   */
  wechatApi: WechatApi | null
  /** Subscribe-message templates per message kind (SUBSCRIBE_TEMPLATES); none when unset. */
  subscribe: SubscribeConfig
  /** Where uploaded files live (server/files/storage.ts): under dataDir, or WeChat cloud storage. */
  fileStore: 'local' | 'wechat'
  /**
   * Where the H5 app is served (PUBLIC_URL, e.g. https://jxgh.example), for links printed on paper:
   * a certificate's QR code. Null: the QR code holds the in-app path, which the app's scanner reads.
   */
  publicUrl: string | null
}

export interface WechatApi {
  appId: string
  appSecret: string
  /** https://api.weixin.qq.com, or a stand-in for tests. */
  base: string
}

export class EnvError extends Error {}

function persistedDevSecrets(dataDir: string): { appSecret: string; idHashKey: string } {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'dev-secrets.json')
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'))
  const secrets = { appSecret: randomBytes(32).toString('hex'), idHashKey: randomBytes(32).toString('hex') }
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 })
  return secrets
}

/**
 * Reads and checks the environment. `production: true` forces production whatever NODE_ENV
 * says: a cloud function is always production, and the cloud does not set NODE_ENV.
 */
const minSecretLength = 32

function requireSecret(name: string, value: string): void {
  if (!value) throw new EnvError(`生产环境必须设置 ${name}（至少 ${minSecretLength} 个字符），不会自动生成`)
  if (value.length < minSecretLength) throw new EnvError(`${name} 只有 ${value.length} 个字符，生产环境至少需要 ${minSecretLength} 个`)
}

/** `cloud: true` inside a WeChat cloud function: production, and files always in cloud storage. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, options: { production?: boolean; cloud?: boolean } = {}): Env {
  const production = options.production ?? source.NODE_ENV === 'production'
  const dataDir = resolve(source.DATA_DIR ?? '.data')
  const port = Number(source.PORT ?? 8080)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new EnvError(`PORT 无效：${source.PORT}`)
  const databaseUrl = source.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new EnvError('DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
  }
  const fileStore = options.cloud ? 'wechat' : (source.FILE_STORE?.trim() || 'local')
  if (fileStore !== 'local' && fileStore !== 'wechat') throw new EnvError(`FILE_STORE 只能是 local 或 wechat：${source.FILE_STORE}`)
  let appSecret = source.APP_SECRET ?? ''
  let idHashKey = source.ID_HASH_KEY ?? ''
  if (production) {
    requireSecret('APP_SECRET', appSecret)
    requireSecret('ID_HASH_KEY', idHashKey)
  } else if (!appSecret || !idHashKey) {
    const dev = persistedDevSecrets(dataDir)
    appSecret ||= dev.appSecret
    idHashKey ||= dev.idHashKey
  }
  return {
    production,
    databaseUrl,
    dataDir,
    port,
    appSecret,
    idHashKey,
    demoLogin: !production,
    wechatApi: loadWechatApi(source),
    subscribe: loadSubscribeConfig(source.SUBSCRIBE_TEMPLATES),
    fileStore,
    publicUrl: loadPublicUrl(source.PUBLIC_URL),
  }
}

function loadPublicUrl(setting: string | undefined): string | null {
  const url = setting?.trim().replace(/\/+$/, '')
  if (!url) return null
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new EnvError(`PUBLIC_URL 不是有效的网址：${url}`)
  return url
}

function loadWechatApi(source: NodeJS.ProcessEnv): WechatApi | null {
  const appId = source.WECHAT_APPID?.trim() ?? ''
  const appSecret = source.WECHAT_APP_SECRET?.trim() ?? ''
  if (!appId && !appSecret) return null
  if (!appId || !appSecret) throw new EnvError('WECHAT_APPID 和 WECHAT_APP_SECRET 需要同时设置（或都不设置，不发送订阅消息）')
  if (!/^wx[0-9a-f]{16}$/.test(appId)) throw new EnvError(`WECHAT_APPID 格式不正确：${appId}（应为 wx 加 16 位十六进制）`)
  const base = (source.WECHAT_API_BASE?.trim() || 'https://api.weixin.qq.com').replace(/\/+$/, '')
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) throw new EnvError(`WECHAT_API_BASE 不是有效的地址：${base}`)
  return { appId, appSecret, base }
}

function loadSubscribeConfig(setting: string | undefined): SubscribeConfig {
  try {
    return parseSubscribeConfig(setting)
  } catch (error) {
    throw new EnvError(`SUBSCRIBE_TEMPLATES 有误：${error instanceof Error ? error.message : String(error)}`)
  }
}
