import type { Db, Queryable } from '../server/db'
import { round } from './stats'

/**
 * Jiaxing at its published size (end of 2025): 11,829 union organisations on four levels and
 * 1,133,000 members, plus three years of notices. Everything is built by set-based SQL inside
 * the server; JavaScript only passes name lists and totals.
 */
export const jiaxingScale = {
  branches: 11_829,
  members: 1_133_000,
  notices: 200_000,
  /** Notices aimed at the city, all counties, all towns and all enterprises. */
  noticesByLevel: [1_500, 14_000, 45_000, 139_500],
}

const cityName = '嘉兴市总工会'

/** The seven county-level divisions and their towns and streets (75 in all). */
const townsByCounty: Record<string, string[]> = {
  南湖区: ['建设街道', '解放街道', '南湖街道', '新嘉街道', '新兴街道', '城南街道', '东栅街道', '长水街道', '七星街道', '大桥镇', '余新镇', '凤桥镇', '新丰镇'],
  秀洲区: ['新城街道', '嘉北街道', '塘汇街道', '高照街道', '王江泾镇', '油车港镇', '新塍镇', '王店镇', '洪合镇'],
  嘉善县: ['魏塘街道', '罗星街道', '惠民街道', '大云镇', '西塘镇', '干窑镇', '陶庄镇', '姚庄镇', '天凝镇'],
  海盐县: ['武原街道', '西塘桥街道', '望海街道', '秦山街道', '沈荡镇', '百步镇', '于城镇', '通元镇', '澉浦镇'],
  海宁市: ['硖石街道', '海洲街道', '海昌街道', '马桥街道', '许村镇', '长安镇', '周王庙镇', '盐官镇', '斜桥镇', '丁桥镇', '袁花镇', '黄湾镇'],
  平湖市: ['当湖街道', '钟埭街道', '曹桥街道', '新埭镇', '新仓镇', '黄姑镇', '全塘镇', '广陈镇', '林埭镇', '独山港镇', '乍浦镇'],
  桐乡市: ['梧桐街道', '凤鸣街道', '龙翔街道', '高桥街道', '濮院镇', '屠甸镇', '乌镇镇', '河山镇', '石门镇', '崇福镇', '洲泉镇', '大麻镇'],
}

const brands = ['恒信', '嘉禾', '华锦', '盛达', '永兴', '明辉', '新丰', '瑞通', '宏远', '金桥', '天成', '立信',
  '鸿运', '振华', '兴业', '东方', '长城', '富源', '景盛', '博达', '凯利', '信诚', '正泰', '福田']
const trades = ['纺织', '电子', '机械', '食品', '化纤', '物流', '建材', '服装', '家具', '汽配']
/** New-employment-form unions (441 in Jiaxing): couriers, drivers, riders. */
const newFormTrades = ['快递行业', '网约车司机', '外卖骑手', '货车司机', '网络主播']
const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '沈', '钱', '陆', '姚', '顾']
const givenNames = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛',
  '明', '超', '秀英', '华', '平', '建华', '志强', '海燕', '晓东', '丹', '红梅', '国庆', '玉兰', '春生', '文博']
const noticeTitles = ['关于开展“安康杯”竞赛活动的通知', '关于做好夏季送清凉工作的通知', '职工医疗互助参保提醒',
  '关于举办职工技能大赛的通知', '“红船精神”答题拉力赛报名启动', '嘉工鹊桥会联谊活动报名', '关于开展困难职工帮扶慰问的通知',
  '工会驿站开放时间调整公告', '惠工联盟新增商户公告', '职工课堂本月课程安排', '关于召开会员代表大会的通知', '春节送温暖活动安排']

const countyCount = Object.keys(townsByCounty).length
const townCount = Object.values(townsByCounty).flat().length
const firstTownId = 2 + countyCount
const firstEnterpriseId = firstTownId + townCount
const enterpriseCount = jiaxingScale.branches - 1 - countyCount - townCount

/**
 * A log-normal weight per row, sigma as given: most towns and enterprises are small, a few
 * are many times the median, which is how union sizes are really spread.
 */
const logNormal = (sigma: number) => `exp(${sigma} * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))`

async function insertCityAndCounties(tx: Queryable): Promise<void> {
  await tx.query(`INSERT INTO branch (id, parent_id, level, name, full_name, path) VALUES (1, NULL, 1, $1, $1, '/1/')`, [cityName])
  await tx.query(
    `INSERT INTO branch (id, parent_id, level, name, full_name, path)
     SELECT 1 + c.k, 1, 2, c.name || '总工会', $2 || ' / ' || c.name || '总工会', '/1/' || (1 + c.k) || '/'
       FROM unnest($1::text[]) WITH ORDINALITY AS c(name, k)`,
    [Object.keys(townsByCounty), cityName],
  )
}

