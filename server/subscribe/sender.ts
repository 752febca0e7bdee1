import type { MessageKind } from '../../src/shared/api'
import type { Db, Queryable } from '../db'
import type { MessagePayload } from '../notify'
import type { SendOutcome, SubscribeChannel, SubscribeSend } from './channel'
import { fitField } from './fields'
import { templatedKinds } from './templates'
import type { SubscribeConfig, ValueSource } from './templates'

/**
 * How long a claimed send may take before it counts as interrupted. Far above the worst a send
 * can take (a token fetch and two send requests of requestTimeoutMs each, for every message of a
 * batch at `concurrency` at a time), so a live sender never loses its lease.
 */
const leaseMs = 10 * 60_000
/** A client cannot pile up more sends than this per template; WeChat's own count is the real limit. */
export const allowanceCap = 20
/** Tries per message before a temporary error becomes final. */
export const maxAttempts = 6
/** Messages claimed per round, and sent this many at a time. */
const batchSize = 20
const concurrency = 4
/**
 * A consent recorded this long after a message still covers it: the client records consent
 * beside the action it came with (a pickup redemption tells the member in its own transaction),
 * and the two requests may arrive in either order.
 */
const consentSlackMs = 5 * 60_000

/** 30 s, 1, 2, 4, 8 min… up to 30 min between tries. */
function backoffMs(attempts: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1))
}

export interface DrainSummary {
  sent: number
  refused: number
  failed: number
  /** Temporary errors, due again later. */
  retrying: number
  /** Sends a previous sender started and never finished: not sent again. */
  interrupted: number
  noChannel: number
  noAllowance: number
}

interface ClaimedMessage {
  id: number
  kind: MessageKind
  user_id: number
  template_id: string
  openid: string
  title: string
  body: string
  link: string
  payload: MessagePayload | null
  created_at: Date
  attempts: number
}

function valueOf(source: ValueSource, message: ClaimedMessage): string | Date {
  if (source === 'title') return message.title
  if (source === 'body') return message.body
  if (source === 'createdAt') return message.created_at
  if (source.startsWith('text:')) return source.slice('text:'.length)
  const value = message.payload?.[source.slice('payload.'.length)]
  return value === undefined ? '' : String(value)
}

