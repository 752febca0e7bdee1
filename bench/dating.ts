import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { loadCaller } from '../server/caller'
import { requireDater } from '../server/dating/dater'
import { countyIdSql } from '../server/dating/dater'
import { discoverBounds, discoverKeepSql, discoverWalkSql } from '../server/dating/discovery'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import type { DiscoverInput } from '../src/shared/api'
import { educations } from '../src/shared/dating/names'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { round, seededRandom, summarize } from './stats'
import type { Latency } from './stats'

/**
 * 嘉工鹊桥会 at the issue's size: 20,000 approved profiles across the 7 counties' enterprises,
 * half men and half women aged 22–45, with realistic preferences (an age window around one's
 * own, women mostly wanting taller men, some an education floor, ~30% only their own and a
 * neighbouring county), ~10% 同单位隐身, a few paused, and history: likes, passes and blocks.
 * Then, one call at a time through dispatch: members open 推荐 (a third with a filter, some the
 * next page) and like someone from it (the quota's row lock and the match check; a fifth of the
 * targets liked them first, so those likes make matches).
 */
export const discoverTargetP99Ms = 20

export interface DatingBench {
  profiles: number
  likes: number
  passes: number
  blocks: number
  generation_s: number
  discover: Latency
  /** Share of discover calls that came back with a full first page. */
  discover_full_pages: number
  like: Latency
  matches_made: number
  /** EXPLAIN ANALYZE of the walk's first step and of what keeps its profiles, for a typical member. */
  discover_plan: string
}

const profileCount = 20_000

async function generateProfiles(db: BenchDatabase['db'], env: Env): Promise<void> {
  // Set-based and deterministic (setseed): 20,000 users, members and profiles in three statements.
  await db.query('SELECT setseed(0.2026)')
  await db.query(
    `INSERT INTO app_user (nickname) SELECT '鹊桥会员' || g FROM generate_series(1, $1) g`,
    [profileCount],
  )
  await db.query(
    `WITH units AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM branch WHERE level = 4),
          users AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM app_user WHERE nickname LIKE '鹊桥会员%')
     INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT u.id, 'QQ' || lpad(u.n::text, 10, '0'), '会员' || u.n, '13800000000', md5($1 || u.n), '0000',
            (SELECT id FROM units WHERE units.n = 1 + (u.n * 7919) % units.total)
       FROM users u`,
    [env.idHashKey],
  )
  await db.query(
    `WITH m AS (
       SELECT m.id, m.user_id, b.id AS unit, ${countyIdSql('b.path')} AS county, row_number() OVER (ORDER BY m.id) AS n
         FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.member_no LIKE 'QQ%'),
     r AS (
       SELECT m.*, CASE WHEN n % 2 = 0 THEN 'male' ELSE 'female' END AS gender,
              2026 - 22 - floor(random() * 24)::int AS birth_year, 1 + floor(random() * 12)::int AS birth_month,
              random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
         FROM m)
     INSERT INTO dating_profile (member_id, user_id, gender, birth_year, birth_month, birth_ym, county_branch_id, unit_branch_id,
                                 consent_version, consent_at, state, approved_at, nickname, height_cm, education, education_rank,
                                 occupation, hometown, marital, intro, interests,
                                 pref_age_min, pref_age_max, pref_height_min, pref_height_max, pref_education_rank, pref_county_ids,
                                 hide_from_unit, contact_kind, contact, last_active_at)
     SELECT id, user_id, gender, birth_year, birth_month, birth_year * 12 + birth_month - 1, county, unit,
            'bench', now(), CASE WHEN r6 < 0.03 THEN 'paused' ELSE 'active' END, now() - interval '30 days',
            '会员' || n,
            CASE WHEN gender = 'male' THEN 160 + floor(r1 * 26)::int ELSE 150 + floor(r1 * 22)::int END,
            ($1::text[])[2 + floor(r2 * 4)::int], 2 + floor(r2 * 4)::int,
            '工程师', '嘉兴', 'never', '你好', ARRAY['旅行', '读书'],
            -- Men mostly look younger, women mostly older; some leave the age open.
            CASE WHEN r3 < 0.15 THEN NULL WHEN gender = 'male' THEN greatest(18, 2026 - birth_year - 8) ELSE greatest(18, 2026 - birth_year - 2) END,
            CASE WHEN r3 < 0.15 THEN NULL WHEN gender = 'male' THEN 2026 - birth_year + 2 ELSE 2026 - birth_year + 8 END,
            CASE WHEN gender = 'female' AND r4 < 0.6 THEN 165 + floor(r4 * 10)::int END,
            CASE WHEN gender = 'male' AND r4 < 0.3 THEN 175 END,
            CASE WHEN r5 < 0.3 THEN 3 + floor(r5 * 5)::int END,
            CASE WHEN r6 BETWEEN 0.1 AND 0.4 THEN ARRAY[county, county + 1] ELSE '{}'::int[] END,
            r6 > 0.9, 'wechat', 'wx_bench_' || n,
            now() - (r1 * r5 * 30 * 86400) * interval '1 second'
       FROM r`,
    [educations],
  )
  // History between random opposite-gender pairs: 40,000 likes, 40,000 passes, 2,000 blocks, half
  // each way. One round pairs every man with at most one woman, so larger counts take rounds.
  for (const [table, count] of [['dating_like', 40_000], ['dating_pass', 40_000], ['dating_block', 2_000]] as const) {
    for (let done = 0; done < count; done += 10_000) {
      await db.query(
        `WITH a AS (SELECT member_id, row_number() OVER (ORDER BY random()) AS n FROM dating_profile WHERE gender = 'male'),
              b AS (SELECT member_id, row_number() OVER (ORDER BY random()) AS n FROM dating_profile WHERE gender = 'female'),
              pairs AS (SELECT a.member_id AS man, b.member_id AS woman, a.n FROM a JOIN b ON a.n = b.n WHERE a.n <= $1)
         INSERT INTO ${table} (member_id, target_id)
         SELECT CASE WHEN n % 2 = 0 THEN man ELSE woman END, CASE WHEN n % 2 = 0 THEN woman ELSE man END FROM pairs
         ON CONFLICT DO NOTHING`,
        [Math.min(10_000, count - done)],
      )
    }
  }
}

