/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL. A deployment step: cloud
 * functions never migrate, they refuse a database behind their code (server/cloud-main.ts).
 * Safe to run any number of times and from two places at once (an advisory lock serialises it).
 */
import { migrate } from '../server/db/migrate'
import { createPostgresDb } from '../server/db/postgres'

const databaseUrl = process.env.DATABASE_URL?.trim()
if (!databaseUrl) {
  console.error('请设置 DATABASE_URL，例如 DATABASE_URL=postgresql://user:pass@host:5432/db npm run db:migrate')
  process.exit(1)
}
const db = createPostgresDb(databaseUrl, 1)
try {
  const applied = await migrate(db)
  console.log(applied.length ? `已应用迁移：${applied.join('、')}` : '数据库结构已是最新，无需迁移')
} finally {
  await db.close()
}
