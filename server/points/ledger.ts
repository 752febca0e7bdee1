import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { addDays, dayStart, shanghaiDay, shanghaiYear, yearStart } from './calendar'

/**
 * Every way points can be earned, with its daily cap. Later modules (reading, courses,
 * quizzes, events) add their rule here and call award(); nothing else adds points.
 */
export const pointRules = {
  checkin: { name: '每日签到', dailyCap: 5 },
  checkin_streak: { name: '连续签到奖励', dailyCap: 20 },
  admin_grant: { name: '工会发放', dailyCap: null },
  activity: { name: '参加活动', dailyCap: 200 },
  // 电子书屋: credited reading time (1 point per 10 minutes), finishing a book, a campaign's goal.
  reading: { name: '阅读时长', dailyCap: 6 },
  book_finished: { name: '读完一本书', dailyCap: 30 },
  reading_campaign: { name: '读书活动达标', dailyCap: 500 },
  // 职工课堂: a completed lesson, a completed course; 答题拉力赛: taking part, a final place.
  course_lesson: { name: '完成课时', dailyCap: 10 },
  course_completed: { name: '完成课程', dailyCap: 30 },
  contest_participation: { name: '参加答题竞赛', dailyCap: 50 },
  contest_placing: { name: '答题竞赛名次', dailyCap: 1000 },
} as const satisfies Record<string, { name: string; dailyCap: number | null }>

export type PointRule = keyof typeof pointRules

interface Movement {
  delta: number
  kind: 'earn' | 'spend' | 'refund' | 'expire'
  rule: string
  reason: string
  sourceRef: string
  key: string
  at: Date
}

/** Idempotency keys: one movement per member and source, whatever retries happen. */
export const ledgerKeys = {
  award: (memberId: number, rule: string, sourceRef: string) => `award:${memberId}:${rule}:${sourceRef}`,
  // spendSql() builds the same key in SQL.
  spend: (memberId: number, sourceRef: string) => `spend:${memberId}:${sourceRef}`,
  refund: (memberId: number, sourceRef: string) => `refund:${memberId}:${sourceRef}`,
  expire: (memberId: number, year: number) => `expire:${memberId}:${year}`,
}

export interface Moved {
  delta: number
  balance: number
  /** The key had already been used: this call changed nothing. */
  replayed: boolean
}

/** A member's points account, locked for the rest of the transaction. */
export interface LockedAccount {
  readonly memberId: number
  balance: number
}

/**
 * Locks the member's account (creating it on first use). Every movement of one member's points
 * holds this lock first, so they run one at a time.
 */
export async function lockAccount(tx: Queryable, memberId: number): Promise<LockedAccount> {
  const select = 'SELECT balance FROM points_account WHERE member_id = $1 FOR UPDATE'
  let [row] = await tx.query<{ balance: number }>(select, [memberId])
  if (!row) {
    await tx.query('INSERT INTO points_account (member_id) VALUES ($1) ON CONFLICT (member_id) DO NOTHING', [memberId])
    ;[row] = await tx.query<{ balance: number }>(select, [memberId])
  }
  return { memberId, balance: row.balance }
}

async function findMovement(tx: Queryable, key: string): Promise<{ delta: number } | null> {
  const [row] = await tx.query<{ delta: number }>('SELECT delta FROM points_ledger WHERE idempotency_key = $1', [key])
  return row ?? null
}

/**
 * Writes one movement for award() and refund(). The ledger's writers in this file, this,
 * spendSql() and expireBatch(), share one rule: the balance change and its entry in a single
 * statement, on accounts the caller has locked (lockAccount, or expireBatch's batch lock). The
 * unique key refuses a second write of the same movement.
 */
async function move(tx: Queryable, account: LockedAccount, m: Movement): Promise<Moved> {
  if (account.balance + m.delta < 0) throw new AppError('INSUFFICIENT_POINTS', `积分不足：需要 ${-m.delta}，当前 ${account.balance}`)
  const [row] = await tx.query<{ balance_after: number }>(
    `WITH account AS (
       UPDATE points_account SET balance = balance + $2, updated_at = now() WHERE member_id = $1 RETURNING balance
     )
     INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, earn_year, created_at)
     SELECT $1, $2, $3, $4, $5, $6, $7, account.balance, $8, $9 FROM account
     RETURNING balance_after`,
    [account.memberId, m.delta, m.kind, m.rule, m.reason, m.sourceRef, m.key, m.delta > 0 ? shanghaiYear(m.at) : null, m.at],
  )
  account.balance = row.balance_after
  return { delta: m.delta, balance: row.balance_after, replayed: false }
}

/**
 * The only way points enter: idempotent by (rule, sourceRef), and held to the rule's daily
 * cap (the award is cut to what the cap still allows, possibly nothing).
 */