async function insertTowns(tx: Queryable): Promise<void> {
  const entries = Object.entries(townsByCounty).flatMap(([, towns], county) => towns.map((town) => ({ town, county: county + 1 })))
  await tx.query(
    `INSERT INTO branch (id, parent_id, level, name, full_name, path)
     SELECT $3 - 1 + t.k, p.id, 3, t.name || '总工会', p.full_name || ' / ' || t.name || '总工会', p.path || ($3 - 1 + t.k) || '/'
       FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(name, county, k)
       JOIN branch p ON p.id = 1 + t.county`,
    [entries.map((e) => e.town), entries.map((e) => e.county), firstTownId],
  )
}

/**
 * Enterprises get consecutive ids town by town, so every subtree's enterprises (and, below,
 * its members) form one id range: that is what lets later steps pick readers by range.
 */
async function insertEnterprises(tx: Queryable): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE bench_town ON COMMIT DROP AS
     WITH w AS MATERIALIZED (SELECT id, name, full_name, path, ${logNormal(0.9)} AS w FROM branch WHERE level = 3),
          c AS (SELECT *, round($1 * sum(w) OVER (ORDER BY id) / sum(w) OVER ())::int AS hi FROM w)
     SELECT id, full_name, path, regexp_replace(name, '(镇|街道)总工会$', '') AS short,
            coalesce(lag(hi) OVER (ORDER BY id), 0) AS lo, hi
       FROM c`,
    [enterpriseCount],
  )
  await tx.query(
    `INSERT INTO branch (id, parent_id, level, name, full_name, path)
     SELECT $1 - 1 + j, t.id, 4, e.name, t.full_name || ' / ' || e.name, t.path || ($1 - 1 + j) || '/'
       FROM bench_town t
      CROSS JOIN LATERAL generate_series(t.lo + 1, t.hi) AS j
      CROSS JOIN LATERAL (SELECT j - t.lo AS k) AS o
      CROSS JOIN LATERAL (SELECT CASE
          WHEN o.k % 27 = 13 AND o.k / 27 < cardinality($4::text[])
            THEN t.short || ($4::text[])[1 + o.k / 27] || '工会'
          ELSE t.short || ($2::text[])[1 + (o.k - 1) % cardinality($2::text[])]
               || ($3::text[])[1 + ((o.k - 1) / cardinality($2::text[])) % cardinality($3::text[])] || '有限公司'
               || CASE WHEN o.k > cardinality($2::text[]) * cardinality($3::text[])
                       THEN '第' || (1 + (o.k - 1) / (cardinality($2::text[]) * cardinality($3::text[]))) || '分公司' ELSE '' END
               || '工会'
        END AS name) AS e`,
    [firstEnterpriseId, brands, trades, newFormTrades],
  )
}

/** Members per enterprise: median about 35, the largest several thousand, summing exactly. */
async function planMembers(tx: Queryable): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE bench_enterprise ON COMMIT DROP AS
     WITH w AS MATERIALIZED (SELECT id, ${logNormal(1.42)} AS w FROM branch WHERE level = 4),
          c AS (SELECT id, round($1 * sum(w) OVER (ORDER BY id) / sum(w) OVER ())::int AS hi FROM w)
     SELECT id, coalesce(lag(hi) OVER (ORDER BY id), 0) AS lo, hi FROM c`,
    [jiaxingScale.members],
  )
  // Member ids of any subtree form one range (lo, hi], because ids follow the tree order.
  await tx.query(
    `CREATE TEMP TABLE bench_audience ON COMMIT DROP AS
     SELECT a.branch_id, min(e.lo) AS lo, max(e.hi) AS hi
       FROM bench_enterprise e JOIN branch b ON b.id = e.id
      CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from b.path), '/')::int[]) AS a(branch_id)
      GROUP BY a.branch_id`,
  )
}

async function insertUsersAndMembers(tx: Queryable): Promise<void> {
  await tx.query(
    `INSERT INTO app_user (id, openid, nickname) OVERRIDING SYSTEM VALUE
     SELECT i, 'o' || substr(md5('openid:' || i), 1, 27), '职工' || i FROM generate_series(1, $1::int) AS i`,
    [jiaxingScale.members],
  )
  await tx.query(
    `INSERT INTO member (id, user_id, member_no, name, phone, id_hash, id_last4, branch_id, joined_at) OVERRIDING SYSTEM VALUE
     SELECT i, i, 'JX' || lpad(i::text, 10, '0'),
            ($1::text[])[1 + i % cardinality($1::text[])] || ($2::text[])[1 + (i / 7) % cardinality($2::text[])],
            -- 7919 is prime to 10^9, so every member gets a different number.
            '1' || (ARRAY['3', '5', '7', '8', '9'])[1 + i % 5] || lpad(((i::bigint * 7919 + 12345) % 1000000000)::text, 9, '0'),
            md5('id:' || i) || md5('id2:' || i),
            lpad((i % 1000)::text, 3, '0') || CASE WHEN i % 11 = 0 THEN 'X' ELSE (i / 1000 % 10)::text END,
            e.id,
            now() - ((i * 37) % 3650) * interval '1 day'
       FROM bench_enterprise e CROSS JOIN LATERAL generate_series(e.lo + 1, e.hi) AS i`,
    [surnames, givenNames],
  )
}

