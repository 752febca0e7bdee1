import { z } from 'zod'
import type { CourseOrderStatus } from '../../src/shared/api/course-common'
import type { CourseRef, OrderCourseInput, OrderDetail, OrderForm, OrderSummary, SessionSummary } from '../../src/shared/api/course-training'
import { routes, withQuery } from '../../src/routes'
import type { Caller } from '../caller'
import { cursorId, cursorTime, decodeCursor, pageOf } from '../cursor'
import type { Db, Queryable } from '../db'
import { AppError } from '../errors'
import { ancestorPaths } from '../library/books'
import { notify } from '../notify'
import { shanghaiDay } from '../points/calendar'
import { covers, inSubtreeSql, inSubtreesSql, requireBranchInScope, scopePaths } from '../scope'
import type { BranchRef } from '../sql'
import { branchRefSql, iso, isoOrNull } from '../sql'
import { courseRefSql, deciderPaths, isDecider, requireDecider } from './training-scope'
import { listSessionsWhere } from './training-sessions'

/**
 * 点单—下单—送单 (issue 12 §2), the order half: an enterprise union orders a course for its
 * workers, the county union above it accepts or declines. Who decides: a course_editor or an admin
 * whose grant sits at county level or above (level ≤ 2) and covers the ordering branch; never the
 * person who ordered (the rules are in ./training-scope). The same people schedule sessions
 * (./training-sessions).
 */

interface OrderRow {
  id: number
  course: CourseRef
  branch: BranchRef
  branch_path: string
  headcount: number
  preferred_dates: string[]
  status: CourseOrderStatus
  created_at: Date
  session_count: number
  ordered_by: number
}

const orderColumns = `o.id, ${courseRefSql('c')} AS course, ${branchRefSql('b')} AS branch, o.branch_path, o.headcount,
  to_json(o.preferred_dates) AS preferred_dates, o.status, o.created_at, o.ordered_by,
  (SELECT count(*)::int FROM course_session s WHERE s.order_id = o.id AND s.status <> 'cancelled') AS session_count`
const orderFrom = 'course_order o JOIN course c ON c.id = o.course_id JOIN branch b ON b.id = o.branch_id'

function summaryOf(row: OrderRow): OrderSummary {
  return {
    id: row.id,
    course: row.course,
    branch: row.branch,
    headcount: row.headcount,
    preferredDates: row.preferred_dates,
    status: row.status,
    createdAt: iso(row.created_at),
    sessionCount: row.session_count,
  }
}

const notFound = () => new AppError('NOT_FOUND', '点单不存在')

/** Who may read an order: the person who placed it, admins over the ordering branch, deciders over it. */
function seesOrder(caller: Caller, row: { ordered_by: number; branch_path: string }): boolean {
  return row.ordered_by === caller.userId || covers(caller, 'admin', row.branch_path) || isDecider(caller, row.branch_path)
}

/**
 * The order form: the course and the enterprise unions the caller admins (a town or county admin
 * gets those below them, at most 50, nearest first by name) that may see it.
 */
export async function orderForm(db: Queryable, caller: Caller, courseId: number): Promise<OrderForm> {
  const [course] = await db.query<{ course: CourseRef; branch_path: string }>(
    `SELECT ${courseRefSql('c')} AS course, c.branch_path FROM course c WHERE c.id = $1 AND c.status = 'published' AND c.orderable`,
    [courseId],
  )
  if (!course) throw new AppError('TRAINING_COURSE_NOT_ORDERABLE')
  const branches = await db.query<{ branch: BranchRef }>(
    `SELECT ${branchRefSql('b')} AS branch FROM branch b
      WHERE b.level = 4 AND ${inSubtreesSql('b.path', '$1')} AND ${inSubtreeSql('b.path', '$2')}
      ORDER BY b.name, b.id LIMIT 50`,
    [scopePaths(caller, 'admin'), course.branch_path],
  )
  return { course: course.course, branches: branches.map((b) => b.branch) }
}

