/**
 * The message centre at Jiaxing scale. notice_fanout_s: a notice published by the city, from the
 * publish call until every member's centre holds it, written the way the job does it (batches of
 * members, one transaction each); the job's timer adds up to 30 s before it starts.
 * messages_unread_p99_ms: the home page badge (message.unreadCount through dispatch) on a message
 * table as it would look then: the fan-out's rows, several more per member for a tenth of the
 * members, and part of all of them read. `npm run bench -- --only messages` runs it alone.
 */
import { writeFileSync } from 'node:fs'
import { unreadCountSql } from '../cloudfunctions/message/actions'
import { sessionPurpose } from '../server/action'
import type { Deps } from '../server/action'
import { defaultFanoutBatch, fanOutNotices, noticeSource } from '../server/notice-fanout'
import { signToken } from '../server/tokens'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../src/shared/api'
import { timedAction } from './call-action'
import { sampleMembers } from './feed'
import { round, summarize } from './stats'
import type { Latency } from './stats'

export const unreadTargetP99Ms = 5

export interface MessagesReport {
  notice_fanout_s: number
  notice_fanout_rows: number
  notice_fanout_rows_per_s: number
  notice_fanout_batches: number
  notice_fanout_batch_size: number
  /** Every member with an account has exactly one message of the notice, and the progress row agrees. */
  notice_fanout_exact: boolean
  /** The publish call itself: it only queues the notice. */
  notice_publish_ms: number
  message_rows: number
  unread_rows: number
  unread_action: Latency
  unread_sql: Latency
  unread_index_only: boolean
  unread_heap_fetches: number
  /** Withdrawing the notice and taking its messages back out of every centre. */
  notice_withdraw_s: number
  notice_withdraw_exact: boolean
}

async function call<F extends FunctionName, A extends ActionName<F>>(deps: Deps, token: string, fn: F, action: A, input: ActionInput<F, A>): Promise<ActionOutput<F, A>> {
  return (await timedAction(deps, token, fn, action, input)).data
}

/** Runs the job until nothing is left, logging every 10 batches; seconds and batches. */
async function drain(deps: Deps, log: (line: string) => void, what: string) {
  const started = performance.now()
  const run = await fanOutNotices(deps.db, new Date(), {
    continueWhile: (batches) => {
      if (batches > 0 && batches % 10 === 0) log(`${what}：${batches} 批，${round((performance.now() - started) / 1000, 1)} s`)
      return true
    },
  })
  return { ...run, seconds: (performance.now() - started) / 1000 }
}

/**
 * Besides the notice: for every tenth member eight older messages of the other kinds, six of
 * them read, and three members in ten have read the notice (in the feed or in 消息).
 */
async function fillCentres(deps: Deps, noticeId: number): Promise<void> {
  await deps.db.query(
    `INSERT INTO message (user_id, kind, source, title, body, link, created_at, read_at)
     SELECT m.user_id, (ARRAY['order_shipped', 'order_cancelled', 'order_ready', 'application_approved'])[1 + k % 4], 'bench:' || k,
            '订单已发货', '您兑换的「五常大米 5kg」已发货，快递单号 SF1234567890。', '/pages/mall/order/index?id=' || k,
            now() - k * interval '9 days', CASE WHEN k <= 6 THEN now() - k * interval '8 days' END
       FROM member m CROSS JOIN generate_series(1, 8) AS k
      WHERE m.id % 10 = 0 AND m.user_id IS NOT NULL`,
  )
  await deps.db.query(
    `UPDATE message SET read_at = now() WHERE kind = 'notice_published' AND source = $1 AND user_id % 10 < 3`,
    [noticeSource(noticeId)],
  )
  // As autovacuum leaves a table between bursts: the visibility map lets the badge skip the heap.
  await deps.db.exec('VACUUM (ANALYZE) message')
}

