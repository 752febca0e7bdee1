import { routes, withQuery } from '../src/routes'
import type { Db, Queryable } from './db'
import type { MessagePayload } from './notify'
import { inSubtreeSql } from './scope'

/**
 * A notice in its members' message centres. Publishing only queues it (`notice_fanout`); this
 * job writes the messages once the notice is live, one batch of audience members per
 * transaction, in member id order, moving the notice's cursor in the same transaction. A run
 * cut short resumes after the last committed batch; two runs at once work on different notices
 * (the row is taken with SKIP LOCKED), and message_once makes any overlap write nothing.
 *
 * The audience is the members under the notice's target branch who had joined when it went
 * live: members who join later see it in the feed, but get no message for it.
 * A withdrawn notice's messages are taken back the same way, batch by batch; an expired one
 * stops where it is.
 */
export interface FanoutOptions {
  /** Members per statement. */
  batchSize?: number
  /** Asked before each batch with the number done so far: a cloud timer stops at its deadline. */
  continueWhile?: (batches: number) => boolean
}

export interface FanoutRun {
  /** Messages written and taken back by this run. */
  written: number
  removed: number
  batches: number
  /** Nothing is left to do now; false when continueWhile stopped the run first. */
  done: boolean
}

export const defaultFanoutBatch = 25_000

interface Pending {
  notice_id: number
  last_member_id: number
  removed_through: number | null
  status: 'published' | 'withdrawn'
  title: string
  expired: boolean
  target_path: string
  publisher: string
  live_since: Date
}

/** What one batch did; null when there was no notice to work on. */
type Step = { written: number; removed: number } | null

/**
 * The next `$4` audience members of the notice's target subtree ($3) after member $2, up to
 * member $5 (taking back stops where writing stopped), who had joined by $7. The path is known per call, so the
 * planner (one plan per call) walks the member key in order for a city- or county-wide audience
 * (each batch reads on from the last) and looks a town's or an enterprise's members up by
 * branch (checked with EXPLAIN at full scale).
 */
const audienceSql = `audience AS MATERIALIZED (
    SELECT m.id, m.user_id FROM member m
     WHERE m.id > $2::int AND m.id <= $5::int AND m.joined_at <= $7::timestamptz
       AND m.branch_id IN (SELECT d.id FROM branch d WHERE ${inSubtreeSql('d.path', '$3')})
     ORDER BY m.id LIMIT $4::int
  )`

const progressSql = `last AS (SELECT max(id) AS id, count(*) AS n FROM audience)`

/** A reader of the notice in the feed before the fan-out reached them gets the message read: the badge counts only what is new. */
const writeSql = `WITH ${audienceSql}, ${progressSql},
  written AS (
    INSERT INTO message (user_id, kind, source, title, body, link, read_at, payload)
    SELECT a.user_id, 'notice_published', $6::text, $8::text, $9::text, $10::text, r.read_at, $11::jsonb
      FROM audience a LEFT JOIN notice_read r ON r.user_id = a.user_id AND r.notice_id = $1::int
     WHERE a.user_id IS NOT NULL
     ORDER BY a.id
    ON CONFLICT (user_id, kind, source) DO NOTHING
    RETURNING 1
  ), counted AS (SELECT count(*)::int AS n FROM written)
  UPDATE notice_fanout f
     SET last_member_id = coalesce(last.id, f.last_member_id), messages = f.messages + counted.n,
         started_at = coalesce(f.started_at, now()), finished_at = CASE WHEN last.n < $4::int THEN now() END
    FROM last, counted
   WHERE f.notice_id = $1::int
  RETURNING counted.n AS written`

const removeSql = `WITH ${audienceSql}, ${progressSql},
  removed AS (
    DELETE FROM message WHERE kind = 'notice_published' AND source = $6::text AND user_id IN (SELECT user_id FROM audience)
    RETURNING 1
  ), counted AS (SELECT count(*)::int AS n FROM removed)
  UPDATE notice_fanout f
     SET removed_through = coalesce(last.id, $2::int), messages = f.messages - counted.n,
         finished_at = CASE WHEN last.n < $4::int THEN now() END
    FROM last, counted
   WHERE f.notice_id = $1::int
  RETURNING counted.n AS removed`

/** int4's largest: writing goes on to the last member. */
const lastPossibleMemberId = 2 ** 31 - 1

/** The message's source: per member and kind, a notice tells once. */
export const noticeSource = (noticeId: number) => `notice:${noticeId}`

async function fanoutStep(tx: Queryable, now: Date, batchSize: number): Promise<Step> {
  // A scheduled notice waits for its time; a withdrawn one is taken back whenever it was queued.
  const [job] = await tx.query<Pending>(
    `SELECT f.notice_id, f.last_member_id, f.removed_through, n.status, n.title,
            coalesce(n.expire_at <= $1::timestamptz, false) AS expired, t.path AS target_path, p.name AS publisher,
            -- queued_at is on the database's clock, like joined_at: a publisher whose clock runs behind leaves out nobody who had joined.
            greatest(n.publish_at, f.queued_at) AS live_since
       FROM notice_fanout f
       JOIN notice n ON n.id = f.notice_id
       JOIN branch t ON t.id = n.target_branch_id
       JOIN branch p ON p.id = n.publisher_branch_id
      WHERE f.finished_at IS NULL AND (n.status = 'withdrawn' OR n.publish_at <= $1::timestamptz)
      ORDER BY f.notice_id
      LIMIT 1
        FOR UPDATE OF f SKIP LOCKED`,
    [now],
  )
  if (!job) return null
  const source = noticeSource(job.notice_id)
  if (job.status === 'withdrawn') {
    const [row] = await tx.query<{ removed: number }>(
      removeSql,
      [job.notice_id, job.removed_through ?? 0, job.target_path, batchSize, job.last_member_id, source, job.live_since],
      { planPerCall: true },
    )
    return { written: 0, removed: row.removed }
  }
  if (job.expired) {
    await tx.query('UPDATE notice_fanout SET finished_at = now() WHERE notice_id = $1', [job.notice_id])
    return { written: 0, removed: 0 }
  }
  const [row] = await tx.query<{ written: number }>(
    writeSql,
    [
      job.notice_id,
      job.last_member_id,
      job.target_path,
      batchSize,
      lastPossibleMemberId,
      source,
      job.live_since,
      '新通知',
      `${job.publisher}：${job.title}`,
      withQuery(routes.noticeDetail, { id: job.notice_id }),
      JSON.stringify({ noticeTitle: job.title, publisher: job.publisher } satisfies MessagePayload),
    ],
    { planPerCall: true },
  )
  return { written: row.written, removed: 0 }
}

/** Works through every queued notice that is due, a batch per transaction, until none is left or continueWhile says stop. */
export async function fanOutNotices(
  db: Pick<Db, 'transaction'>,
  now = new Date(),
  { batchSize = defaultFanoutBatch, continueWhile = () => true }: FanoutOptions = {},
): Promise<FanoutRun> {
  const run: FanoutRun = { written: 0, removed: 0, batches: 0, done: false }
  while (continueWhile(run.batches)) {
    const step = await db.transaction((tx) => fanoutStep(tx, now, batchSize))
    if (!step) return { ...run, done: true }
    run.batches++
    run.written += step.written
    run.removed += step.removed
  }
  return run
}
