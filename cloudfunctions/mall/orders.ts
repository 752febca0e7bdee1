import { randomInt } from 'node:crypto'
import type { CouponValidity, ItemKind, Order, OrderStatus, PickupPoint, QueueOrder } from '../../src/shared/api'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { notify, notifySql, sentence } from '../../server/notify'
import type { MessagePayload } from '../../server/notify'
import { shanghaiDay } from '../../server/points/calendar'
import { lockAccount, refund, spendSql } from '../../server/points/ledger'
import { iso } from '../../server/sql'
import { routes, withQuery } from '../../src/routes'
import { pickupPointSql } from './pickup-points'

type Address = { name: string; phone: string; address: string }

export interface OrderRow {
  id: number
  order_no: string
  member_id: number
  item_id: number
  item_title: string
  item_kind: ItemKind
  item_image: string | null
  owner_path: string
  quantity: number
  points: number
  status: OrderStatus
  pickup_point: PickupPoint | null
  pickup_path: string | null
  pickup_code: string | null
  coupon_code: string | null
  coupon_valid_from: string | null
  coupon_valid_until: string | null
  tracking_no: string | null
  cancel_reason: string | null
  delivery_address: Address | null
  member_name: string
  member_no: string
  /** Null for a member without an account: nobody to tell. */
  member_user_id: number | null
  member_branch: string
  created_at: Date
  updated_at: Date
}

export const orderSelect = `SELECT o.id, o.order_no, o.member_id, o.item_id, i.title AS item_title, i.kind AS item_kind, COALESCE(i.image_thumb_url, i.images[1]) AS item_image,
    ob.path AS owner_path, o.quantity, o.points, o.status,
    CASE WHEN pp.id IS NULL THEN NULL ELSE ${pickupPointSql('pp')} END AS pickup_point, pb.path AS pickup_path,
    o.pickup_code, cc.code AS coupon_code, to_char(cc.valid_from, 'YYYY-MM-DD') AS coupon_valid_from,
    to_char(cc.valid_until, 'YYYY-MM-DD') AS coupon_valid_until, o.tracking_no, o.cancel_reason, o.delivery_address,
    m.name AS member_name, m.member_no, m.user_id AS member_user_id, mb.name AS member_branch, o.created_at, o.updated_at
  FROM mall_order o
  JOIN mall_item i ON i.id = o.item_id
  JOIN branch ob ON ob.id = i.owner_branch_id
  JOIN member m ON m.id = o.member_id
  JOIN branch mb ON mb.id = m.branch_id
  LEFT JOIN branch pb ON pb.id = o.pickup_branch_id
  LEFT JOIN mall_pickup_point pp ON pp.id = o.pickup_point_id
  LEFT JOIN mall_coupon_code cc ON cc.id = o.coupon_code_id`

/** 13812341234 → 138****1234: enough for the member to recognise their own number. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

/** Validity of a coupon; `until` is its last valid day, so it expires when that Shanghai day has passed. */
export function couponValidity(from: string | null, until: string | null, now = new Date()): CouponValidity | null {
  if (until === null) return null
  return { from, until, expired: shanghaiDay(now) > until }
}

export function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    orderNo: r.order_no,
    item: { id: r.item_id, title: r.item_title, kind: r.item_kind, image: r.item_image },
    quantity: r.quantity,
    points: r.points,
    status: r.status,
    pickupPoint: r.pickup_point,
    // A used or cancelled code is worthless; only a live one is shown.
    pickupCode: r.status === 'pending_pickup' ? r.pickup_code : null,
    couponCode: r.coupon_code,
    couponValidity: couponValidity(r.coupon_valid_from, r.coupon_valid_until),
    delivery: r.delivery_address && { ...r.delivery_address, phone: maskPhone(r.delivery_address.phone) },
    trackingNo: r.tracking_no,
    cancelReason: r.cancel_reason,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

/**
 * Operators see who ordered and, while the parcel waits to be shipped, where to. Never the
 * pickup code: the member shows it at the counter, which is what proves they came.
 */
export function toQueueOrder(r: OrderRow): QueueOrder {
  return {
    ...toOrder(r),
    pickupCode: null,
    couponCode: null,
    couponValidity: null,
    // The full address below, logged when read, is what the operator ships to.
    delivery: null,
    member: { name: r.member_name, memberNo: r.member_no, branchName: r.member_branch },
    address: r.status === 'pending_shipment' ? r.delivery_address : null,
  }
}