export async function orderCourse(db: Db, caller: Caller, input: OrderCourseInput, now = new Date()): Promise<{ id: number; status: CourseOrderStatus }> {
  const branch = await requireBranchInScope(db, caller, 'admin', input.branchId)
  if (branch.level !== 4) throw new AppError('TRAINING_NOT_ENTERPRISE')
  const today = shanghaiDay(now)
  if (input.preferredDates.some((day) => day <= today)) throw new AppError('TRAINING_DATE_PAST')
  const [course] = await db.query<{ id: number }>(
    `SELECT id FROM course WHERE id = $1 AND status = 'published' AND orderable AND branch_path = ANY($2::text[])`,
    [input.courseId, ancestorPaths(branch.path)],
  )
  if (!course) throw new AppError('TRAINING_COURSE_NOT_ORDERABLE')
  // A retried request answers the order it made; the same request id from anyone else makes nothing.
  const [made] = await db.query<{ id: number; status: CourseOrderStatus; ordered_by: number } | undefined>(
    `WITH made AS (
       INSERT INTO course_order (course_id, branch_id, branch_path, ordered_by, headcount, preferred_dates, note, contact_name, contact_phone, request_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::date[], $7, $8, $9, $10, $11, $11)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING id, status, ordered_by
     )
     SELECT id, status, ordered_by FROM made
     UNION ALL SELECT id, status, ordered_by FROM course_order WHERE request_id = $10 AND NOT EXISTS (SELECT 1 FROM made)`,
    [input.courseId, branch.id, branch.path, caller.userId, input.headcount, input.preferredDates, input.note, input.contactName, input.contactPhone, input.requestId, now],
  )
  // The same request racing itself: the insert that lost waited for the winner, whose row this
  // statement's snapshot does not show; a new statement does.
  const [order] = made
    ? [made]
    : await db.query<{ id: number; status: CourseOrderStatus; ordered_by: number }>('SELECT id, status, ordered_by FROM course_order WHERE request_id = $1', [input.requestId])
  if (order.ordered_by !== caller.userId) throw new AppError('VALIDATION_FAILED', '请求编号无效，请刷新后重试')
  return { id: order.id, status: order.status }
}

const ordersCursor = z.object({ t: cursorTime, id: cursorId }).strict()

export async function listOrders(
  db: Queryable,
  caller: Caller,
  input: { role: 'mine' | 'to_decide'; status?: CourseOrderStatus; cursor?: string | null; limit: number },
): Promise<{ items: OrderSummary[]; nextCursor: string | null }> {
  const after = decodeCursor(input.cursor, ordersCursor)
  // $1..$4 the filter and the page; the role's scope follows.
  const [scope, scopeParams] =
    input.role === 'mine'
      ? ['(o.branch_id = ANY($5::int[]) OR o.ordered_by = $6)', [caller.grants.filter((g) => g.role === 'admin').map((g) => g.branchId), caller.userId]]
      : [inSubtreesSql('o.branch_path', '$5'), [deciderPaths(caller)]]
  const rows = await db.query<OrderRow>(
    `SELECT ${orderColumns} FROM ${orderFrom}
      WHERE ${scope} AND ($1::text IS NULL OR o.status = $1)
        AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::int))
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT $4`,
    [input.status ?? null, after?.t ?? null, after?.id ?? 0, input.limit + 1, ...scopeParams],
  )
  return pageOf(rows, input.limit, summaryOf, (r) => ({ t: iso(r.created_at), id: r.id }))
}

