import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

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

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const production = source.NODE_ENV === 'production'
  const dataDir = resolve(source.DATA_DIR ?? '.data')
  const port = Number(source.PORT ?? 8080)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new EnvError(`PORT 无效：${source.PORT}`)
  const databaseUrl = source.DATABASE_URL?.trim() || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new EnvError('DATABASE_URL 必须以 postgres:// 或 postgresql:// 开头')
  }
  let appSecret = source.APP_SECRET ?? ''
  let idHashKey = source.ID_HASH_KEY ?? ''
  if (production) {
    if (appSecret.length < 32) throw new EnvError('生产环境必须设置至少 32 个字符的 APP_SECRET')
    if (idHashKey.length < 32) throw new EnvError('生产环境必须设置至少 32 个字符的 ID_HASH_KEY')
  } else if (!appSecret || !idHashKey) {
    const dev = persistedDevSecrets(dataDir)
    appSecret ||= dev.appSecret
    idHashKey ||= dev.idHashKey
  }
  return { production, databaseUrl, dataDir, port, appSecret, idHashKey, demoLogin: !production }
}
