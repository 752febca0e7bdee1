import { openDatabase } from '../../server/db'
import { loadEnv } from '../../server/env'
import { expirePoints, lapsedYear } from '../../server/points/ledger'

/**
 * WeChat timer trigger (config.json: daily at 01:00). Only the platform's timer may run it:
 * clients calling it by name are refused, although the job itself is idempotent.
 */
export async function main(): Promise<unknown> {
  if (process.env.TRIGGER_SRC !== 'timer') {
    return { ok: false, error: { code: 'FORBIDDEN', message: '您没有权限执行此操作' } }
  }
  const env = loadEnv()
  if (!env.databaseUrl) throw new Error('云函数必须配置 DATABASE_URL')
  const db = await openDatabase(env)
  try {
    return { ok: true, data: await expirePoints(db, lapsedYear(new Date())) }
  } finally {
    await db.close()
  }
}
