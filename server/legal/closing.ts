/**
 * 在线律师, how a question ends (issue 10 §4): the member marks it resolved and rates it, or it
 * closes by itself after `auto_close_days` without the member's reply to the lawyer.
 */
import type { ParsedInput } from '../../src/shared/api'
import { routes } from '../../src/routes'
import type { Deps } from '../action'
import type { Caller } from '../caller'
import type { Queryable } from '../db'
import { AppError } from '../errors'
import { notifySql } from '../notify'
import { lockVisibleQuestion } from './thread'

/** The asker: the answer solved it. A retried tap on a question already resolved answers the same. */
export async function resolveQuestion({ db }: Deps, caller: Caller, questionId: number, now = new Date()): Promise<{ status: 'resolved' }> {
  return db.transaction(async (tx) => {
    const { row: q, viewer } = await lockVisibleQuestion(tx, caller, questionId)
    if (viewer !== 'asker') throw new AppError('FORBIDDEN', '只有提问的职工可以标记咨询已解决')
    if (q.status === 'resolved') return { status: 'resolved' as const }
    if (q.status !== 'open') throw new AppError('LEGAL_QUESTION_NOT_OPEN', '该咨询已自动关闭，无需再标记已解决')
    await tx.query(`UPDATE legal_question SET status = 'resolved', closed_at = $2, updated_at = $2 WHERE id = $1`, [q.id, now])
    await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, created_at) VALUES ($1, $2, 'resolved', $3)`, [q.id, caller.userId, now])
    return { status: 'resolved' as const }
  })
}

/** The asker rates a resolved or closed question, once: a second rating is refused, not overwritten. */
export async function rateQuestion({ db }: Deps, caller: Caller, input: ParsedInput<'legal', 'rateQuestion'>, now = new Date()): Promise<{ stars: number }> {
  return db.transaction(async (tx) => {
    const { row: q, viewer } = await lockVisibleQuestion(tx, caller, input.questionId)
    if (viewer !== 'asker') throw new AppError('FORBIDDEN', '只有提问的职工可以评价')
    if (q.rating !== null) throw new AppError('LEGAL_ALREADY_RATED')
    if (q.status === 'open') throw new AppError('LEGAL_NOT_RESOLVED', '请先标记咨询已解决，再评价')
    const comment = input.comment ? input.comment : null
    await tx.query('UPDATE legal_question SET rating = $2, rating_comment = $3, rated_at = $4, updated_at = $4 WHERE id = $1', [q.id, input.stars, comment, now])
    await tx.query(`INSERT INTO legal_event (question_id, actor_user_id, kind, detail, created_at) VALUES ($1, $2, 'rated', $3, $4)`, [
      q.id,
      caller.userId,
      JSON.stringify({ stars: input.stars }),
      now,
    ])
    return { stars: input.stars }
  })
}

/** Questions closed per statement: one batch stays a short transaction however many fall due at once. */
const closeBatch = 500

/**
 * Closes open questions whose lawyer spoke last more than `auto_close_days` ago, telling each
 * asker through the message centre. Each batch is one statement: the rows are locked and skipped
 * by a concurrent run, the status test is repeated in the UPDATE, and the `closed` event is
 * once-only in the schema, so a question closes once however often and however concurrently the
 * job runs. Answers how many it closed.
 */
export async function closeIdleQuestions(db: Queryable, now = new Date(), options: { continueWhile?: () => boolean } = {}): Promise<{ closed: number }> {
  let closed = 0
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `WITH policy AS (SELECT auto_close_days FROM legal_policy),
       due AS (
         SELECT q.id FROM legal_question q, policy
          WHERE q.status = 'open' AND q.awaiting = 'member'
            AND q.last_lawyer_at < $1::timestamptz - make_interval(days => policy.auto_close_days)
          ORDER BY q.last_lawyer_at
          LIMIT ${closeBatch}
          FOR UPDATE OF q SKIP LOCKED
       ),
       closed AS (
         UPDATE legal_question q SET status = 'closed', closed_at = $1, updated_at = $1
           FROM due WHERE q.id = due.id AND q.status = 'open' AND q.awaiting = 'member'
         RETURNING q.id, q.asker_user_id, q.title
       ),
       events AS (
         INSERT INTO legal_event (question_id, kind, detail, created_at)
         SELECT id, 'closed', '{"auto":true}', $1 FROM closed
         ON CONFLICT DO NOTHING
       ),
       ${notifySql('told', 'closed', {
         userId: 'closed.asker_user_id',
         kind: 'legal_closed',
         source: `'legal_question:' || closed.id`,
         title: `'您的法律咨询已关闭'`,
         body: `'「' || closed.title || '」律师回复后 ' || (SELECT auto_close_days FROM policy) || ' 天内没有收到您的回复，咨询已自动关闭。如仍有问题，可以重新提问。'`,
         link: `'${routes.legalQuestion}?id=' || closed.id`,
         payload: `jsonb_build_object('questionTitle', left(closed.title, 20), 'result', '已自动关闭')`,
       })}
       SELECT count(*)::int AS n FROM closed`,
      [now],
    )
    closed += row.n
    if (row.n < closeBatch || !(options.continueWhile?.() ?? true)) return { closed }
  }
}
