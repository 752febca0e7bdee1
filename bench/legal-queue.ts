import { sessionPurpose } from '../server/action'
import type { Db } from '../server/db'
import { migrate } from '../server/db/migrate'
import type { Env } from '../server/env'
import { seedDemo } from '../server/seed/demo'
import { signToken } from '../server/tokens'
import type { ActionInput } from '../src/shared/api'
import { timedAction } from './call-action'
import type { BenchDatabase } from './database'
import { seededRandom, summarize, timed } from './stats'
import type { Latency } from './stats'

export const lawyerQueueTargetP99Ms = 20

/** Counties with a duty roster (their members ask them); the other three counties' questions go to the city. */
const rosteredCounties = ['秀洲区总工会', '南湖区总工会', '嘉善县总工会', '海宁市总工会']

export interface LawyerQueueBench {
  generation_steps_s: Record<string, number>
  counts: { questions: number; open: number; unclaimed: number; city_queue: number; county_lawyer_queue: number }
  county_lawyer: Latency
  city_legal_admin: Latency
}

type QueueFilter = NonNullable<ActionInput<'legal', 'lawyerQueue'>['filter']>

interface Call {
  token: string
  input: ActionInput<'legal', 'lawyerQueue'>
}

async function timeCalls(deps: { db: BenchDatabase['db']; env: Env }, calls: Call[]): Promise<number[]> {
  const samples: number[] = []
  for (const call of calls) {
    samples.push((await timedAction(deps, call.token, 'legal', 'lawyerQueue', call.input)).ms)
  }
  return samples
}

/** The demo data, then the members, lawyers, rosters and questions the measurement reads. */
export async function generateLegalQuestions(db: Db, env: Env, log: (line: string) => void, options: { questions: number; members: number }) {
  await migrate(db)
  await seedDemo(db, env)
  const steps: Record<string, number> = {}
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const { ms } = await timed(() => db.query(sql, params))
    steps[name] = Math.round(ms / 100) / 10
    log(`在线律师数据：${name} ${steps[name]} s`)
  }

  await step(
    'members',
    `WITH ents AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total FROM branch WHERE level = 4),
          users AS (INSERT INTO app_user (nickname) SELECT '咨询职工' || g FROM generate_series(1, $1::int) AS g RETURNING id)
     INSERT INTO member (user_id, member_no, name, phone, id_hash, id_last4, branch_id)
     SELECT u.id, 'JX' || lpad((9000000000 + u.id)::text, 10, '0'), '职工' || u.id, '139' || lpad(u.id::text, 8, '0'), 'legal-bench-' || u.id, '0000', e.id
       FROM users u JOIN ents e ON e.n = u.id % e.total`,
    [options.members],
  )
  // One lawyer per rostered county and one for the city, on duty around the clock.
  const queues = await db.query<{ id: number }>('SELECT id FROM branch WHERE name = ANY($1::text[]) OR level = 1 ORDER BY id', [rosteredCounties])
  for (const queue of queues) {
    const [user] = await db.query<{ id: number }>(`INSERT INTO app_user (nickname) VALUES ('压测律师') RETURNING id`)
    await db.query(`INSERT INTO role_grant (user_id, role, branch_id) VALUES ($1, 'lawyer', $2)`, [user.id, queue.id])
    await db.query(
      `INSERT INTO legal_roster (branch_id, lawyer_user_id, weekday, start_minute, end_minute, created_by)
       SELECT $1, $2, d, 0, 1440, $2 FROM generate_series(1, 7) AS d`,
      [queue.id, user.id],
    )
  }
  await step(
    'questions',
    `WITH askers AS (
       SELECT m.id AS member_id, m.user_id, m.branch_id, b.path, row_number() OVER (ORDER BY m.id) - 1 AS n,
              split_part(b.path, '/', 2)::int AS city_id, split_part(b.path, '/', 3)::int AS county_id
         FROM member m JOIN branch b ON b.id = m.branch_id WHERE m.id_hash LIKE 'legal-bench-%'
     ), routed AS (
       SELECT a.*, CASE WHEN EXISTS (SELECT 1 FROM legal_roster r WHERE r.branch_id = a.county_id) THEN a.county_id ELSE a.city_id END AS queue_id
         FROM askers a
     ), shaped AS (
       SELECT g, r.*, qb.path AS queue_path, now() - g * interval '50 seconds' AS asked,
              CASE WHEN g % 10 < 3 THEN (SELECT min(lawyer_user_id) FROM legal_roster lr WHERE lr.branch_id = r.queue_id) END AS lawyer,
              g % 10 = 0 AS answered
         FROM generate_series(1, $1::int) AS g JOIN routed r ON r.n = g % $2::int JOIN branch qb ON qb.id = r.queue_id
     )
     INSERT INTO legal_question (asker_user_id, member_id, branch_id, branch_path, county_branch_id, queue_branch_id, queue_path, category,
                                 title, body, anonymous, request_id, lawyer_user_id, claimed_at, awaiting, asked_at, first_response_at,
                                 due_at, escalate_county_at, escalate_city_at, escalation_step, last_member_at, last_lawyer_at, updated_at)
     SELECT s.user_id, s.member_id, s.branch_id, s.path, s.county_id, s.queue_id, s.queue_path,
            (ARRAY['labour_contract', 'wages', 'work_injury', 'social_insurance', 'dismissal', 'other'])[1 + s.g % 6],
            (ARRAY['公司拖欠工资怎么办', '试用期被辞退有补偿吗', '上班途中受伤算工伤吗', '单位不交社保可以辞职吗', '加班费怎么计算', '劳动合同到期不续签'])[1 + s.g % 6],
            '我在公司工作了' || (1 + s.g % 9) || '年，最近遇到了劳动纠纷，想请律师帮忙看看应该怎么维护自己的合法权益。', s.g % 2 = 0,
            'bench-' || s.g, s.lawyer, CASE WHEN s.lawyer IS NOT NULL THEN s.asked + interval '20 minutes' END,
            CASE WHEN s.lawyer IS NOT NULL AND s.answered THEN 'member' ELSE 'lawyer' END, s.asked,
            CASE WHEN s.lawyer IS NOT NULL AND s.answered THEN s.asked + interval '1 hour' END,
            s.asked + interval '2 hours', s.asked + interval '4 hours', s.asked + interval '6 hours',
            CASE WHEN s.lawyer IS NOT NULL AND s.answered THEN 0 WHEN s.asked < now() - interval '6 hours' THEN 3
                 WHEN s.asked < now() - interval '4 hours' THEN 2 WHEN s.asked < now() - interval '2 hours' THEN 1 ELSE 0 END,
            s.asked, CASE WHEN s.lawyer IS NOT NULL AND s.answered THEN s.asked + interval '1 hour' END, s.asked
       FROM shaped s`,
    [options.questions, options.members],
  )
  for (const table of ['legal_question', 'member', 'branch', 'legal_roster']) await step(`analyze ${table}`, `ANALYZE ${table}`)
  return steps
}