export async function orderDetail(db: Queryable, caller: Caller, orderId: number): Promise<OrderDetail> {
  const [row] = await db.query<
    OrderRow & {
      note: string
      contact_name: string
      contact_phone: string
      ordered_by_name: string
      decided_by_name: string | null
      decided_at: Date | null
      decline_reason: string | null
    }
  >(
    `SELECT ${orderColumns}, o.note, o.contact_name, o.contact_phone, o.decided_at, o.decline_reason,
            COALESCE(om.name, ou.nickname) AS ordered_by_name, COALESCE(dm.name, du.nickname) AS decided_by_name
       FROM ${orderFrom}
       JOIN app_user ou ON ou.id = o.ordered_by LEFT JOIN member om ON om.user_id = ou.id
       LEFT JOIN app_user du ON du.id = o.decided_by LEFT JOIN member dm ON dm.user_id = du.id
      WHERE o.id = $1`,
    [orderId],
  )
  if (!row || !seesOrder(caller, row)) throw notFound()
  const decider = isDecider(caller, row.branch_path) && row.ordered_by !== caller.userId
  const sessions: SessionSummary[] = await listSessionsWhere(db, caller, 's.order_id = $2', [orderId])
  return {
    ...summaryOf(row),
    note: row.note,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    orderedBy: row.ordered_by_name,
    decidedBy: row.decided_by_name,
    decidedAt: isoOrNull(row.decided_at),
    declineReason: row.decline_reason,
    sessions,
    canCancel: row.ordered_by === caller.userId && row.status === 'requested',
    canDecide: decider && row.status === 'requested',
    canSchedule: isDecider(caller, row.branch_path) && row.status === 'accepted',
  }
}

/** The order, locked, after the caller was shown to see it. */
async function lockOrder(tx: Queryable, caller: Caller, orderId: number) {
  const [row] = await tx.query<{ id: number; status: CourseOrderStatus; branch_path: string; ordered_by: number; decided_by: number | null; course_title: string }>(
    `SELECT o.id, o.status, o.branch_path, o.ordered_by, o.decided_by, c.title AS course_title
       FROM course_order o JOIN course c ON c.id = o.course_id WHERE o.id = $1 FOR UPDATE OF o`,
    [orderId],
  )
  if (!row || !seesOrder(caller, row)) throw notFound()
  return row
}

export async function cancelOrder(db: Db, caller: Caller, orderId: number, now = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockOrder(tx, caller, orderId)
    if (row.ordered_by !== caller.userId) throw new AppError('TRAINING_NOT_ORDERER')
    if (row.status === 'cancelled') return { id: orderId, status: row.status }
    if (row.status !== 'requested') throw new AppError('TRAINING_ORDER_STATE', '点单已被处理，不能撤回')
    await tx.query(`UPDATE course_order SET status = 'cancelled', updated_at = $2 WHERE id = $1`, [orderId, now])
    return { id: orderId, status: 'cancelled' as const }
  })
}

/**
 * 受理 or 不受理. A decider who repeats their own decision (a retried tap) gets the same answer; any
 * other change of a decided order is refused. The orderer is told in the same transaction.
 */
export async function decideOrder(
  db: Db,
  caller: Caller,
  input: { id: number; decision: 'accepted' | 'declined'; reason?: string },
  now = new Date(),
): Promise<{ id: number; status: CourseOrderStatus }> {
  return db.transaction(async (tx) => {
    const row = await lockOrder(tx, caller, input.id)
    requireDecider(caller, row.branch_path)
    if (row.ordered_by === caller.userId) throw new AppError('TRAINING_SELF_DECISION')
    if (row.status === input.decision && row.decided_by === caller.userId) return { id: input.id, status: row.status }
    if (row.status !== 'requested') throw new AppError('TRAINING_ORDER_STATE', '点单已被处理或已撤回')
    await tx.query(
      `UPDATE course_order SET status = $2, decided_by = $3, decided_at = $4, decline_reason = $5, updated_at = $4 WHERE id = $1`,
      [input.id, input.decision, caller.userId, now, input.decision === 'declined' ? input.reason ?? '' : null],
    )
    const accepted = input.decision === 'accepted'
    await notify(tx, {
      userId: row.ordered_by,
      kind: 'training_order_decided',
      source: `course_order:${input.id}`,
      title: accepted ? `点单「${row.course_title}」已受理` : `点单「${row.course_title}」未受理`,
      body: accepted ? '上级工会已受理您的点单，将安排培训场次，请留意报名通知。' : `原因：${input.reason ?? ''}`,
      link: withQuery(routes.trainingOrder, { id: input.id }),
      payload: { result: accepted ? '已受理' : '未受理', title: row.course_title, reason: accepted ? '将安排培训场次' : input.reason ?? '' },
    })
    return { id: input.id, status: input.decision }
  })
}
