import type { BranchRef, ManagedPickupPoint } from '../../src/shared/api'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { branchRefSql } from '../../server/sql'

/** SQL expression building a PickupPoint (what members see) from a mall_pickup_point alias. */
export function pickupPointSql(alias: string): string {
  return `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'address', ${alias}.address,
    'openingHours', ${alias}.opening_hours, 'phone', ${alias}.phone)`
}

export interface PickupPointRow {
  id: number
  name: string
  address: string
  opening_hours: string
  phone: string
  retired: boolean
  branch: BranchRef
  branch_path: string
}

export const pickupPointSelect = `SELECT p.id, p.name, p.address, p.opening_hours, p.phone, p.retired_at IS NOT NULL AS retired,
    ${branchRefSql('b')} AS branch, b.path AS branch_path
  FROM mall_pickup_point p JOIN branch b ON b.id = p.branch_id`

export function toManagedPickupPoint(r: PickupPointRow): ManagedPickupPoint {
  return { id: r.id, name: r.name, address: r.address, openingHours: r.opening_hours, phone: r.phone, retired: r.retired, branch: r.branch }
}

export async function loadPickupPoint(db: Queryable, id: number, lock = false): Promise<PickupPointRow | null> {
  const [row] = await db.query<PickupPointRow>(`${pickupPointSelect} WHERE p.id = $1 ${lock ? 'FOR UPDATE OF p' : ''}`, [id])
  return row ?? null
}

/** A point just written in this transaction, as its manager sees it. */
export async function savedPickupPoint(db: Queryable, id: number): Promise<ManagedPickupPoint> {
  const point = await loadPickupPoint(db, id)
  if (!point) throw new AppError('INTERNAL')
  return toManagedPickupPoint(point)
}

/** Why a point may not be retired now, or null: members still have goods to collect there. */
export async function retireRefusal(db: Queryable, id: number): Promise<AppError | null> {
  const [use] = await db.query<{ items: number; orders: number }>(
    `SELECT (SELECT count(*)::int FROM mall_item WHERE pickup_point_id = $1 AND on_sale AND (sale_end IS NULL OR sale_end > now())) AS items,
            (SELECT count(*)::int FROM mall_order WHERE pickup_point_id = $1 AND status = 'pending_pickup') AS orders`,
    [id],
  )
  if (use.items > 0) return new AppError('PICKUP_POINT_IN_USE', `还有 ${use.items} 件在售商品在此自提，请先为它们更换自提点或下架`)
  if (use.orders > 0) return new AppError('PICKUP_POINT_IN_USE', `还有 ${use.orders} 个订单等待在此自提，请先完成或取消`)
  return null
}