/**
 * The lawyers' queue with 100,000 open questions city-wide: 20,000 members over every enterprise
 * of the demo tree ask them over the last 58 days; four counties have a roster (their questions
 * are in the county's queue), the other three's are in the city's. 30% are claimed by the queue's
 * lawyer, a fifth of those answered; unanswered ones past due have escalated. Set-based SQL, then
 * `legal.lawyerQueue` through dispatch (session, caller, validation, handler, askerViews), one
 * call at a time: a county lawyer over its four tabs, and the city's legal_admin over the whole
 * city, each with second pages.
 */
export async function measureLawyerQueue(
  bench: BenchDatabase,
  env: Env,
  log: (line: string) => void,
  options = { questions: 100_000, members: 20_000, calls: 1_000, warmup: 150 },
): Promise<LawyerQueueBench> {
  const { db } = bench
  const steps = await generateLegalQuestions(db, env, log, options)
  const [county] = await db.query<{ id: number; path: string }>(`SELECT id, path FROM branch WHERE name = '秀洲区总工会'`)
  const [lawyer] = await db.query<{ user_id: number }>('SELECT min(lawyer_user_id) AS user_id FROM legal_roster WHERE branch_id = $1', [county.id])
  const [admin] = await db.query<{ id: number }>(`INSERT INTO app_user (nickname) VALUES ('压测法律服务管理员') RETURNING id`)
  await db.query(`INSERT INTO role_grant (user_id, role, branch_id) SELECT $1, 'legal_admin', id FROM branch WHERE level = 1`, [admin.id])
  const [counts] = await db.query<LawyerQueueBench['counts']>(
    `SELECT count(*)::int AS questions, count(*) FILTER (WHERE status = 'open')::int AS open,
            count(*) FILTER (WHERE lawyer_user_id IS NULL)::int AS unclaimed,
            count(*) FILTER (WHERE queue_path = (SELECT path FROM branch WHERE level = 1))::int AS city_queue,
            count(*) FILTER (WHERE queue_path = $1)::int AS county_lawyer_queue
       FROM legal_question`,
    [county.path],
  )
  log(`在线律师规模：${JSON.stringify(counts)}`)

  const exp = Math.floor(Date.now() / 1000) + 3600
  const tokenOf = (uid: number) => signToken(env.appSecret, sessionPurpose, { uid, exp })
  const callsFor = async (uid: number, filters: readonly QueueFilter[], n: number, seed: number): Promise<Call[]> => {
    const token = tokenOf(uid)
    // Every fourth call asks for the second page, with the cursor the first page gave.
    const second = new Map<QueueFilter, string | null>()
    for (const filter of filters) second.set(filter, (await timedAction({ db, env }, token, 'legal', 'lawyerQueue', { filter, limit: 20 })).data.nextCursor)
    const random = seededRandom(seed)
    return Array.from({ length: n }, (_, i) => {
      const filter = filters[Math.floor(random() * filters.length)]
      return { token, input: { filter, limit: 20, cursor: i % 4 === 3 ? second.get(filter) ?? null : null } }
    })
  }
  const deps = { db, env }
  const lawyerFilters = ['unclaimed', 'mine', 'all', 'overdue'] as const
  const adminFilters = ['unclaimed', 'all', 'overdue'] as const
  await timeCalls(deps, await callsFor(lawyer.user_id, lawyerFilters, options.warmup, 21))
  const countyLawyer = summarize(await timeCalls(deps, await callsFor(lawyer.user_id, lawyerFilters, options.calls, 22)))
  log(`legal.lawyerQueue（区县律师）：${JSON.stringify(countyLawyer)}`)
  await timeCalls(deps, await callsFor(admin.id, adminFilters, options.warmup, 23))
  const cityAdmin = summarize(await timeCalls(deps, await callsFor(admin.id, adminFilters, options.calls, 24)))
  log(`legal.lawyerQueue（市法律服务管理员）：${JSON.stringify(cityAdmin)}`)
  return { generation_steps_s: steps, counts, county_lawyer: countyLawyer, city_legal_admin: cityAdmin }
}
