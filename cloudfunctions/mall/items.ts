import type { BranchRef, Category, ItemKind, MallItem, ManagedItem, PickupPoint, SaleState } from '../../src/shared/api'
import type { Queryable } from '../../server/db'
import { branchRefSql, iso, isoOrNull } from '../../server/sql'
import { pickupPointSql } from './pickup-points'

export interface ItemRow {
  id: number
  title: string
  description: string
  category: Category
  kind: ItemKind
  price_points: number
  stock: number
  images: string[]
  image_file_id: number | null
  image_thumb_url: string | null
  limit_period: 'day' | 'month' | 'lifetime' | null
  limit_count: number | null
  sale_start: Date
  sale_end: Date | null
  on_sale: boolean
  pickup_point: PickupPoint | null
  scope: BranchRef
  owner: BranchRef
  owner_path: string
  codes_available: number | null
}

export const itemSelect = `SELECT i.id, i.title, i.description, json_build_object('id', c.id, 'name', c.name) AS category,
    i.kind, i.price_points, i.stock, i.images, i.image_file_id, i.image_thumb_url, i.limit_period, i.limit_count, i.sale_start, i.sale_end, i.on_sale,
    CASE WHEN pp.id IS NULL THEN NULL ELSE ${pickupPointSql('pp')} END AS pickup_point,
    ${branchRefSql('sb')} AS scope, ${branchRefSql('ob')} AS owner, ob.path AS owner_path,
    CASE WHEN i.kind = 'virtual'
      THEN (SELECT count(*)::int FROM mall_coupon_code cc WHERE cc.item_id = i.id AND cc.order_id IS NULL) END AS codes_available
  FROM mall_item i
  JOIN mall_category c ON c.id = i.category_id
  JOIN branch sb ON sb.id = i.scope_branch_id
  JOIN branch ob ON ob.id = i.owner_branch_id
  LEFT JOIN mall_pickup_point pp ON pp.id = i.pickup_point_id`

export function saleStateOf(r: Pick<ItemRow, 'on_sale' | 'sale_start' | 'sale_end' | 'stock'>, now: Date): SaleState {
  if (!r.on_sale) return 'off_shelf'
  if (now < new Date(r.sale_start)) return 'not_started'
  if (r.sale_end && now >= new Date(r.sale_end)) return 'ended'
  if (r.stock === 0) return 'sold_out'
  return 'on_sale'
}

export function toItem(r: ItemRow, now: Date): MallItem {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    kind: r.kind,
    pricePoints: r.price_points,
    stock: r.stock,
    images: r.images,
    thumbUrl: r.image_thumb_url,
    limit: r.limit_period && r.limit_count ? { period: r.limit_period, count: r.limit_count } : null,
    saleStart: iso(r.sale_start),
    saleEnd: isoOrNull(r.sale_end),
    saleState: saleStateOf(r, now),
    pickupPoint: r.pickup_point,
  }
}

export function toManagedItem(r: ItemRow, now: Date): ManagedItem {
  return { ...toItem(r, now), scope: r.scope, owner: r.owner, onSale: r.on_sale, codesAvailable: r.codes_available, imageFileId: r.image_file_id }
}

export async function loadItem(db: Queryable, id: number): Promise<ItemRow | null> {
  const [row] = await db.query<ItemRow>(`${itemSelect} WHERE i.id = $1`, [id])
  return row ?? null
}

export interface RedeemItemRow {
  id: number
  title: string
  kind: ItemKind
  image: string | null
  price_points: number
  stock: number
  limit_period: 'day' | 'month' | 'lifetime' | null
  limit_count: number | null
  sale_start: Date
  sale_end: Date | null
  on_sale: boolean
  scope_branch_id: number
  pickup_branch_id: number | null
  pickup_point: PickupPoint | null
}

/** A row of lockForRedeem: the item's columns are all null when there is no such item. */
type LockedForRedeem = { balance: number | null } & (RedeemItemRow | { [K in keyof RedeemItemRow]: null })

/**
 * A redemption's first statement: locks the member's points account (balance null: no account,
 * so no points) and reads just what the redemption needs of the item, skipping the listing's joins
 * and code count. The lock is taken whether or not the item exists, and before the item's row
 * (placeOrder), in the order → account → item sequence of every mall write (see cancelLockedOrder).
 */
export async function lockForRedeem(db: Queryable, memberId: number, itemId: number): Promise<{ balance: number | null; item: RedeemItemRow | null }> {
  const [{ balance, ...item }] = await db.query<LockedForRedeem>(
    `SELECT a.balance, i.id, i.title, i.kind, COALESCE(i.image_thumb_url, i.images[1]) AS image, i.price_points, i.stock, i.limit_period, i.limit_count,
            i.sale_start, i.sale_end, i.on_sale, i.scope_branch_id, i.pickup_branch_id,
            CASE WHEN pp.id IS NULL THEN NULL ELSE ${pickupPointSql('pp')} END AS pickup_point
       FROM (VALUES (0)) AS one (x)
       LEFT JOIN (SELECT balance FROM points_account WHERE member_id = $1 FOR UPDATE) AS a ON true
       LEFT JOIN (mall_item i LEFT JOIN mall_pickup_point pp ON pp.id = i.pickup_point_id) ON i.id = $2`,
    [memberId, itemId],
  )
  return { balance, item: item.id === null ? null : item }
}