export async function award(
  tx: Queryable,
  input: { memberId: number; rule: PointRule; sourceRef: string; points: number; reason?: string; at?: Date },
): Promise<Moved> {
  if (!Number.isInteger(input.points) || input.points <= 0) throw new Error(`award: points must be a positive integer, got ${input.points}`)
  const at = input.at ?? new Date()
  const key = ledgerKeys.award(input.memberId, input.rule, input.sourceRef)
  const account = await lockAccount(tx, input.memberId)
  const existing = await findMovement(tx, key)
  if (existing) return { delta: existing.delta, balance: account.balance, replayed: true }
  let points = input.points
  const cap = pointRules[input.rule].dailyCap
  if (cap !== null) {
    const day = shanghaiDay(at)
    const [today] = await tx.query<{ sum: number }>(
      `SELECT COALESCE(sum(delta), 0)::int AS sum FROM points_ledger
        WHERE member_id = $1 AND kind = 'earn' AND rule = $2 AND created_at >= $3 AND created_at < $4`,
      [input.memberId, input.rule, dayStart(day), dayStart(addDays(day, 1))],
    )
    points = Math.min(points, cap - today.sum)
    if (points <= 0) return { delta: 0, balance: account.balance, replayed: false }
  }
  return move(tx, account, {
    delta: points,
    kind: 'earn',
    rule: input.rule,
    reason: input.reason ?? pointRules[input.rule].name,
    sourceRef: input.sourceRef,
    key,
    at,
  })
}

interface Debit {
  points: number
  sourceRef: string
  reason: string
}

/**
 * Takes points for a new order inside the statement that creates the order, so the order, the
 * balance and its ledger entry are written in one round trip. Returns two CTEs for the end of that
 * statement's WITH list: `source` names an earlier CTE returning the new row (nothing when it wrote
 * nothing, and then neither do these), `sourceRef` the SQL for the entry's source over that row;
 * the other arguments are SQL too (parameters). The caller holds the account's lock and has checked
 * that the balance covers the points; CHECK (balance >= 0) backs that check up, and the unique key
 * (the format of ledgerKeys.spend) refuses a second charge for the same source. Its output CTE
 * `spent` returns balance_after.
 */
export function spendSql(p: { source: string; sourceRef: string; memberId: string; points: string; reason: string; at: string }): string {
  return `spent_account AS (
      UPDATE points_account SET balance = balance - ${p.points}, updated_at = now()
       WHERE member_id = ${p.memberId} AND EXISTS (SELECT 1 FROM ${p.source})
      RETURNING balance
    ), spent AS (
      INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, created_at)
      SELECT ${p.memberId}, -${p.points}, 'spend', 'redeem', ${p.reason}, ${p.sourceRef},
             'spend:' || ${p.memberId} || ':' || ${p.sourceRef}, a.balance, ${p.at}
        FROM ${p.source}, spent_account a
      RETURNING balance_after
    )`
}

/** Gives back what spendSql() took for the same source, exactly once. */
export async function refund(tx: Queryable, account: LockedAccount, input: Debit): Promise<Moved> {
  const key = ledgerKeys.refund(account.memberId, input.sourceRef)
  const existing = await findMovement(tx, key)
  if (existing) return { delta: existing.delta, balance: account.balance, replayed: true }
  return move(tx, account, { ...input, delta: input.points, kind: 'refund', rule: 'cancel', key, at: new Date() })
}

/**
 * A member's credits counted towards `upToYear` or earlier, and debits (first in, first out:
 * spending uses the oldest points) before `debitsBefore`; the arguments are SQL expressions.
 */
const creditsAndDebitsSql = (memberId: string, upToYear: string, debitsBefore: string) =>
  `SELECT COALESCE(sum(delta) FILTER (WHERE delta > 0 AND earn_year <= ${upToYear}), 0)::int AS credits,
          COALESCE(-sum(delta) FILTER (WHERE delta < 0 AND created_at < ${debitsBefore}), 0)::int AS debits
     FROM points_ledger WHERE member_id = ${memberId}`

/** Points still unused from credits counted towards `upToYear` or earlier, as of `debitsBefore`. */
export async function unusedCredits(tx: Queryable, memberId: number, upToYear: number, debitsBefore: Date): Promise<number> {
  const [row] = await tx.query<{ credits: number; debits: number }>(creditsAndDebitsSql('$1', '$2', '$3'), [memberId, upToYear, debitsBefore])
  return Math.max(0, row.credits - row.debits)
}

/** The latest year whose points have lapsed by `now`: earned in Y, gone at the end of Y + 1. */
export function lapsedYear(now: Date): number {
  return shanghaiYear(now) - 2
}

export interface ExpiryOptions {
  /** Members per transaction: bounds each transaction's locks and duration. */
  batchSize?: number
  /** Asked before each batch with the number done so far; false stops the run (resumable). */
  continueWhile?: (batchesDone: number) => boolean
}

export interface ExpiryRun {
  members: number
  points: number
  /** The run reached the last member with credits of that year. */
  done: boolean
}

