import type { Queryable } from '../db'
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
 * The one writer of the ledger: the balance change and its entry in a single statement, on an
 * account the caller has locked. The unique key refuses a second write of the same movement.
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
        WHERE member_id = $1 AND rule = $2 AND created_at >= $3 AND created_at < $4`,
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
 * Points still unused from credits counted towards `upToYear` or earlier, with debits (first in,
 * first out: spending uses the oldest points) up to `debitsBefore`.
 */
export async function unusedCredits(tx: Queryable, memberId: number, upToYear: number, debitsBefore: Date): Promise<number> {
  const [row] = await tx.query<{ credits: number; debits: number }>(
    `SELECT COALESCE(sum(delta) FILTER (WHERE delta > 0 AND earn_year <= $2), 0)::int AS credits,
            COALESCE(-sum(delta) FILTER (WHERE delta < 0 AND created_at < $3), 0)::int AS debits
       FROM points_ledger WHERE member_id = $1`,
    [memberId, upToYear, debitsBefore],
  )
  return Math.max(0, row.credits - row.debits)
}

/** The latest year whose points have lapsed by `now`: earned in Y, gone at the end of Y + 1. */
export function lapsedYear(now: Date): number {
  return shanghaiYear(now) - 2
}

/**
 * Writes the expiry entries for points earned in `year`: they lapse at the end of `year + 1`.
 * Exactly once per member and year, however often it runs; each member in its own transaction.
 */
export async function expirePoints(
  db: { query: Queryable['query']; transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  year: number,
  now = new Date(),
): Promise<{ members: number; points: number }> {
  const cutoff = yearStart(year + 2)
  if (now < cutoff) throw new AppError('VALIDATION_FAILED', `${year} 年的积分要到 ${year + 1} 年底才过期`)
  // Members already expired for this year (key shape of ledgerKeys.expire) are skipped; the key would refuse them anyway.
  const candidates = await db.query<{ member_id: number }>(
    `SELECT DISTINCT l.member_id FROM points_ledger l
      WHERE l.earn_year = $1
        AND NOT EXISTS (SELECT 1 FROM points_ledger e WHERE e.idempotency_key = 'expire:' || l.member_id || ':' || $1::text)
      ORDER BY l.member_id`,
    [year],
  )
  let members = 0
  let points = 0
  for (const { member_id: memberId } of candidates) {
    const expired = await db.transaction(async (tx) => {
      const account = await lockAccount(tx, memberId)
      const key = ledgerKeys.expire(memberId, year)
      if (await findMovement(tx, key)) return 0
      const amount = Math.min(account.balance, await unusedCredits(tx, memberId, year, cutoff))
      if (amount === 0) return 0
      await move(tx, account, {
        delta: -amount,
        kind: 'expire',
        rule: 'expire',
        reason: `${year} 年获得的积分到期`,
        sourceRef: `year:${year}`,
        key,
        // Dated when the points lapsed, not when the job ran, so later years' FIFO sums stay exact.
        at: cutoff,
      })
      return amount
    })
    if (expired > 0) {
      members++
      points += expired
    }
  }
  return { members, points }
}