async function measureBadge(deps: Deps) {
  const { db } = deps
  const warmup = await sampleMembers(db, deps.env.appSecret, 300, 11)
  const measured = await sampleMembers(db, deps.env.appSecret, 2_000, 12)
  for (const member of warmup) await call(deps, member.token, 'message', 'unreadCount', {})
  const action: number[] = []
  for (const member of measured) {
    const start = process.hrtime.bigint()
    await call(deps, member.token, 'message', 'unreadCount', {})
    action.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  const sql: number[] = []
  for (const member of measured) {
    const start = process.hrtime.bigint()
    await db.query(unreadCountSql, [member.userId])
    sql.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return { action: summarize(action), sql: summarize(sql) }
}

/** The badge's plan for a member with the most messages, written beside the feed's plan. */
async function explainBadge(deps: Deps, file: string) {
  const [busiest] = await deps.db.query<{ user_id: number; messages: number; unread: number }>(
    `SELECT m.user_id, count(*)::int AS messages, count(*) FILTER (WHERE x.read_at IS NULL)::int AS unread
       FROM member m JOIN message x ON x.user_id = m.user_id
      WHERE m.id = (SELECT min(id) FROM member WHERE id % 10 = 0 AND user_id IS NOT NULL)
      GROUP BY m.user_id`,
  )
  const rows = await deps.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${unreadCountSql}`, [busiest.user_id])
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n')
  writeFileSync(file, `-- message.unreadCount for user ${busiest.user_id} (${busiest.messages} messages, ${busiest.unread} unread)\n${plan}\n`)
  return { index_only: plan.includes('Index Only Scan using message_unread_idx'), heap_fetches: Number(/Heap Fetches: (\d+)/.exec(plan)?.[1] ?? NaN) }
}

export async function measureMessages(deps: Deps, log: (line: string) => void, planFile: string): Promise<MessagesReport> {
  const { db } = deps
  const [city] = await db.query<{ user_id: number; branch_id: number }>(
    `SELECT g.user_id, g.branch_id FROM role_grant g JOIN branch b ON b.id = g.branch_id WHERE g.role = 'admin' AND b.level = 1 LIMIT 1`,
  )
  const admin = signToken(deps.env.appSecret, sessionPurpose, { uid: city.user_id, exp: Math.floor(Date.now() / 1000) + 3600 })
  const draft = await call(deps, admin, 'notice', 'save', {
    title: '关于开展全市职工运动会的通知',
    summary: '请各级工会组织职工积极报名',
    bodyHtml: '<p>全市职工运动会将于下月举行。</p>',
    targetBranchId: city.branch_id,
  })
  const t0 = performance.now()
  await call(deps, admin, 'notice', 'publish', { id: draft.id })
  const publishMs = performance.now() - t0
  log(`市总工会发布通知（仅入队）：${round(publishMs, 1)} ms`)
  const fanout = await drain(deps, log, '通知写入消息')
  const seconds = (performance.now() - t0) / 1000
  const [check] = await db.query<{ messages: number; users: number; progress: number; doubled: number }>(
    `SELECT (SELECT count(*)::int FROM message WHERE kind = 'notice_published' AND source = $1) AS messages,
            (SELECT count(*)::int FROM member WHERE user_id IS NOT NULL) AS users,
            (SELECT messages FROM notice_fanout WHERE notice_id = $2) AS progress,
            (SELECT count(*)::int FROM (SELECT user_id FROM message WHERE kind = 'notice_published' AND source = $1 GROUP BY user_id HAVING count(*) > 1) d) AS doubled`,
    [noticeSource(draft.id), draft.id],
  )
  log(`通知写入消息完成：${check.messages} 条，${fanout.batches} 批，${round(seconds, 1)} s`)

  await fillCentres(deps, draft.id)
  const [table] = await db.query<{ rows: number; unread: number }>(
    'SELECT count(*)::int AS rows, count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM message',
  )
  log(`消息表：${table.rows} 行，未读 ${table.unread} 行`)
  const badge = await measureBadge(deps)
  const plan = await explainBadge(deps, planFile)
  log(`未读角标：action ${JSON.stringify(badge.action)}，SQL ${JSON.stringify(badge.sql)}，index-only ${plan.index_only}，heap fetches ${plan.heap_fetches}`)

  const t1 = performance.now()
  await call(deps, admin, 'notice', 'withdraw', { id: draft.id })
  await drain(deps, log, '撤回通知消息')
  const withdrawSeconds = (performance.now() - t1) / 1000
  const [left] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE kind = 'notice_published' AND source = $1`, [noticeSource(draft.id)])
  log(`撤回完成：${round(withdrawSeconds, 1)} s，剩余 ${left.n} 条`)

  return {
    notice_fanout_s: round(seconds, 1),
    notice_fanout_rows: check.messages,
    notice_fanout_rows_per_s: Math.round(check.messages / fanout.seconds),
    notice_fanout_batches: fanout.batches,
    notice_fanout_batch_size: defaultFanoutBatch,
    notice_fanout_exact: check.messages === check.users && check.progress === check.messages && check.doubled === 0 && fanout.done,
    notice_publish_ms: round(publishMs, 1),
    message_rows: table.rows,
    unread_rows: table.unread,
    unread_action: badge.action,
    unread_sql: badge.sql,
    unread_index_only: plan.index_only,
    unread_heap_fetches: plan.heap_fetches,
    notice_withdraw_s: round(withdrawSeconds, 1),
    notice_withdraw_exact: left.n === 0,
  }
}

