import { randomInt } from 'node:crypto'
import type { BranchRef, ItemKind, Order, OrderStatus, QueueOrder } from '../../src/shared/api'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { lockAccount, refund } from '../../server/points/ledger'
import { branchRefSql, iso } from '../../server/sql'

export interface OrderRow {
  id: number
  member_id: number
  item_id: number
  item_title: string
  item_kind: ItemKind
  item_image: string | null
  owner_path: string
  quantity: number
  points: number
  status: OrderStatus
  pickup_point: BranchRef | null
  pickup_path: string | null
  pickup_code: string | null
  coupon_code: string | null
  tracking_no: string | null
  cancel_reason: string | null
  delivery_address: { name: string; phone: string; address: string } | null
  member_name: string
  member_no: string
  member_branch: string
  created_at: Date
  updated_at: Date
}

export const orderSelect = `SELECT o.id, o.member_id, o.item_id, i.title AS item_title, i.kind AS item_kind, i.images[1] AS item_image,
    ob.path AS owner_path, o.quantity, o.points, o.status,
    CASE WHEN pb.id IS NULL THEN NULL ELSE ${branchRefSql('pb')} END AS pickup_point, pb.path AS pickup_path,
    o.pickup_code, cc.code AS coupon_code, o.tracking_no, o.cancel_reason, o.delivery_address,
    m.name AS member_name, m.member_no, mb.name AS member_branch, o.created_at, o.updated_at
  FROM mall_order o
  JOIN mall_item i ON i.id = o.item_id
  JOIN branch ob ON ob.id = i.owner_branch_id
  JOIN member m ON m.id = o.member_id
  JOIN branch mb ON mb.id = m.branch_id
  LEFT JOIN branch pb ON pb.id = o.pickup_branch_id
  LEFT JOIN mall_coupon_code cc ON cc.id = o.coupon_code_id`

export function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    item: { id: r.item_id, title: r.item_title, kind: r.item_kind, image: r.item_image },
    quantity: r.quantity,
    points: r.points,
    status: r.status,
    pickupPoint: r.pickup_point,
    // A used or cancelled code is worthless; only a live one is shown.
    pickupCode: r.status === 'pending_pickup' ? r.pickup_code : null,
    couponCode: r.coupon_code,
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

/**
 * Inserts a new order. Pickup orders get an 8-digit code unique among orders still waiting
 * for pickup: the partial unique index decides, and a rare collision just draws again.
 */
export async function insertOrder(
  tx: Queryable,
  o: {
    memberId: number
    itemId: number
    requestId: string
    quantity: number
    points: number
    status: OrderStatus
    pickupBranchId: number | null
    address: { name: string; phone: string; address: string } | null
  },
): Promise<{ id: number; pickup_code: string | null; created_at: Date }> {
  for (;;) {
    const code = o.status === 'pending_pickup' ? String(randomInt(10_000_000, 100_000_000)) : null
    const [row] = await tx.query<{ id: number; pickup_code: string | null; created_at: Date }>(
      `INSERT INTO mall_order (member_id, item_id, request_id, quantity, points, status, pickup_branch_id, pickup_code, delivery_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (pickup_code) WHERE status = 'pending_pickup' DO NOTHING
       RETURNING id, pickup_code, created_at`,
      [o.memberId, o.itemId, o.requestId, o.quantity, o.points, o.status, o.pickupBranchId, code, o.address && JSON.stringify(o.address)],
    )
    if (row) return row
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
