import type { Queryable } from '../db'
import { addDays, shanghaiDay, shanghaiYear } from '../points/calendar'
import { award } from '../points/ledger'
import { demoBranches } from './demo-accounts'

const { city, county, town, enterprise } = demoBranches

const categories = ['生活用品', '食品饮料', '数码电器', '文体用品', '虚拟卡券']

interface DemoItem {
  title: string
  description: string
  category: string
  kind: 'pickup' | 'delivery' | 'virtual'
  price: number
  stock: number
  limit?: ['day' | 'month' | 'lifetime', number]
  /** Days from now until the sale opens; negative: already open. */
  opensInDays: number
  owner: string[]
  scope: string[]
  codes?: number
  /** What the coupons say about their validity, from the seeding day (YYYY-MM-DD). */
  validity?: (today: string) => { from: string | null; until: string }
}

/** Where members collect pickup goods: the town's staff service centre and the county's. */
const pickupPoints = [
  {
    branch: [city, county, town],
    name: '油车港镇职工服务中心',
    address: '嘉兴市秀洲区油车港镇正阳路 218 号 镇总工会一楼',
    openingHours: '周一至周五 8:30-11:30，13:30-17:00',
    phone: '0573-82711205',
  },
  {
    branch: [city, county],
    name: '秀洲区职工服务中心',
    address: '嘉兴市秀洲区新城街道洪兴西路 1288 号 区总工会大楼 3 楼',
    openingHours: '周一至周六 9:00-17:00（法定节假日除外）',
    phone: '0573-82233615',
  },
] as const

const items: DemoItem[] = [
  { title: '工会定制保温杯', description: '304 不锈钢，500 毫升，印有嘉兴市总工会标识。到油车港镇总工会服务点自提。', category: '生活用品', kind: 'pickup', price: 300, stock: 50, limit: ['month', 1], opensInDays: -30, owner: [city, county], scope: [city, county] },
  { title: '五常大米 5kg', description: '当季新米，快递到家。', category: '食品饮料', kind: 'delivery', price: 800, stock: 100, limit: ['lifetime', 2], opensInDays: -30, owner: [city, county], scope: [city, county] },
  { title: '视频会员月卡', description: '兑换后显示券码，在对应平台兑换使用。', category: '虚拟卡券', kind: 'virtual', price: 500, stock: 0, limit: ['month', 1], opensInDays: -30, owner: [city, county], scope: [city, county], codes: 20, validity: (today) => ({ from: null, until: `${Number(today.slice(0, 4)) + 1}-12-31` }) },
  { title: '蓝牙运动耳机', description: '防汗设计，续航 8 小时。', category: '数码电器', kind: 'pickup', price: 1200, stock: 0, opensInDays: -30, owner: [city, county], scope: [city, county] },
  { title: '2027年新年挂历', description: '嘉兴风光主题挂历，数量有限。', category: '文体用品', kind: 'pickup', price: 100, stock: 300, limit: ['lifetime', 1], opensInDays: 7, owner: [city, county], scope: [city, county] },
  { title: '嘉兴粽子礼盒', description: '五芳斋粽子礼盒，全市会员可兑。', category: '食品饮料', kind: 'delivery', price: 600, stock: 200, limit: ['lifetime', 1], opensInDays: -10, owner: [city], scope: [city] },
  { title: '南湖区职工电影票', description: '南湖区会员专享。', category: '虚拟卡券', kind: 'virtual', price: 200, stock: 0, opensInDays: -10, owner: [city, '南湖区总工会'], scope: [city, '南湖区总工会'], codes: 10, validity: (today) => ({ from: today, until: addDays(today, 90) }) },
]

/** Demo points: some earned last year (they expire at the end of this one), the rest this year. */
const balances: Record<string, { lastYear: number; thisYear: number }> = {
  member: { lastYear: 200, thisYear: 800 },
  'sibling-member': { lastYear: 0, thisYear: 300 },
  'enterprise-admin': { lastYear: 100, thisYear: 400 },
}

