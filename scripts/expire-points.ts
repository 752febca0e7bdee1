/**
 * `npm run job:expire-points [-- --year 2025]`: writes the expiry entries for a year's points.
 * Safe to run any number of times; the host also runs it daily by itself.
 */
import { openDatabase } from '../server/db'
import { loadEnv } from '../server/env'
import { expirePoints, lapsedYear } from '../server/points/ledger'

const flag = process.argv.indexOf('--year')
const year = flag > 0 ? Number(process.argv[flag + 1]) : lapsedYear(new Date())
if (!Number.isInteger(year)) {
  console.error('用法：npm run job:expire-points -- --year 2025')
  process.exit(1)
}
const env = loadEnv()
const db = await openDatabase(env)
try {
  const { members, points } = await expirePoints(db, year)
  console.log(`${year} 年积分到期处理完成：本次 ${members} 名会员，共 ${points} 积分`)
} finally {
  await db.close()
}