export async function measureDating(bench: BenchDatabase, env: Env, log: (line: string) => void, options = { viewers: 300, warmup: 100 }): Promise<DatingBench> {
  const { db } = bench
  await migrate(db)
  await seedDemo(db, env)
  const deps: Deps = { db, env }
  log(`生成 ${profileCount} 份鹊桥会资料……`)
  const started = performance.now()
  await generateProfiles(db, env)
  for (const table of ['dating_profile', 'dating_like', 'dating_pass', 'dating_block']) await db.query(`VACUUM ANALYZE ${table}`)
  const generation_s = round((performance.now() - started) / 1000, 1)
  const [size] = await db.query<{ profiles: number; likes: number; passes: number; blocks: number }>(
    `SELECT (SELECT count(*)::int FROM dating_profile) AS profiles, (SELECT count(*)::int FROM dating_like) AS likes,
            (SELECT count(*)::int FROM dating_pass) AS passes, (SELECT count(*)::int FROM dating_block) AS blocks`,
  )
  log(`资料 ${size.profiles} 份、喜欢 ${size.likes}、跳过 ${size.passes}、拉黑 ${size.blocks}，生成 ${generation_s} s`)

  const random = seededRandom(2026)
  const viewers = await db.query<{ member_id: number; user_id: number }>(
    `SELECT member_id, user_id FROM dating_profile WHERE state = 'active' ORDER BY md5(member_id::text) LIMIT $1`,
    [options.viewers + options.warmup],
  )
  const tokenOf = (userId: number) => signToken(env.appSecret, sessionPurpose, { uid: userId, exp: Math.floor(Date.now() / 1000) + 3 * 3600 })
  const counties = (await db.query<{ id: number }>('SELECT id FROM branch WHERE level = 2 ORDER BY id')).map((r) => r.id)
  const filters = (): Omit<DiscoverInput, 'cursor' | 'limit'> => {
    const roll = random()
    if (roll < 0.1) return { heightMin: 165 }
    if (roll < 0.2) return { educationMin: 'bachelor' }
    if (roll < 0.3) return { countyIds: [counties[Math.floor(random() * counties.length)]] }
    return {}
  }

  // A fifth of the members each viewer will like have liked the viewer already: those likes match.
  const discoverSamples: number[] = []
  const likeSamples: number[] = []
  let fullPages = 0
  let matches = 0
  for (const [i, viewer] of viewers.entries()) {
    const token = tokenOf(viewer.user_id)
    const warm = i < options.warmup
    const first = await timedAction(deps, token, 'dating', 'discover', { ...filters(), limit: 20 })
    if (!warm) {
      discoverSamples.push(first.ms)
      if (first.data.items.length === 20) fullPages += 1
    }
    if (first.data.nextCursor && random() < 0.3) {
      const next = await timedAction(deps, token, 'dating', 'discover', { cursor: first.data.nextCursor, limit: 20 })
      if (!warm) discoverSamples.push(next.ms)
    }
    for (const card of first.data.items.slice(0, 5)) {
      if (random() < 0.2) await db.query('INSERT INTO dating_like (member_id, target_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [card.id, viewer.member_id])
      const liked = await timedAction(deps, token, 'dating', 'like', { targetId: card.id })
      if (!warm) likeSamples.push(liked.ms)
      if (liked.data.matched) matches += 1
    }
  }
  const discover = summarize(discoverSamples)
  const like = summarize(likeSamples)
  log(`dating.discover：${JSON.stringify(discover)}；满页 ${fullPages}/${options.viewers}`)
  log(`dating.like：${JSON.stringify(like)}；配对 ${matches}`)

  // The plan for a typical member (a woman with an age window and a height floor), first page.
  const [typical] = await db.query<{ user_id: number }>(
    `SELECT user_id FROM dating_profile WHERE state = 'active' AND gender = 'female' AND pref_height_min IS NOT NULL AND pref_age_min IS NOT NULL
      ORDER BY member_id LIMIT 1`,
  )
  const caller = await loadCaller(db, typical.user_id)
  if (!caller) throw new Error('找不到鹊桥会测试会员')
  const me = await requireDater(db, caller, 'active')
  const bounds = await discoverBounds(db, me, {}, new Date())
  if (!bounds) throw new Error('典型会员的推荐条件为空')
  // The first step of the walk as discover takes it (42 profiles for a page of 20), then what keeps them.
  const walkParams = [me.gender === 'male' ? 'female' : 'male', me.memberId, null, null, 42, ...bounds]
  const walk = await db.query<{ member_id: number }>(discoverWalkSql, walkParams)
  const plan = [
    ...(await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${discoverWalkSql}`, walkParams)),
    ...(await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${discoverKeepSql}`, [me.memberId, walk.map((r) => r.member_id), 21])),
  ]
  const discover_plan = plan.map((r) => r['QUERY PLAN']).join('\n')
  log(discover_plan)
  return {
    profiles: size.profiles,
    likes: size.likes,
    passes: size.passes,
    blocks: size.blocks,
    generation_s,
    discover,
    discover_full_pages: round(fullPages / options.viewers, 2),
    like,
    matches_made: matches,
    discover_plan,
  }
}