export async function loadOrder(tx: Queryable, id: number, lock = false): Promise<OrderRow | null> {
  const [row] = await tx.query<OrderRow>(`${orderSelect} WHERE o.id = $1 ${lock ? 'FOR UPDATE OF o' : ''}`, [id])
  return row ?? null
}

export async function reloadOrder(tx: Queryable, id: number): Promise<OrderRow> {
  const row = await loadOrder(tx, id)
  if (!row) throw new AppError('INTERNAL')
  return row
}

/** An order to place: what redeem has checked against the locked account and the item. */
export interface NewOrder {
  quantity: number
  points: number
  status: OrderStatus
  pickupPoint: { id: number; branchId: number } | null
  address: Address | null
  /** Takes a free coupon code for the order: the item is virtual. */
  couponCode: boolean
  /** The ledger entry's reason. */
  reason: string
  at: Date
  /** A pickup order tells the member where to collect it, with its code: who, the item as they read it, and the place. */
  ready: { userId: number; item: string; place: PickupPoint } | null
}

export interface Placement {
  /** An order of this member with the same request id: the request is a retry. Nothing was written. */
  previousId: number | null
  /** Quantity of the member's live orders of this item since the limit window's start (0 without one). */
  taken: number
  /** The new order, when written; null when refused, when no coupon code was free, or when its order number or pickup code was taken. */
  order: {
    id: number
    order_no: string
    pickup_code: string | null
    coupon_code: string | null
    coupon_valid_from: string | null
    coupon_valid_until: string | null
    created_at: Date
  } | null
  /** Coupon items: a free code was found (when the order is still null, its number or code collided). */
  codeFound: boolean
  /** Stock left after taking the order's quantity; null when there was not enough (the order is then to be rolled back). */
  stockLeft: number | null
  /** The member's balance after the charge. */
  balanceAfter: number | null
}

/** An order number: the Shanghai day it was placed (yyMMdd) and 8 random digits. */
export function drawOrderNo(at: Date): string {
  return shanghaiDay(at).slice(2).replaceAll('-', '') + String(randomInt(0, 100_000_000)).padStart(8, '0')
}

/**
 * Parameters $1-$5 of every placement statement: who, what, which request, the limit window. An
 * item without a limit has no window ($4 null): `taken` is then a constant 0, its scan of the
 * member's orders skipped (the planner makes the test a one-time filter).
 */
const placementChecks = `previous AS (
       SELECT id FROM mall_order WHERE member_id = $1::int AND request_id = $3::text
     ), taken AS (
       SELECT COALESCE(sum(quantity), 0)::int AS n FROM mall_order
        WHERE $4::timestamptz IS NOT NULL AND member_id = $1::int AND item_id = $2::int AND status <> 'cancelled' AND created_at >= $4::timestamptz
     )`

/** The checks alone, for a redemption already refused: it only remains to tell whether it is a retry. */
const checkOnlySql = `WITH ${placementChecks}
     SELECT (SELECT id FROM previous) AS previous_id, (SELECT n FROM taken) AS taken`

/**
 * The checks and, when they allow it, the writes; $5 is the limit and $6-$15 the order. Without
 * `coupon` the statement leaves the coupon codes alone, so most redemptions do not touch them, and
 * tells the member of a pickup order where to collect it ($16 the user, $17 the text, $18 the
 * link before the order id, $19 the subscribe-message values), in this same statement: the redemption stays at one round trip.
 * A delivery order passes a null text and gets no message.
 */