/** One admin per branch, so caller resolution meets real role_grant rows. */
async function insertAdmins(tx: Queryable): Promise<void> {
  await tx.query(
    `INSERT INTO role_grant (user_id, role, branch_id)
     SELECT a.lo + 1, 'admin', a.branch_id FROM bench_audience a WHERE a.hi > a.lo`,
  )
}

/**
 * Most notices come from enterprises (bigger ones publish more), many from towns, some from
 * counties, a few from the city. A few percent are drafts, withdrawn, scheduled or expired.
 */
async function insertNotices(tx: Queryable): Promise<void> {
  await tx.query(
    `CREATE TEMP TABLE bench_notice_quota ON COMMIT DROP AS
     WITH w AS MATERIALIZED (
            SELECT b.id, b.level, b.parent_id,
                   CASE WHEN b.level = 4 THEN power(greatest(e.hi - e.lo, 1), 0.6) ELSE 1 END * (0.5 + random()) AS w
              FROM branch b LEFT JOIN bench_enterprise e ON e.id = b.id),
          c AS (
            SELECT w.*, round(q.total * sum(w) OVER (PARTITION BY w.level ORDER BY w.id) / sum(w) OVER (PARTITION BY w.level))::int AS hi
              FROM w JOIN unnest($1::int[]) WITH ORDINALITY AS q(total, level) ON q.level = w.level),
          d AS (SELECT c.*, hi - coalesce(lag(hi) OVER (PARTITION BY level ORDER BY id), 0) AS n FROM c)
     SELECT id, level, parent_id, n FROM d WHERE n > 0`,
    [jiaxingScale.noticesByLevel],
  )
  await tx.query(
    `WITH raw AS MATERIALIZED (
            SELECT q.id AS target, q.level, q.parent_id, g,
                   random() AS r_state, random() AS r_time, random() AS r_pub, random() AS r_pin, random() AS r_exp
              FROM bench_notice_quota q CROSS JOIN LATERAL generate_series(1, q.n) AS g),
          stated AS (
            SELECT raw.*,
                   CASE WHEN r_state < 0.02 THEN 'draft' WHEN r_state < 0.035 THEN 'withdrawn' ELSE 'published' END AS status,
                   CASE WHEN r_state < 0.02 THEN NULL
                        WHEN r_state < 0.055 AND r_state >= 0.035 THEN date_trunc('milliseconds', now() + (1 + r_time * 29) * interval '1 day')
                        ELSE date_trunc('milliseconds', now() - r_time * interval '1095 days') END AS publish_at
              FROM raw),
          shaped AS (
            SELECT stated.*,
                   CASE WHEN r_state >= 0.055 AND r_state < 0.085
                          THEN date_trunc('milliseconds', publish_at + (now() - publish_at) * (0.1 + 0.8 * r_exp))
                        WHEN r_state >= 0.085 AND r_exp < 0.15
                          THEN date_trunc('milliseconds', now() + (1 + r_exp * 1000) * interval '1 day') END AS expire_at,
                   coalesce(least(publish_at, now()), now() - r_time * interval '60 days') - interval '2 hours' AS created_at
              FROM stated)
     INSERT INTO notice (publisher_branch_id, target_branch_id, title, summary, body_html, status, pinned,
                         publish_at, expire_at, created_at, updated_at)
     SELECT CASE WHEN (level = 4 AND r_pub < 0.15) OR (level = 3 AND r_pub < 0.1) THEN parent_id ELSE target END,
            target,
            ($1::text[])[1 + (target + g) % cardinality($1::text[])],
            '请各级工会组织认真做好相关工作。',
            '<p>' || ($1::text[])[1 + (target + g) % cardinality($1::text[])] || '，详见附件。</p>',
            status,
            status = 'published' AND r_pin < 0.004,
            publish_at, expire_at, created_at, created_at + interval '1 hour'
       FROM shaped
      -- Ids then grow with time, as they do when notices are written one by one.
      ORDER BY coalesce(shaped.publish_at, shaped.created_at), shaped.target, shaped.g`,
    [noticeTitles],
  )
}