/** The send for a claimed message; null when its kind has no template any more. */
function subscribeSendOf(config: SubscribeConfig, message: ClaimedMessage): SubscribeSend | null {
  const template = config.templates[message.kind]
  if (!template) return null
  return {
    openid: message.openid,
    templateId: message.template_id,
    page: message.link.replace(/^\//, ''),
    data: Object.fromEntries(template.fields.map((f) => [f.key, { value: fitField(f.type, valueOf(f.source, message)) }])),
    miniprogramState: config.miniprogramState,
  }
}

/**
 * At most once: a send claimed and never recorded (the sender crashed, or lost the database
 * after the request) may have reached the user, so it is closed as failed, never sent again,
 * and its allowance stays spent.
 */
async function failInterrupted(db: Queryable): Promise<number> {
  const rows = await db.query(
    `UPDATE message_delivery SET status = 'failed', leased_until = NULL, updated_at = now(),
            last_error = '发送中断，无法确认是否已送达，不再重发'
      WHERE status = 'pending' AND leased_until < now() RETURNING 1`,
  )
  return rows.length
}

/** Retries that are due, leased to this sender. FOR UPDATE SKIP LOCKED: two senders take different rows. */
async function claimRetries(db: Queryable): Promise<number[]> {
  const rows = await db.query<{ message_id: number }>(
    `UPDATE message_delivery d SET leased_until = now() + $1 * interval '1 millisecond', attempts = d.attempts + 1, updated_at = now()
       FROM (SELECT message_id FROM message_delivery
              WHERE status = 'pending' AND leased_until IS NULL AND next_attempt_at <= now()
              ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED) due
      WHERE d.message_id = due.message_id
     RETURNING d.message_id`,
    [leaseMs, batchSize],
  )
  return rows.map((r) => r.message_id)
}

/**
 * Decides on new messages of templated kinds whose user has sends left, in one transaction: each
 * gets its delivery row (the message's primary key, so a message is claimed once whatever runs
 * at the same time) and, if it will be sent, takes one of its user's allowance. Allowance rows
 * are locked with SKIP LOCKED, so a second sender works on other users meanwhile.
 */
async function claimNew(
  db: Db,
  config: SubscribeConfig,
  canSend: boolean,
  summary: DrainSummary,
): Promise<{ claimed: number[]; decided: number }> {
  const { kinds, templateIds } = templatedKinds(config)
  if (kinds.length === 0) return { claimed: [], decided: 0 }
  return db.transaction(async (tx) => {
    const candidates = await tx.query<{ id: number; user_id: number; template_id: string; openid: string | null }>(
      `SELECT m.id, m.user_id, t.template_id, u.openid
         FROM unnest($1::text[], $2::text[]) AS t(kind, template_id)
         JOIN subscribe_allowance a ON a.template_id = t.template_id AND a.remaining > 0
         JOIN message m ON m.user_id = a.user_id AND m.kind = t.kind AND m.created_at >= a.since - $3 * interval '1 millisecond'
         JOIN app_user u ON u.id = m.user_id
        WHERE NOT EXISTS (SELECT 1 FROM message_delivery d WHERE d.message_id = m.id)
        ORDER BY m.id
        LIMIT $4
          FOR UPDATE OF a SKIP LOCKED`,
      [kinds, templateIds, consentSlackMs, batchSize],
    )
    const claimed: number[] = []
    let decided = 0
    for (const c of candidates) {
      if (!canSend || !c.openid) {
        // Nothing to send it through: the allowance stays for when there is.
        const inserted = await tx.query(
          `INSERT INTO message_delivery (message_id, template_id, status) VALUES ($1, $2, 'no_channel')
           ON CONFLICT (message_id) DO NOTHING RETURNING 1`,
          [c.id, c.template_id],
        )
        if (inserted.length) {
          summary.noChannel++
          decided++
        }
        continue
      }
      const [taken] = await tx.query<{ claimed: number; spent: number }>(
        `WITH claimed AS (
           INSERT INTO message_delivery (message_id, template_id, status, attempts, leased_until)
           VALUES ($1, $2, 'pending', 1, now() + $4 * interval '1 millisecond')
           ON CONFLICT (message_id) DO NOTHING RETURNING message_id
         ), spent AS (
           UPDATE subscribe_allowance SET remaining = remaining - 1, updated_at = now()
            WHERE user_id = $3 AND template_id = $2 AND remaining > 0 AND EXISTS (SELECT 1 FROM claimed)
           RETURNING 1
         )
         SELECT (SELECT count(*)::int FROM claimed) AS claimed, (SELECT count(*)::int FROM spent) AS spent`,
        [c.id, c.template_id, c.user_id, leaseMs],
      )
      if (!taken.claimed) continue
      decided++
      if (taken.spent) {
        claimed.push(c.id)
      } else {
        // Earlier messages of this batch used up the user's sends.
        await tx.query(
          `UPDATE message_delivery SET status = 'no_allowance', attempts = 0, leased_until = NULL WHERE message_id = $1`,
          [c.id],
        )
        summary.noAllowance++
      }
    }
    return { claimed, decided }
  })
}

async function loadClaimed(db: Queryable, ids: number[]): Promise<ClaimedMessage[]> {
  if (ids.length === 0) return []
  return db.query<ClaimedMessage>(
    `SELECT m.id, m.kind, m.user_id, d.template_id, u.openid, m.title, m.body, m.link, m.payload, m.created_at, d.attempts
       FROM message_delivery d JOIN message m ON m.id = d.message_id JOIN app_user u ON u.id = m.user_id
      WHERE d.message_id = ANY($1::bigint[]) ORDER BY m.id`,
    [ids],
  )
}

/**
 * Records a send's result and settles the allowance in one transaction. The allowance was taken
 * when the message was claimed; WeChat's own count is the truth, so: sent keeps it spent; refused
 * (43101: WeChat has no subscription for us) sets the user's count for that template to zero; a
 * permanent error WeChat answered gives it back (nothing went out); an unknown outcome keeps it.
 */
async function record(db: Db, message: ClaimedMessage, outcome: SendOutcome, summary: DrainSummary): Promise<void> {
  await db.transaction(async (tx) => {
    const finalTry = message.attempts >= maxAttempts
    let status: 'sent' | 'refused' | 'failed' | 'pending'
    let allowance: 'keep' | 'refund' | 'zero' = 'keep'
    let error: string | null = null
    if (outcome.result === 'sent') {
      status = 'sent'
    } else {
      error = outcome.error
      if (outcome.result === 'refused') {
        status = 'refused'
        allowance = 'zero'
      } else if (outcome.result === 'temporary' && !finalTry) {
        status = 'pending'
      } else {
        status = 'failed'
        if (outcome.result === 'permanent' || (outcome.result === 'temporary' && outcome.answered)) allowance = 'refund'
      }
    }
    const updated = await tx.query(
      `UPDATE message_delivery
          SET status = $2, last_error = $3, leased_until = NULL, updated_at = now(),
              sent_at = CASE WHEN $2 = 'sent' THEN now() END,
              next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + $4 * interval '1 millisecond' END
        WHERE message_id = $1 AND status = 'pending' AND leased_until IS NOT NULL
       RETURNING 1`,
      [message.id, status, error, backoffMs(message.attempts)],
    )
    // Closed as interrupted meanwhile: it stays that way (leaseMs makes this all but impossible).
    if (!updated.length) return
    if (allowance === 'refund') {
      await tx.query(
        `UPDATE subscribe_allowance SET remaining = LEAST($3, remaining + 1), updated_at = now() WHERE user_id = $1 AND template_id = $2`,
        [message.user_id, message.template_id, allowanceCap],
      )
    } else if (allowance === 'zero') {
      await tx.query(`UPDATE subscribe_allowance SET remaining = 0, updated_at = now() WHERE user_id = $1 AND template_id = $2`, [
        message.user_id,
        message.template_id,
      ])
    }
    if (status === 'sent') summary.sent++
    else if (status === 'refused') summary.refused++
    else if (status === 'pending') summary.retrying++
    else summary.failed++
  })
}

async function sendClaimed(channel: SubscribeChannel, config: SubscribeConfig, message: ClaimedMessage): Promise<SendOutcome> {
  const send = subscribeSendOf(config, message)
  if (!send) return { result: 'permanent', error: `消息类型 ${message.kind} 已不再配置订阅消息模板` }
  return channel.send(send)
}

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * Sends what the outbox holds for users with an allowance, round by round, until nothing is left
 * or `continueWhile` says stop (a cloud timer's deadline). Without a channel (self-hosted, no
 * WeChat credentials) each such message is recorded `no_channel` and nothing is spent. Safe to run
 * in several processes at once: every message is sent at most once.
 */
export async function drainOutbox(
  db: Db,
  config: SubscribeConfig,
  channel: SubscribeChannel | null,
  options: { continueWhile?: () => boolean } = {},
): Promise<DrainSummary> {
  const summary: DrainSummary = { sent: 0, refused: 0, failed: 0, retrying: 0, interrupted: 0, noChannel: 0, noAllowance: 0 }
  summary.interrupted = await failInterrupted(db)
  while (options.continueWhile?.() ?? true) {
    // Retries wait for a channel; without one there are none to make.
    const retries = channel ? await claimRetries(db) : []
    const fresh = await claimNew(db, config, channel !== null, summary)
    if (retries.length === 0 && fresh.decided === 0) break
    if (!channel) continue
    const claimed = await loadClaimed(db, [...retries, ...fresh.claimed])
    await inParallel(claimed, concurrency, async (message) => record(db, message, await sendClaimed(channel, config, message), summary))
  }
  return summary
}

/** A log line for a drain that did something; null for one that did not. */
export function summaryLine(s: DrainSummary): string | null {
  const parts = [
    [s.sent, '已发送'],
    [s.refused, '用户拒收'],
    [s.failed, '失败'],
    [s.retrying, '待重试'],
    [s.interrupted, '中断'],
    [s.noChannel, '无发送渠道'],
    [s.noAllowance, '无订阅次数'],
  ] as const
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${what} ${n}`)
  return said.length ? `订阅消息：${said.join('，')}` : null
}