function placementSql(coupon: boolean): string {
  return `WITH ${placementChecks}, allowed AS (
       SELECT NOT EXISTS (SELECT 1 FROM previous) AND ($5::int IS NULL OR (SELECT n FROM taken) + $6::int <= $5::int) AS ok
     ), ${coupon ? `code AS (
       SELECT id, code FROM mall_coupon_code WHERE (SELECT ok FROM allowed) AND item_id = $2::int AND order_id IS NULL
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
     ), ` : ''}created AS (
       INSERT INTO mall_order (member_id, item_id, request_id, quantity, points, status, pickup_branch_id, pickup_point_id, pickup_code,
                               delivery_address, order_no${coupon ? ', coupon_code_id' : ''})
       SELECT $1::int, $2::int, $3::text, $6::int, $7::int, $8::text, $9::int, $10::int, $11::text, $12::jsonb, $13::text${coupon ? ', code.id' : ''}
         FROM allowed${coupon ? ' JOIN code ON true' : ''} WHERE allowed.ok
       -- A drawn order number or live pickup code already taken (the request id cannot be: the
       -- account lock and the previous check rule that out): nothing is written and the caller draws again.
       ON CONFLICT DO NOTHING
       RETURNING id, order_no, pickup_code, created_at${coupon ? ', coupon_code_id' : ''}
     ), stocked AS (
       UPDATE mall_item SET stock = stock - $6::int, updated_at = now()
        WHERE id = $2::int AND stock >= $6::int AND EXISTS (SELECT 1 FROM created)
       RETURNING stock
     ), ${coupon ? `coupon AS (
       UPDATE mall_coupon_code SET order_id = (SELECT id FROM created) WHERE id = (SELECT coupon_code_id FROM created)
       RETURNING code, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_until, 'YYYY-MM-DD') AS valid_until
     ), ` : `${notifySql('told', 'created WHERE $17::text IS NOT NULL', {
       userId: '$16::int',
       kind: 'order_ready',
       source: `'order:' || created.id`,
       title: `'订单待自提'`,
       body: '$17::text',
       link: '$18::text || created.id',
       payload: `$19::jsonb || jsonb_build_object('orderNo', created.order_no)`,
     })}, `}${spendSql({ source: 'created', sourceRef: `'order:' || created.id`, memberId: '$1::int', points: '$7::int', reason: '$14::text', at: '$15::timestamptz' })}
     SELECT (SELECT id FROM previous) AS previous_id, (SELECT n FROM taken) AS taken,
            created.id, created.order_no, created.pickup_code, created.created_at,
            ${coupon ? 'coupon.code AS coupon_code, coupon.valid_from AS coupon_valid_from, coupon.valid_until AS coupon_valid_until, EXISTS (SELECT 1 FROM code) AS code_found' : 'NULL::text AS coupon_code, NULL::text AS coupon_valid_from, NULL::text AS coupon_valid_until, NULL::boolean AS code_found'},
            (SELECT stock FROM stocked) AS stock_left, (SELECT balance_after FROM spent) AS balance_after
       FROM (VALUES (0)) AS one (x) LEFT JOIN created ON true${coupon ? ' LEFT JOIN coupon ON true' : ''}`
}

const placeSql = placementSql(false)
const placeWithCouponSql = placementSql(true)

interface PlacementRow {
  previous_id: number | null
  taken: number
  id?: number | null
  order_no?: string | null
  pickup_code?: string | null
  coupon_code?: string | null
  coupon_valid_from?: string | null
  coupon_valid_until?: string | null
  code_found?: boolean | null
  created_at?: Date | null
  stock_left?: number | null
  balance_after?: number | null
}

/** $16-$19 of a placement without coupon: the pickup message, or a null text for none. */
function readyParams(order: NewOrder, pickupCode: string | null): [number | null, string | null, string, string | null] {
  const link = `${routes.mallOrder}?id=`
  if (!order.ready || pickupCode === null) return [null, null, link, null]
  const { userId, item, place } = order.ready
  const hours = place.openingHours ? `，${place.openingHours}` : ''
  const payload: MessagePayload = { itemTitle: item, pickupPointName: place.name }
  return [userId, `您兑换的「${item}」×${order.quantity} 可以领取了：请到${place.name}（${place.address}${hours}）出示自提码 ${pickupCode}。`, link, JSON.stringify(payload)]
}

/**
 * A redemption in one statement, run right after the member's account lock and as a statement of
 * its own: under READ COMMITTED it then sees an order that a retry holding the lock committed while
 * we waited (a subquery inside the locking statement would not). It looks up the request id and
 * counts the limit window; then, when `order` is given and neither stops it, it inserts the order,
 * takes its stock (the guarded UPDATE and CHECK (stock >= 0): never oversold), binds a coupon code
 * (SKIP LOCKED: concurrent redemptions each take a different code without waiting) and charges the
 * points with their ledger entry. The order goes first so that when its drawn order number, or its
 * 8-digit pickup code, is already held (by any order, or by a live one: the unique indexes decide),
 * nothing has been written and the caller simply places it again with other draws.
 */
