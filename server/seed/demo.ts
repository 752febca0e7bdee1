import type { Db, Queryable } from '../db'
import type { Env } from '../env'
import { hashIdNumber } from '../tokens'
import { demoAccounts, demoBranches } from './demo-accounts'
import { seedDemoAid } from './demo-aid'
import { seedDemoLegal } from './demo-legal'
import { seedDemoLegalKb } from './demo-legal-kb'
import { seedDemoMall } from './demo-mall'
import { demoNotices } from './demo-notices'

/** The seven county-level divisions of Jiaxing and some of their towns and streets. */
const towns: Record<string, string[]> = {
  南湖区: ['凤桥镇', '新兴街道', '东栅街道', '余新镇', '七星街道', '建设街道'],
  秀洲区: ['油车港镇', '王江泾镇', '王店镇', '高照街道', '新塍镇', '洪合镇'],
  嘉善县: ['魏塘街道', '西塘镇', '姚庄镇', '天凝镇', '干窑镇', '陶庄镇'],
  海盐县: ['武原街道', '沈荡镇', '百步镇', '于城镇', '秦山街道', '澉浦镇'],
  海宁市: ['硖石街道', '许村镇', '长安镇', '袁花镇', '斜桥镇', '盐官镇'],
  平湖市: ['当湖街道', '新埭镇', '乍浦镇', '独山港镇', '曹桥街道', '广陈镇'],
  桐乡市: ['梧桐街道', '濮院镇', '乌镇镇', '崇福镇', '洲泉镇', '屠甸镇'],
}
const brandWords = ['恒信', '嘉禾', '华锦', '盛达', '永兴', '明辉', '新丰', '瑞通', '宏远', '金桥', '天成', '立信']
const trades = ['纺织', '电子', '机械', '食品', '化纤', '物流', '建材', '服装', '家具', '汽配']

/** Grassroots unions under a town: the demo's named ones plus plausible enterprises. */
function enterprisesOf(county: string, town: string, index: number): string[] {
  const fixed: string[] = []
  if (town === '油车港镇') fixed.push(demoBranches.enterprise)
  if (town === '王江泾镇') fixed.push(demoBranches.siblingEnterprise)
  if (town === '高照街道') fixed.push(`${county}快递行业工会`)
  if (town === '新兴街道') fixed.push(`${county}网约车司机工会`)
  const generated = [0, 1, 2, 3].map((k) => {
    const brand = brandWords[(index * 5 + k * 7) % brandWords.length]
    const trade = trades[(index * 3 + k) % trades.length]
    return `浙江${town.replace(/(镇|街道)$/, '')}${brand}${trade}有限公司工会`
  })
  return [...fixed, ...generated]
}

async function insertBranch(
  tx: Queryable,
  parent: { id: number; path: string; fullName: string } | null,
  level: number,
  name: string,
): Promise<{ id: number; path: string; fullName: string }> {
  const fullName = parent ? `${parent.fullName} / ${name}` : name
  const [row] = await tx.query<{ id: number; path: string }>(
    `WITH next AS (SELECT nextval(pg_get_serial_sequence('branch', 'id'))::int AS id)
     INSERT INTO branch (id, parent_id, level, name, full_name, path)
     SELECT next.id, $1, $2, $3, $4, $5 || next.id || '/' FROM next
     RETURNING id, path`,
    [parent?.id ?? null, level, name, fullName, parent?.path ?? '/'],
  )
  return { ...row, fullName }
}

/**
 * Demo data for a local start: the branch tree, one account per role, some notices, points
 * and the mall's goods. Each part runs once; running again does nothing.
 */
export async function seedDemo(db: Db, env: Env): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7301002)')
    const [existing] = await tx.query('SELECT 1 FROM branch LIMIT 1')
    const branchId = branchIdByNames(tx)
    const foundation = existing ? false : await seedFoundation(tx, env, branchId)
    const mall = await seedDemoMall(tx, branchId)
    const aid = await seedDemoAid(tx, await branchId([demoBranches.city]))
    const legal = await seedDemoLegal(tx, await branchId([demoBranches.city, demoBranches.county]))
    const legalKb = await seedDemoLegalKb(tx)
    return foundation || mall || aid || legal || legalKb
  })
}

type BranchResolver = (names: string[]) => Promise<number>

/** Resolves a branch by its chain of names from the city down. */
function branchIdByNames(tx: Queryable): BranchResolver {
  return async (names) => {
    const [row] = await tx.query<{ id: number }>('SELECT id FROM branch WHERE full_name = $1', [names.join(' / ')])
    if (!row) throw new Error(`演示数据中找不到组织：${names.join(' / ')}`)
    return row.id
  }
}

async function seedFoundation(tx: Queryable, env: Env, branchId: BranchResolver): Promise<boolean> {
  const city = await insertBranch(tx, null, 1, demoBranches.city)
  let townIndex = 0
  for (const [countyName, townNames] of Object.entries(towns)) {
    const county = await insertBranch(tx, city, 2, `${countyName}总工会`)
    for (const townName of townNames) {
      const town = await insertBranch(tx, county, 3, `${townName}总工会`)
      for (const enterpriseName of enterprisesOf(countyName, townName, townIndex++)) {
        await insertBranch(tx, town, 4, enterpriseName)
      }
    }
  }

  const userIds = new Map<string, number>()
  for (const account of demoAccounts) {
    const nickname = account.label.split(' ').pop() ?? account.label
    const [user] = await tx.query<{ id: number }>('INSERT INTO app_user (demo_key, nickname) VALUES ($1, $2) RETURNING id', [account.key, nickname])
    userIds.set(account.key, user.id)
    if (account.member) {
      const { name, phone, idNumber, branch } = account.member
      await tx.query(
        `INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
         VALUES ($1, 'JX' || lpad(nextval('member_no_seq')::text, 10, '0'), $2, $3, $4, $5, $6)`,
        [user.id, name, phone, hashIdNumber(env.idHashKey, idNumber), idNumber.slice(-4), await branchId(branch)],
      )
    }
    for (const grant of account.grants) {
      await tx.query('INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, $2, $3)', [user.id, grant.role, await branchId(grant.branch)])
    }
  }

  const now = Date.now()
  for (const notice of demoNotices) {
    await tx.query(
      `INSERT INTO notice (title, summary, body_html, target_branch_id, publisher_branch_id, author_id, status, pinned, publish_at)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`,
      [
        notice.title,
        notice.summary,
        notice.bodyHtml,
        await branchId(notice.branch),
        userIds.get(notice.author) ?? null,
        notice.hoursAgo === null ? 'draft' : 'published',
        notice.pinned ?? false,
        notice.hoursAgo === null ? null : new Date(now - notice.hoursAgo * 3600_000),
      ],
    )
  }
  return true
}
