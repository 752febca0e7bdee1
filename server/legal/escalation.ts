import { routes, withQuery } from '../../src/routes'
import type { Db, Queryable } from '../db'
import { notify } from '../notify'
import { dayStart, shanghaiDay } from '../points/calendar'
import { chainOf, inSubtreeSql } from '../scope'

/** Where a Shanghai instant falls in the roster's week: ISO weekday (1 = Monday) and minute of the day. */
export function rosterMoment(at: Date): { weekday: number; minute: number } {
  const day = shanghaiDay(at)
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7
  return { weekday, minute: Math.floor((at.getTime() - dayStart(day).getTime()) / 60_000) }
}

/** SQL condition: the user holds a lawyer grant whose subtree holds the branch path. */
const lawyerCoversSql = (user: string, path: string) =>
  `EXISTS (SELECT 1 FROM role_grant g JOIN branch gb ON gb.id = g.branch_id
            WHERE g.user_id = ${user} AND g.role = 'lawyer' AND ${inSubtreeSql(path, 'gb.path')})`

/**
 * The lawyers on duty at `at` for a queue (the roster of that very branch), who still hold a
 * lawyer grant covering it: a grant revoked after the roster was written takes them off duty.
 */
export async function lawyersOnDuty(db: Queryable, queueBranchId: number, at: Date): Promise<number[]> {
  const { weekday, minute } = rosterMoment(at)
  const rows = await db.query<{ user_id: number }>(
    `SELECT DISTINCT r.lawyer_user_id AS user_id
       FROM legal_roster r JOIN branch q ON q.id = r.branch_id
      WHERE r.branch_id = $1 AND r.weekday = $2 AND r.start_minute <= $3 AND $3 < r.end_minute
        AND ${lawyerCoversSql('r.lawyer_user_id', 'q.path')}
      ORDER BY 1`,
    [queueBranchId, weekday, minute],
  )
  return rows.map((r) => r.user_id)
}

/**
 * Who step 1 reminds for an unclaimed question: the queue's lawyers on duty now; when nobody is,
 * everyone on the queue's roster (they see it at their next shift); when the queue has no roster
 * at all (it was dropped after the question was routed), the lawyers granted at the queue's branch.
 */
async function queueLawyers(db: Queryable, queueBranchId: number, at: Date): Promise<number[]> {
  const onDuty = await lawyersOnDuty(db, queueBranchId, at)
  if (onDuty.length > 0) return onDuty
  const rows = await db.query<{ user_id: number }>(
    `SELECT DISTINCT r.lawyer_user_id AS user_id FROM legal_roster r JOIN branch q ON q.id = r.branch_id
      WHERE r.branch_id = $1 AND ${lawyerCoversSql('r.lawyer_user_id', 'q.path')}
     UNION
     SELECT g.user_id FROM role_grant g
      WHERE g.branch_id = $1 AND g.role = 'lawyer' AND NOT EXISTS (SELECT 1 FROM legal_roster r WHERE r.branch_id = $1)
     ORDER BY 1`,
    [queueBranchId],
  )
  return rows.map((r) => r.user_id)
}

async function legalAdminsAt(db: Queryable, branchId: number): Promise<number[]> {
  const rows = await db.query<{ user_id: number }>(
    "SELECT DISTINCT user_id FROM role_grant WHERE branch_id = $1 AND role = 'legal_admin' ORDER BY 1",
    [branchId],
  )
  return rows.map((r) => r.user_id)
}

interface DueQuestion {
  id: number
  title: string
  asker_user_id: number
  lawyer_user_id: number | null
  queue_branch_id: number
  county_branch_id: number
  branch_path: string
  escalation_step: number
  due_at: Date
  escalate_county_at: Date
  escalate_city_at: Date
}

/** The steps by number: the event each writes once, and the message its recipients get. */
const steps = {
  1: { event: 'reminded', kind: 'legal_overdue', title: '咨询超时未答复' },
  2: { event: 'escalated_county', kind: 'legal_escalated', title: '咨询超时已上报区县' },
  3: { event: 'escalated_city', kind: 'legal_escalated', title: '咨询超时已上报市总' },
} as const
type Step = keyof typeof steps

/** The highest step a question has reached by `now` (its deadlines were frozen when it was asked). */
function stepDue(q: Pick<DueQuestion, 'escalate_county_at' | 'escalate_city_at'>, now: Date): Step {
  if (new Date(q.escalate_city_at) <= now) return 3
  if (new Date(q.escalate_county_at) <= now) return 2
  return 1
}