export async function placeOrder(
  tx: Queryable,
  p: { memberId: number; itemId: number; requestId: string; limitSince: Date | null; limitCount: number | null },
  order: NewOrder | null,
): Promise<Placement> {
  const checks = [p.memberId, p.itemId, p.requestId, p.limitSince]
  const pickupCode = order?.status === 'pending_pickup' ? String(randomInt(10_000_000, 100_000_000)) : null
  const [row] = order === null
    ? await tx.query<PlacementRow>(checkOnlySql, checks)
    : await tx.query<PlacementRow>(order.couponCode ? placeWithCouponSql : placeSql, [
        ...checks,
        p.limitCount,
        order.quantity,
        order.points,
        order.status,
        order.pickupPoint?.branchId ?? null,
        order.pickupPoint?.id ?? null,
        pickupCode,
        order.address && JSON.stringify(order.address),
        drawOrderNo(order.at),
        order.reason,
        order.at,
        ...(order.couponCode ? [] : readyParams(order, pickupCode)),
      ])
  const id = row.id ?? null
  const orderNo = row.order_no ?? null
  const createdAt = row.created_at ?? null
  return {
    previousId: row.previous_id,
    taken: row.taken,
    order: id === null || orderNo === null || createdAt === null
      ? null
      : {
          id,
          order_no: orderNo,
          pickup_code: row.pickup_code ?? null,
          coupon_code: row.coupon_code ?? null,
          coupon_valid_from: row.coupon_valid_from ?? null,
          coupon_valid_until: row.coupon_valid_until ?? null,
          created_at: createdAt,
        },
    codeFound: row.code_found ?? false,
    stockLeft: row.stock_left ?? null,
    balanceAfter: row.balance_after ?? null,
  }
}

/**
 * Cancels an order the caller has already locked and checked: points and stock come back in
 * this same transaction, exactly once. Locks follow the order → account → item sequence that
 * every mall write uses, so cancels and redemptions cannot deadlock.
 */
export async function cancelLockedOrder(tx: Queryable, order: OrderRow, by: number, reason: string): Promise<OrderRow> {
  if (order.status !== 'pending_pickup' && order.status !== 'pending_shipment') {
    throw new AppError('ORDER_STATE_CONFLICT', '订单已发货、已完成或已取消，不能取消')
  }
  const account = await lockAccount(tx, order.member_id)
  await tx.query(
    `UPDATE mall_order SET status = 'cancelled', cancel_reason = $2, cancelled_by = $3, updated_at = now() WHERE id = $1`,
    [order.id, reason, by],
  )
  await tx.query('UPDATE mall_item SET stock = stock + $2, updated_at = now() WHERE id = $1', [order.item_id, order.quantity])
  await refund(tx, account, { points: order.points, sourceRef: `order:${order.id}`, reason: `取消订单退回：${order.item_title}` })
  return reloadOrder(tx, order.id)
}

/**
 * Tells the member what an operator did to their order, in the operator's transaction. Each
 * order ships once and is cancelled once, so the order is the source.
 */
export async function notifyOrderChange(tx: Queryable, order: OrderRow): Promise<void> {
  if (order.member_user_id === null) return
  const base = { userId: order.member_user_id, source: `order:${order.id}`, link: withQuery(routes.mallOrder, { id: order.id }) }
  const about = { orderNo: order.order_no, itemTitle: order.item_title }
  if (order.status === 'shipped') {
    await notify(tx, {
      ...base,
      kind: 'order_shipped',
      title: '订单已发货',
      body: `您兑换的「${order.item_title}」已发货，快递单号 ${order.tracking_no ?? ''}。`,
      payload: { ...about, trackingNo: order.tracking_no ?? '' },
    })
  } else if (order.status === 'cancelled') {
    await notify(tx, {
      ...base,
      kind: 'order_cancelled',
      title: '订单已取消',
      body: `您兑换的「${order.item_title}」已由工作人员取消，原因：${sentence(order.cancel_reason ?? '')}${order.points} 积分已退回。`,
      payload: { ...about, reason: order.cancel_reason ?? '', points: order.points },
    })
  }
}