/** A few hundred thousand reads by members inside each notice's audience. */
async function insertReads(tx: Queryable): Promise<void> {
  await tx.query(
    `WITH plan AS MATERIALIZED (
            SELECT n.id, n.publish_at, a.lo, a.hi,
                   least(a.hi - a.lo, floor(random() * CASE t.level WHEN 4 THEN 4 WHEN 3 THEN 6 WHEN 2 THEN 9 ELSE 11 END))::int AS reads
              FROM notice n JOIN branch t ON t.id = n.target_branch_id JOIN bench_audience a ON a.branch_id = n.target_branch_id
             WHERE n.status = 'published' AND n.publish_at <= now()),
          picks AS MATERIALIZED (
            SELECT p.id AS notice_id, p.lo + 1 + floor(random() * (p.hi - p.lo))::int AS user_id,
                   date_trunc('milliseconds', p.publish_at + random() * least(now() - p.publish_at, interval '30 days')) AS read_at
              FROM plan p CROSS JOIN LATERAL generate_series(1, p.reads) AS g)
     INSERT INTO notice_read (notice_id, user_id, read_at)
     SELECT notice_id, user_id, read_at FROM picks ORDER BY user_id, notice_id
     ON CONFLICT DO NOTHING`,
  )
  await tx.query(
    `UPDATE notice n SET read_count = r.c
       FROM (SELECT notice_id, count(*)::int AS c FROM notice_read GROUP BY notice_id) r
      WHERE n.id = r.notice_id`,
  )
}

/** Explicit ids bypassed the sequences; the app's own inserts must continue after them. */
async function advanceSequences(tx: Queryable): Promise<void> {
  await tx.query(`SELECT setval(pg_get_serial_sequence('branch', 'id'), (SELECT max(id) FROM branch))`)
  await tx.query(`SELECT setval(pg_get_serial_sequence('app_user', 'id'), (SELECT max(id) FROM app_user))`)
  await tx.query(`SELECT setval(pg_get_serial_sequence('member', 'id'), (SELECT max(id) FROM member))`)
  await tx.query(`SELECT setval('member_no_seq', (SELECT max(id) FROM member))`)
}

export interface GenerationReport {
  seconds: number
  steps: Record<string, number>
}

/**
 * Fills an empty, migrated database. One transaction, so a failure leaves nothing half-built
 * and the temporary planning tables live on one connection.
 */
export async function generateJiaxing(db: Db, log: (line: string) => void): Promise<GenerationReport> {
  const steps: Record<string, number> = {}
  const started = performance.now()
  const step = async (name: string, fn: () => Promise<void>) => {
    const t0 = performance.now()
    await fn()
    steps[name] = round((performance.now() - t0) / 1000, 1)
    log(`生成 ${name}：${steps[name]} s`)
  }
  await db.transaction(async (tx) => {
    // Same seed, same data: runs stay comparable.
    await tx.query('SELECT setseed(0.2025)')
    await step('branches', async () => {
      await insertCityAndCounties(tx)
      await insertTowns(tx)
      await insertEnterprises(tx)
    })
    await step('plan', () => planMembers(tx))
    await step('members', () => insertUsersAndMembers(tx))
    await step('admins', () => insertAdmins(tx))
    await step('notices', () => insertNotices(tx))
    await step('reads', () => insertReads(tx))
    await advanceSequences(tx)
  })
  // A live database has been autovacuumed: visibility map set, statistics fresh. Without this
  // the first reads of every page would write hint bits and be measured as well.
  await step('vacuum_analyze', () => db.exec('VACUUM (ANALYZE)'))
  return { seconds: round((performance.now() - started) / 1000, 1), steps }
}

export interface Scale {
  branches: number
  branches_by_level: number[]
  members: number
  notices: number
  notices_live: number
  notice_reads: number
  largest_enterprise_members: number
  median_enterprise_members: number
}

/** What is really in the database, counted rather than assumed. */
export async function countScale(db: Queryable): Promise<Scale> {
  const [row] = await db.query<Scale>(
    `SELECT (SELECT count(*) FROM branch)::int AS branches,
            (SELECT array_agg(n ORDER BY level) FROM (SELECT level, count(*)::int AS n FROM branch GROUP BY level) l) AS branches_by_level,
            (SELECT count(*) FROM member)::int AS members,
            (SELECT count(*) FROM notice)::int AS notices,
            (SELECT count(*) FROM notice WHERE status = 'published' AND publish_at <= now() AND (expire_at IS NULL OR expire_at > now()))::int AS notices_live,
            (SELECT count(*) FROM notice_read)::int AS notice_reads,
            (SELECT max(n) FROM (SELECT count(*)::int AS n FROM member GROUP BY branch_id) s) AS largest_enterprise_members,
            (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n) FROM (SELECT count(*)::int AS n FROM member GROUP BY branch_id) s) AS median_enterprise_members`,
  )
  return row
}