const budgets: { branch: string[]; amount: number }[] = [
  { branch: [city], amount: 1_000_000 },
  { branch: [city, county], amount: 100_000 },
  { branch: [city, county, town], amount: 20_000 },
  { branch: [city, county, town, enterprise], amount: 5_000 },
]

/** Points, budgets and the mall's demo goods. Runs once: it stops if categories exist. */
export async function seedDemoMall(tx: Queryable, branchId: (names: string[]) => Promise<number>, now = new Date()): Promise<boolean> {
  const [existing] = await tx.query('SELECT 1 FROM mall_category LIMIT 1')
  if (existing) return false
  for (const [sort, name] of categories.entries()) {
    await tx.query('INSERT INTO mall_category (name, sort) VALUES ($1, $2)', [name, sort])
  }
  const points: { id: number; branch_id: number }[] = []
  for (const point of pickupPoints) {
    const [row] = await tx.query<{ id: number; branch_id: number }>(
      'INSERT INTO mall_pickup_point (branch_id, name, address, opening_hours, phone) VALUES ($1, $2, $3, $4, $5) RETURNING id, branch_id',
      [await branchId([...point.branch]), point.name, point.address, point.openingHours, point.phone],
    )
    points.push(row)
  }
  // The town's centre hands out the county's pickup goods, as before points had addresses.
  const [pickupPoint] = points
  const today = shanghaiDay(now)
  for (const item of items) {
    const pickup = item.kind === 'pickup' ? pickupPoint : null
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO mall_item (owner_branch_id, scope_branch_id, category_id, kind, title, description, price_points, stock,
         limit_period, limit_count, sale_start, pickup_branch_id, pickup_point_id)
       VALUES ($1, $2, (SELECT id FROM mall_category WHERE name = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        await branchId(item.owner), await branchId(item.scope), item.category, item.kind, item.title, item.description,
        item.price, item.stock, item.limit?.[0] ?? null, item.limit?.[1] ?? null,
        new Date(now.getTime() + item.opensInDays * 86_400_000), pickup?.branch_id ?? null, pickup?.id ?? null,
      ],
    )
    if (item.codes) {
      const { from, until } = item.validity?.(today) ?? { from: null, until: addDays(today, 365) }
      await tx.query(
        `INSERT INTO mall_coupon_code (item_id, code, valid_from, valid_until)
         SELECT $1::int, 'JXDEMO-' || $1::int || '-' || lpad(n::text, 4, '0'), $3::date, $4::date FROM generate_series(1, $2::int) AS n`,
        [row.id, item.codes, from, until],
      )
      await tx.query('UPDATE mall_item SET stock = $2 WHERE id = $1', [row.id, item.codes])
    }
  }
  const year = shanghaiYear(now)
  // One chain from the city down: each budget is allotted out of the one above it.
  for (const [i, budget] of budgets.entries()) {
    await tx.query('INSERT INTO points_budget (branch_id, year, amount, allotted) VALUES ($1, $2, $3, $4)', [
      await branchId(budget.branch),
      year,
      budget.amount,
      budgets[i + 1]?.amount ?? 0,
    ])
  }
  for (const [key, { lastYear, thisYear }] of Object.entries(balances)) {
    const [member] = await tx.query<{ id: number }>('SELECT m.id FROM member m JOIN app_user u ON u.id = m.user_id WHERE u.demo_key = $1', [key])
    // The activity rule caps 200 a day, so demo earnings are spread over several past days.
    const earn = async (points: number, at: Date, ref: string) => award(tx, { memberId: member.id, rule: 'activity', sourceRef: `demo:${key}:${ref}`, points, reason: '参加工会活动', at })
    if (lastYear) await earn(lastYear, new Date(Date.UTC(year - 1, 5, 1, 4)), 'last-year')
    for (let i = 0; i * 200 < thisYear; i++) {
      await earn(Math.min(200, thisYear - i * 200), new Date(Date.UTC(year, 0, 10 + i, 4)), `this-year-${i}`)
    }
  }
  return true
}