/**
 * One batch: the next `batchSize` members (by id, after the year's cursor) with credits of
 * `year`: their accounts locked in one statement, expired in a second (balances and ledger
 * entries together), the cursor moved in the same transaction.
 */
async function expireBatch(tx: Queryable, year: number, cutoff: Date, batchSize: number): Promise<{ members: number; points: number; last: boolean }> {
  // Locks the year's progress row: concurrent runs take batches one after another.
  const [progress] = await tx.query<{ after_member_id: number }>(
    `INSERT INTO points_expiry_progress (year) VALUES ($1) ON CONFLICT (year) DO UPDATE SET updated_at = now()
     RETURNING after_member_id`,
    [year],
  )
  const candidates = await tx.query<{ member_id: number }>(
    `SELECT DISTINCT member_id FROM points_ledger WHERE earn_year = $1 AND member_id > $2 ORDER BY member_id LIMIT $3`,
    [year, progress.after_member_id, batchSize],
  )
  const ids = candidates.map((c) => c.member_id)
  let expired = { members: 0, points: 0 }
  if (ids.length) {
    // Account locks in id order, the lock every movement of a member's points takes first.
    await tx.query('SELECT member_id FROM points_account WHERE member_id = ANY($1::int[]) ORDER BY member_id FOR UPDATE', [ids])
    // A new statement, so a new snapshot: it sees every movement committed before the locks were granted.
    ;[expired] = await tx.query<{ members: number; points: number }>(
      `WITH batch AS (
         SELECT * FROM unnest($1::int[], $2::text[]) AS b(member_id, key)
       ), due AS (
         SELECT a.member_id, b.key, a.balance, LEAST(a.balance, GREATEST(0, s.credits - s.debits)) AS amount
           FROM batch b JOIN points_account a ON a.member_id = b.member_id
          CROSS JOIN LATERAL (${creditsAndDebitsSql('a.member_id', '$3', '$4')}) s
          WHERE NOT EXISTS (SELECT 1 FROM points_ledger e WHERE e.idempotency_key = b.key)
       ), entry AS (
         INSERT INTO points_ledger (member_id, delta, kind, rule, reason, source_ref, idempotency_key, balance_after, created_at)
         SELECT member_id, -amount, 'expire', 'expire', $5, $6, key, balance - amount, $4
           FROM due WHERE amount > 0 ORDER BY member_id
         RETURNING member_id, delta
       ), account AS (
         UPDATE points_account a SET balance = a.balance + entry.delta, updated_at = now()
           FROM entry WHERE a.member_id = entry.member_id
         RETURNING a.member_id
       )
       SELECT count(*)::int AS members, COALESCE(-sum(delta), 0)::bigint AS points FROM entry`,
      // Dated when the points lapsed, not when the job ran, so later years' FIFO sums stay exact.
      [ids, ids.map((id) => ledgerKeys.expire(id, year)), year, cutoff, `${year} 年获得的积分到期`, `year:${year}`],
    )
  }
  const last = ids.length < batchSize
  await tx.query(
    `UPDATE points_expiry_progress SET after_member_id = GREATEST(after_member_id, $2), finished_at = CASE WHEN $3 THEN now() ELSE finished_at END
      WHERE year = $1`,
    [year, ids.length ? ids[ids.length - 1] : 0, last],
  )
  return { ...expired, last }
}

/**
 * Writes the expiry entries for points earned in `year`: they lapse at the end of `year + 1`,
 * first in, first out (only what is still unused at the cutoff). Works in batches of members,
 * one transaction each, and can be stopped between batches; the next run continues after the
 * last finished batch. Exactly once per member and year: a batch redone after a crash finds the
 * idempotency keys taken. A finished year is not looked at again (no credits of a lapsed year
 * can appear later).
 */
export async function expirePoints(
  db: Pick<Db, 'query' | 'transaction'>,
  year: number,
  now = new Date(),
  { batchSize = 1000, continueWhile = () => true }: ExpiryOptions = {},
): Promise<ExpiryRun> {
  const cutoff = yearStart(year + 2)
  if (now < cutoff) throw new AppError('VALIDATION_FAILED', `${year} 年的积分要到 ${year + 1} 年底才过期`)
  // The timer fires every 15 minutes all year: once the year is finished a run only reads this,
  // rather than opening a write transaction on the progress row for nothing.
  const [finished] = await db.query('SELECT 1 FROM points_expiry_progress WHERE year = $1 AND finished_at IS NOT NULL', [year])
  if (finished) return { members: 0, points: 0, done: true }
  const run: ExpiryRun = { members: 0, points: 0, done: false }
  for (let batches = 0; continueWhile(batches); batches++) {
    const batch = await db.transaction((tx) => expireBatch(tx, year, cutoff, batchSize))
    run.members += batch.members
    run.points += batch.points
    if (batch.last) return { ...run, done: true }
  }
  return run
}