async function recipients(tx: Queryable, q: DueQuestion, step: Step, now: Date): Promise<number[]> {
  let users: number[]
  if (step === 1) users = q.lawyer_user_id === null ? await queueLawyers(tx, q.queue_branch_id, now) : [q.lawyer_user_id]
  else if (step === 2) users = await legalAdminsAt(tx, q.county_branch_id)
  else users = await legalAdminsAt(tx, chainOf(q.branch_path)[0])
  // Staff never serve themselves: a lawyer's or admin's own question does not reach them.
  return users.filter((u) => u !== q.asker_user_id)
}

/**
 * Takes one step of one question, once: the conditional UPDATE lets exactly one run through (a
 * concurrent run waits on the row and then finds the step taken), and the once-only event
 * (legal_event_once_idx) would refuse a second one anyway. A question answered meanwhile
 * (first_response_at set) or closed is left alone.
 */
async function takeStep(tx: Queryable, q: DueQuestion, step: Step, now: Date): Promise<boolean> {
  const [taken] = await tx.query<{ id: number }>(
    `UPDATE legal_question SET escalation_step = $2, updated_at = $3
      WHERE id = $1 AND escalation_step = $2 - 1 AND status = 'open' AND first_response_at IS NULL AND due_at <= $3
        AND ($2 < 2 OR escalate_county_at <= $3) AND ($2 < 3 OR escalate_city_at <= $3)
      RETURNING id`,
    [q.id, step, now],
  )
  if (!taken) return false
  const { event, kind, title } = steps[step]
  const users = await recipients(tx, q, step, now)
  await tx.query('INSERT INTO legal_event (question_id, kind, detail, created_at) VALUES ($1, $2, $3, $4)', [
    q.id,
    event,
    JSON.stringify({ notified: users }),
    now,
  ])
  for (const userId of users) {
    await notify(tx, {
      userId,
      kind,
      source: `legal_question:${q.id}:${event}`,
      title,
      body:
        step === 1
          ? `咨询「${q.title}」已超过首次答复时限，请尽快${q.lawyer_user_id === null ? '认领并' : ''}答复。`
          : `咨询「${q.title}」超过首次答复时限仍未答复，请督办或指派律师。`,
      link: withQuery(routes.legalQuestion, { id: q.id }),
      payload: { title: q.title, step: steps[step].title },
    })
  }
  return true
}

export interface EscalationRun {
  reminded: number
  escalatedCounty: number
  escalatedCity: number
}

/** Questions taken per batch: each is a transaction of its own, so a batch is short however many are due. */
const batchSize = 200

/**
 * The response-time job (issue §4): every open question still without a first response past its
 * due time gets, in order, 1 a reminder to the queue's lawyers (or its assigned lawyer), 2 a
 * message to the legal_admins at its county, 3 to the city's. Each step happens once however
 * often or concurrently this runs; a run that was down catches up every step due, in order.
 */
export async function legalEscalation(db: Db, now: Date, options: { continueWhile?: () => boolean } = {}): Promise<EscalationRun> {
  const run: EscalationRun = { reminded: 0, escalatedCounty: 0, escalatedCity: 0 }
  const counter = { 1: 'reminded', 2: 'escalatedCounty', 3: 'escalatedCity' } as const
  // A question another run took meanwhile, or one answered since, is skipped rather than fetched again.
  let afterId = 0
  let afterDue = new Date(0)
  for (;;) {
    const due = await db.query<DueQuestion>(
      `SELECT id, title, asker_user_id, lawyer_user_id, queue_branch_id, county_branch_id, branch_path, escalation_step,
              escalate_county_at, escalate_city_at, due_at
         FROM legal_question
        WHERE status = 'open' AND first_response_at IS NULL AND escalation_step < 3 AND due_at <= $1
          AND (escalation_step = 0 OR (escalation_step = 1 AND escalate_county_at <= $1) OR (escalation_step = 2 AND escalate_city_at <= $1))
          AND (due_at, id) > ($2, $3)
        ORDER BY due_at, id
        LIMIT ${batchSize}`,
      [now, afterDue, afterId],
    )
    for (const q of due) {
      const target = stepDue(q, now)
      await db.transaction(async (tx) => {
        for (let step = q.escalation_step + 1; step <= target; step++) {
          if (!(await takeStep(tx, q, step as Step, now))) return
          run[counter[step as Step]] += 1
        }
      })
    }
    if (due.length < batchSize || !(options.continueWhile?.() ?? true)) return run
    const last = due[due.length - 1]
    afterDue = new Date(last.due_at)
    afterId = last.id
  }
}
