import { z } from 'zod'
import type { BranchRef, Category, ItemStats, MallItemDetail, ManagedItem, Order } from '../../src/shared/api'
import type { FunctionActions } from '../../server/action'
import type { Caller } from '../../server/caller'
import { cursorId, decodeCursor, pageOf } from '../../server/cursor'
import type { Queryable } from '../../server/db'
import { AppError } from '../../server/errors'
import { replaceFiles } from '../../server/files/attach'
import { dayStart, monthStart, shanghaiDay } from '../../server/points/calendar'
import { ledgerKeys } from '../../server/points/ledger'
import { chainOf, covers, inSubtreesSql, pathCovers, requireBranchInScope, scopePaths } from '../../server/scope'
import { audit, iso } from '../../server/sql'
import { itemSelect, loadItem, lockForRedeem, toItem, toManagedItem } from './items'
import type { ItemRow, RedeemItemRow } from './items'
import { cancelLockedOrder, couponValidity, loadOrder, maskPhone, notifyOrderChange, orderSelect, placeOrder, reloadOrder, toOrder, toQueueOrder } from './orders'
import type { NewOrder, OrderRow } from './orders'
import { loadPickupPoint, pickupPointSelect, retireRefusal, savedPickupPoint, toManagedPickupPoint } from './pickup-points'
import type { PickupPointRow } from './pickup-points'

const idCursor = z.object({ i: cursorId }).strict()

function memberOf(caller: Caller): { id: number; chain: number[] } {
  if (!caller.member) throw new AppError('NOT_MEMBER')
  return { id: caller.member.id, chain: chainOf(caller.member.branchPath) }
}

/** The caller's operator grant nearest above a branch: the item's owner. */
function nearestOperatorGrant(caller: Caller, path: string): number {
  const grant = caller.grants
    .filter((g) => g.role === 'mall_operator' && pathCovers(g.branchPath, path))
    .sort((a, b) => b.branchPath.length - a.branchPath.length)[0]
  if (!grant) throw new AppError('OUT_OF_SCOPE')
  return grant.branchId
}

const limitNames = { day: '每天', month: '每月', lifetime: '每人' } as const

/** Wrong pickup codes an operator may enter in ten minutes. */
export const verifyAttemptLimit = 10

/**
 * How long after handing goods over a verification of the same code still reads as a resend.
 * A code is unique only while its order waits, so a later order may draw it again; and a resend
 * after a lost answer comes within seconds. Past this, an old code is a wrong code and counts
 * towards the lockout, instead of replaying an order long since handed over.
 */
export const pickupReplayMinutes = 10

/** Where a member's limit window starts: today, this month, or ever. */
function limitWindowStart(period: 'day' | 'month' | 'lifetime', now: Date): Date {
  if (period === 'day') return dayStart(shanghaiDay(now))
  if (period === 'month') return monthStart(now)
  return new Date(0)
}

/** One of the caller's own orders; someone else's does not exist, as far as the caller can tell. */
async function requireOwnOrder(tx: Queryable, memberId: number, id: number, lock = false): Promise<OrderRow> {
  const order = await loadOrder(tx, id, lock)
  if (!order || order.member_id !== memberId) throw new AppError('NOT_FOUND', '订单不存在')
  return order
}

async function requireOperatorOrder(tx: Queryable, caller: Caller, id: number): Promise<OrderRow> {
  const order = await loadOrder(tx, id, true)
  // The item's owning union, or the service point that hands it over. Another union's order
  // reads as no order at all, so order ids cannot be probed.
  const covered = order && (covers(caller, 'mall_operator', order.owner_path) || (order.pickup_path !== null && covers(caller, 'mall_operator', order.pickup_path)))
  if (!order || !covered) throw new AppError('NOT_FOUND', '订单不存在')
  return order
}

/** An item the caller operates: an operator grant at or above its owning union. */
async function requireOperatorItem(tx: Queryable, caller: Caller, id: number): Promise<ItemRow> {
  const item = await loadItem(tx, id)
  // Another union's goods read as not there, like a nonexistent id.
  if (!item || !covers(caller, 'mall_operator', item.owner_path)) throw new AppError('NOT_FOUND', '商品不存在')
  return item
}

/** A pickup point the caller operates: an operator grant at or above the branch that runs it. */
async function requireOperatorPickupPoint(tx: Queryable, caller: Caller, id: number, lock = false): Promise<PickupPointRow> {
  const point = await loadPickupPoint(tx, id, lock)
  // Another union's point reads as not there, like a nonexistent id.
  if (!point || !covers(caller, 'mall_operator', point.branch_path)) throw new AppError('NOT_FOUND', '自提点不存在')
  return point
}

/** The column is an integer: stock that would pass 2^31 - 1 is refused before it is written. */
async function addStock(tx: Queryable, itemId: number, delta: number): Promise<number> {
  const [row] = await tx.query<{ stock: number }>(
    'UPDATE mall_item SET stock = stock + $2, updated_at = now() WHERE id = $1 AND stock <= 2147483647 - $2 RETURNING stock',
    [itemId, delta],
  )
  if (!row) throw new AppError('STOCK_TOO_LARGE', `库存不能超过 2147483647 件`)
  return row.stock
}

/** The item a create with this request id made, if the creator sent it before. */
async function itemMadeBy(tx: Queryable, creatorId: number, requestId: string): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>('SELECT id FROM mall_item WHERE created_by = $1 AND request_id = $2', [creatorId, requestId])
  return row?.id ?? null
}

/**
 * Saves an existing item's fields (a resent create included) and answers its current image file.
 * Stock is not a field of an edit (restock and codes change it), so a resent create keeps the
 * first send's initial stock.
 */
async function editItem(
  tx: Queryable,
  caller: Caller,
  id: number,
  kind: ItemRow['kind'],
  pickup: PickupPointRow | null,
  onSale: boolean,
  fields: unknown[],
): Promise<number | null> {
  const existing = await requireOperatorItem(tx, caller, id)
  if (existing.kind !== kind) throw new AppError('ITEM_KIND_MISMATCH', '商品类型创建后不能修改')
  // An item off the shelf may keep the retired point it named (its past orders were collected
  // there); members may not be sent to one again.
  if (pickup?.retired && (existing.pickup_point?.id !== pickup.id || onSale)) throw new AppError('PICKUP_POINT_RETIRED')
  await tx.query(
    `UPDATE mall_item SET title = $2, description = $3, category_id = $4, price_points = $5,
       limit_period = $6, limit_count = $7, sale_start = $8, sale_end = $9, scope_branch_id = $10,
       pickup_branch_id = $11, pickup_point_id = $12, on_sale = $13, updated_at = now()
     WHERE id = $1`,
    [id, ...fields],
  )
  return existing.image_file_id
}

/**
 * The item's image becomes the uploaded file `fileId` (null: none; undefined: unchanged). The
 * file must be the caller's own goods image, not used elsewhere; the one it replaces is released.
 * Keeping the current file is no change, so an operator editing a colleague's item keeps the
 * colleague's picture without owning it.
 */
async function setItemImage(tx: Queryable, caller: Caller, id: number, current: number | null, fileId: number | null | undefined): Promise<void> {
  if (fileId === undefined || (fileId !== null && fileId === current)) return
  const [file] = await replaceFiles(tx, caller, fileId === null ? [] : [fileId], { purpose: 'goods_image', record: `mall_item:${id}` })
  await tx.query('UPDATE mall_item SET image_file_id = $2, images = $3, image_thumb_url = $4 WHERE id = $1', [
    id,
    file?.id ?? null,
    file?.url ? [file.url] : [],
    file?.thumbUrl ?? null,
  ])
}

async function reloadManagedItem(tx: Queryable, id: number): Promise<ManagedItem> {
  const saved = await loadItem(tx, id)
  if (!saved) throw new AppError('INTERNAL')
  return toManagedItem(saved, new Date())
}

/** Why the item itself refuses this redemption, in the order members are told; null when it does not. */
function itemRefusal(
  item: RedeemItemRow,
  chain: number[],
  input: { quantity: number; address?: unknown },
  now: Date,
): AppError | null {
  // An item outside the member's chain answers like one that does not exist.
  if (!chain.includes(item.scope_branch_id)) return new AppError('NOT_FOUND', '商品不存在')
  if (!item.on_sale) return new AppError('ITEM_OFF_SHELF')
  if (now < new Date(item.sale_start)) return new AppError('SALE_NOT_STARTED')
  if (item.sale_end && now >= new Date(item.sale_end)) return new AppError('SALE_ENDED')
  if (item.kind === 'virtual' && input.quantity !== 1) return new AppError('QUANTITY_NOT_ALLOWED')
  if (item.kind === 'delivery' && !input.address) return new AppError('ADDRESS_REQUIRED')
  return null
}

/** A retried redemption answers as the first did: its order as it is now, and the charge it made. */
async function replayedRedemption(tx: Queryable, memberId: number, orderId: number) {
  const order = await reloadOrder(tx, orderId)
  const [charge] = await tx.query<{ balance_after: number }>(
    'SELECT balance_after FROM points_ledger WHERE idempotency_key = $1',
    [ledgerKeys.spend(memberId, `order:${order.id}`)],
  )
  return { order: toOrder(order), balanceBefore: charge.balance_after + order.points, balanceAfter: charge.balance_after, replayed: true }
}

const queueFilters = {
  pickup: `o.status = 'pending_pickup' AND ${inSubtreesSql('pb.path', '$1')}`,
  shipping: `o.status = 'pending_shipment' AND ${inSubtreesSql('ob.path', '$1')}`,
  all: `(${inSubtreesSql('ob.path', '$1')} OR (pb.path IS NOT NULL AND ${inSubtreesSql('pb.path', '$1')}))`,
} as const

export const mallActions: FunctionActions<'mall'> = {
  categories: {
    // Operators who are not members themselves need them for the goods form.
    access: 'user',
    async handler(_input, ctx): Promise<Category[]> {
      return ctx.db.query<Category>('SELECT id, name FROM mall_category ORDER BY sort, id')
    },
  },

  items: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      const after = decodeCursor(input.cursor, idCursor)
      const now = new Date()
      // An item is visible when its scope branch is on the member's chain, i.e. the member is in its subtree.
      const rows = await ctx.db.query<ItemRow>(
        `${itemSelect}
          WHERE i.scope_branch_id = ANY($1::int[]) AND i.on_sale AND (i.sale_end IS NULL OR i.sale_end > $2)
            AND ($3::int IS NULL OR i.category_id = $3) AND ($4::int IS NULL OR i.id < $4)
          ORDER BY i.id DESC LIMIT $5`,
        [member.chain, now, input.categoryId ?? null, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, (r) => toItem(r, now), (r) => ({ i: r.id }))
    },
  },

  item: {
    access: 'member',
    async handler(input, ctx): Promise<MallItemDetail> {
      const member = memberOf(ctx.caller)
      const item = await loadItem(ctx.db, input.id)
      // Not there or not for this member's union: one answer, so other unions' goods cannot be probed.
      if (!item || !member.chain.includes(item.scope.id)) throw new AppError('NOT_FOUND', '商品不存在')
      const now = new Date()
      // What redeem would check, so the page can say no before the member opens the sheet.
      // Redeem still checks it again under the account lock: this is only what it was a moment ago.
      const since = item.limit_period && limitWindowStart(item.limit_period, now)
      const [mine] = await ctx.db.query<{ balance: number; limit_used: number }>(
        `SELECT COALESCE((SELECT balance FROM points_account WHERE member_id = $1), 0) AS balance,
                (SELECT COALESCE(sum(quantity), 0)::int FROM mall_order
                  WHERE $3::timestamptz IS NOT NULL AND member_id = $1 AND item_id = $2 AND status <> 'cancelled' AND created_at >= $3) AS limit_used`,
        [member.id, item.id, since],
      )
      return { ...toItem(item, now), balance: mine.balance, limitUsed: mine.limit_used }
    },
  },

  redeem: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      return ctx.db.transaction(async (tx) => {
        // The member's account lock first: one member's redemptions run one at a time, so a
        // retried request finds its own order and per-member limits are counted exactly.
        const { balance, item } = await lockForRedeem(tx, member.id, input.itemId)
        const now = new Date()
        const refusal = item && itemRefusal(item, member.chain, input, now)
        const points = item ? item.price_points * input.quantity : 0
        // Told before points: 已兑完 says more than 积分不足. placeOrder's guarded UPDATE stays the real guard.
        const soldOut = item !== null && item.stock < input.quantity
        const affordable = balance !== null && balance >= points
        const limited = item?.limit_period && item.limit_count ? { period: item.limit_period, count: item.limit_count } : null
        // Written only when nothing known so far refuses it; either way the same statement tells
        // whether this is a retry, which answers before any refusal.
        const order: NewOrder | null = item && !refusal && !soldOut && affordable
          ? {
              quantity: input.quantity,
              points,
              status: item.kind === 'pickup' ? 'pending_pickup' : item.kind === 'delivery' ? 'pending_shipment' : 'completed',
              pickupPoint: item.pickup_point && item.pickup_branch_id !== null ? { id: item.pickup_point.id, branchId: item.pickup_branch_id } : null,
              address: item.kind === 'delivery' ? input.address ?? null : null,
              couponCode: item.kind === 'virtual',
              reason: `兑换：${item.title} ×${input.quantity}`,
              at: now,
              ready: item.kind === 'pickup' && item.pickup_point ? { userId: ctx.caller.userId, item: item.title, place: item.pickup_point } : null,
            }
          : null
        const checks = {
          memberId: member.id,
          itemId: input.itemId,
          requestId: input.requestId,
          limitSince: limited && limitWindowStart(limited.period, now),
          limitCount: limited?.count ?? null,
        }
        for (;;) {
          const placed = await placeOrder(tx, checks, order)
          if (placed.previousId !== null) return replayedRedemption(tx, member.id, placed.previousId)
          if (!item) throw new AppError('NOT_FOUND', '商品不存在')
          if (refusal) throw refusal
          if (limited && placed.taken + input.quantity > limited.count) {
            throw new AppError('LIMIT_REACHED', `该商品${limitNames[limited.period]}限兑 ${limited.count} 件，您已兑换 ${placed.taken} 件`)
          }
          if (soldOut) throw new AppError('SOLD_OUT', item.stock > 0 ? `库存不足，仅剩 ${item.stock} 件` : undefined)
          // Nothing but points is left to refuse it.
          if (!order || balance === null) throw new AppError('INSUFFICIENT_POINTS', `积分不足：需要 ${points}，当前 ${balance ?? 0}`)
          if (!placed.order) {
            if (order.couponCode && !placed.codeFound) throw new AppError('SOLD_OUT')
            // The drawn order number or pickup code was taken and nothing was written: draw again.
            continue
          }
          // Stock went to others since the item was read: throwing rolls the order back.
          if (placed.stockLeft === null) throw new AppError('SOLD_OUT')
          // The locked account covers the points, so the charge was written with the order.
          if (placed.balanceAfter === null) throw new AppError('INTERNAL')
          const created = placed.order
          const placedOrder: Order = {
            id: created.id,
            orderNo: created.order_no,
            item: { id: item.id, title: item.title, kind: item.kind, image: item.image },
            quantity: input.quantity,
            points,
            status: order.status,
            pickupPoint: item.pickup_point,
            pickupCode: created.pickup_code,
            couponCode: created.coupon_code,
            couponValidity: couponValidity(created.coupon_valid_from, created.coupon_valid_until, now),
            delivery: order.address && { ...order.address, phone: maskPhone(order.address.phone) },
            trackingNo: null,
            cancelReason: null,
            createdAt: iso(created.created_at),
            updatedAt: iso(created.created_at),
          }
          return { order: placedOrder, balanceBefore: balance, balanceAfter: placed.balanceAfter, replayed: false }
        }
      })
    },
  },

  myOrders: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      const after = decodeCursor(input.cursor, idCursor)
      const rows = await ctx.db.query<OrderRow>(
        `${orderSelect} WHERE o.member_id = $1 AND ($2::text = 'all' OR o.status = $2) AND ($3::int IS NULL OR o.id < $3)
          ORDER BY o.id DESC LIMIT $4`,
        [member.id, input.status, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toOrder, (r) => ({ i: r.id }))
    },
  },

  myOrder: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      return toOrder(await requireOwnOrder(ctx.db, member.id, input.id))
    },
  },

  cancel: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      return ctx.db.transaction(async (tx) => {
        const order = await requireOwnOrder(tx, member.id, input.id, true)
        // A resend after the cancel went through: the order already is what was asked for.
        if (order.status === 'cancelled') return toOrder(order)
        return toOrder(await cancelLockedOrder(tx, order, ctx.caller.userId, '会员取消'))
      })
    },
  },

  confirmReceived: {
    access: 'member',
    async handler(input, ctx) {
      const member = memberOf(ctx.caller)
      return ctx.db.transaction(async (tx) => {
        const order = await requireOwnOrder(tx, member.id, input.id, true)
        if (order.status === 'completed' && order.item_kind === 'delivery') return toOrder(order)
        if (order.status !== 'shipped') throw new AppError('ORDER_STATE_CONFLICT', '只有已发货的订单可以确认收货')
        await tx.query(`UPDATE mall_order SET status = 'completed', updated_at = now() WHERE id = $1`, [order.id])
        return toOrder(await reloadOrder(tx, order.id))
      })
    },
  },

  manageItems: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, idCursor)
      const now = new Date()
      const rows = await ctx.db.query<ItemRow>(
        `${itemSelect} WHERE ${inSubtreesSql('ob.path', '$1')} AND ($2::int IS NULL OR i.id < $2) ORDER BY i.id DESC LIMIT $3`,
        [scopePaths(ctx.caller, 'mall_operator'), after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, (r) => toManagedItem(r, now), (r) => ({ i: r.id }))
    },
  },

  manageItem: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return toManagedItem(await requireOperatorItem(ctx.db, ctx.caller, input.id), new Date())
    },
  },

  saveItem: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      if (input.saleEnd && new Date(input.saleEnd) <= new Date(input.saleStart)) {
        throw new AppError('VALIDATION_FAILED', '兑换结束时间必须晚于开始时间')
      }
      if ((input.limitPeriod == null) !== (input.limitCount == null)) {
        throw new AppError('VALIDATION_FAILED', '限购周期和限购数量需要同时填写')
      }
      if (input.kind === 'pickup' && !input.pickupPointId) throw new AppError('VALIDATION_FAILED', '自提商品请选择自提点')
      return ctx.db.transaction(async (tx) => {
        const scope = await requireBranchInScope(tx, ctx.caller, 'mall_operator', input.scopeBranchId)
        const pickup = input.kind === 'pickup' && input.pickupPointId ? await requireOperatorPickupPoint(tx, ctx.caller, input.pickupPointId) : null
        const [category] = await tx.query('SELECT 1 FROM mall_category WHERE id = $1', [input.categoryId])
        if (!category) throw new AppError('NOT_FOUND', '商品分类不存在')
        const fields = [
          input.title, input.description, input.categoryId, input.pricePoints,
          input.limitPeriod ?? null, input.limitCount ?? null, input.saleStart, input.saleEnd ?? null,
          scope.id, pickup?.branch.id ?? null, pickup?.id ?? null, input.onSale,
        ]
        // A create resent with its request id finds the item the first send made, and is then
        // saved as an edit of it: the editor keeps one request id for its whole session, so the
        // resend may carry changes made after the lost answer, and they must not be dropped.
        let id = input.id ?? (input.requestId ? await itemMadeBy(tx, ctx.caller.userId, input.requestId) : null)
        let currentImage: number | null = null
        if (id === null) {
          if (pickup?.retired) throw new AppError('PICKUP_POINT_RETIRED')
          const owner = nearestOperatorGrant(ctx.caller, scope.path)
          // A concurrent resend waits on the unique index for the first to commit, then finds the item it made.
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO mall_item (title, description, category_id, price_points, limit_period, limit_count,
               sale_start, sale_end, scope_branch_id, pickup_branch_id, pickup_point_id, on_sale, kind, stock, owner_branch_id, created_by, request_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
            [...fields, input.kind, input.kind === 'virtual' ? 0 : input.initialStock, owner, ctx.caller.userId, input.requestId ?? null],
          )
          id = row?.id ?? (input.requestId ? await itemMadeBy(tx, ctx.caller.userId, input.requestId) : null)
          // No row and no request id to find one by cannot happen: only the request id's index conflicts.
          if (id === null) throw new AppError('INTERNAL')
          if (!row) currentImage = await editItem(tx, ctx.caller, id, input.kind, pickup, input.onSale, fields)
        } else {
          currentImage = await editItem(tx, ctx.caller, id, input.kind, pickup, input.onSale, fields)
        }
        await setItemImage(tx, ctx.caller, id, currentImage, input.imageFileId)
        return reloadManagedItem(tx, id)
      })
    },
  },

  restock: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const item = await requireOperatorItem(tx, ctx.caller, input.itemId)
        if (item.kind === 'virtual') throw new AppError('ITEM_KIND_MISMATCH', '虚拟券的库存来自上传的券码')
        // A resend waits here for the first to commit, then finds its request id taken.
        const [fresh] = await tx.query(
          `INSERT INTO mall_restock (operator_id, request_id, item_id, delta) VALUES ($1, $2, $3, $4)
           ON CONFLICT (operator_id, request_id) DO NOTHING RETURNING 1`,
          [ctx.caller.userId, input.requestId, item.id, input.delta],
        )
        if (!fresh) {
          const [first] = await tx.query<{ item_id: number }>('SELECT item_id FROM mall_restock WHERE operator_id = $1 AND request_id = $2', [ctx.caller.userId, input.requestId])
          if (first?.item_id !== item.id) throw new AppError('VALIDATION_FAILED', '请求编号已用于其他商品')
          return reloadManagedItem(tx, item.id)
        }
        await addStock(tx, item.id, input.delta)
        await audit(tx, { actor: ctx.caller.userId, action: 'mall.restock', targetType: 'mall_item', targetIds: [item.id], detail: { delta: input.delta } })
        return reloadManagedItem(tx, item.id)
      })
    },
  },

  uploadCodes: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const item = await requireOperatorItem(tx, ctx.caller, input.itemId)
        if (item.kind !== 'virtual') throw new AppError('ITEM_KIND_MISMATCH', '只有虚拟券可以上传券码')
        if (input.validFrom && input.validFrom > input.validUntil) throw new AppError('VALIDATION_FAILED', '有效期开始日期不能晚于结束日期')
        // Codes that are dead on arrival would be handed to members as if they worked.
        if (input.validUntil < shanghaiDay(new Date())) throw new AppError('VALIDATION_FAILED', '有效期已过，请核对券码的有效期')
        const added = await tx.query<{ id: number }>(
          `INSERT INTO mall_coupon_code (item_id, code, valid_from, valid_until) SELECT $1, code, $3::date, $4::date FROM unnest($2::text[]) AS code
           ON CONFLICT (item_id, code) DO NOTHING RETURNING id`,
          [item.id, input.codes, input.validFrom ?? null, input.validUntil],
        )
        const stocked = await addStock(tx, item.id, added.length)
        await audit(tx, {
          actor: ctx.caller.userId,
          action: 'mall.uploadCodes',
          targetType: 'mall_item',
          targetIds: [item.id],
          detail: { added: added.length, validFrom: input.validFrom ?? null, validUntil: input.validUntil },
        })
        return { itemId: item.id, added: added.length, duplicates: input.codes.length - added.length, stock: stocked }
      })
    },
  },

  orderQueue: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, idCursor)
      // Pickup and shipping queues are worked oldest first; the full list reads newest first.
      const ascending = input.queue !== 'all'
      const rows = await ctx.db.query<OrderRow>(
        `${orderSelect} WHERE ${queueFilters[input.queue]} AND ($2::int IS NULL OR o.id ${ascending ? '>' : '<'} $2)
          ORDER BY o.id ${ascending ? 'ASC' : 'DESC'} LIMIT $3`,
        [scopePaths(ctx.caller, 'mall_operator'), after?.i ?? null, input.limit + 1],
      )
      const page = pageOf(rows, input.limit, toQueueOrder, (r) => ({ i: r.id }))
      const revealed = page.items.filter((o) => o.address).map((o) => o.id)
      if (revealed.length) {
        await audit(ctx.db, { actor: ctx.caller.userId, action: 'mall.readAddresses', targetType: 'mall_order', targetIds: revealed })
      }
      return page
    },
  },

  verifyPickup: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      // Eight digits can be guessed by someone trying long enough: wrong codes are counted.
      const [recent] = await ctx.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE actor_user_id = $1 AND action = 'mall.verifyPickupFailed' AND created_at > now() - interval '10 minutes'`,
        [ctx.caller.userId],
      )
      if (recent.n >= verifyAttemptLimit) throw new AppError('TOO_MANY_ATTEMPTS')
      try {
        return await ctx.db.transaction(async (tx) => {
          const paths = scopePaths(ctx.caller, 'mall_operator')
          // A live code of another operator's pickup point reads as a wrong code: codes cannot be probed.
          const [found] = await tx.query<{ id: number }>(
            `SELECT o.id FROM mall_order o JOIN branch pb ON pb.id = o.pickup_branch_id
              WHERE o.pickup_code = $1 AND o.status = 'pending_pickup' AND ${inSubtreesSql('pb.path', '$2')} FOR UPDATE OF o`,
            [input.code, paths],
          )
          if (!found) {
            // This operator verified it moments ago and the answer was lost: the completed order again, not a failure.
            const [done] = await tx.query<{ id: number }>(
              `SELECT id FROM mall_order
                WHERE pickup_code = $1 AND status = 'completed' AND fulfilled_by = $2 AND updated_at > now() - make_interval(mins => $3::int)
                ORDER BY updated_at DESC LIMIT 1`,
              [input.code, ctx.caller.userId, pickupReplayMinutes],
            )
            if (done) return { ...toQueueOrder(await reloadOrder(tx, done.id)), replayed: true }
            // Used, cancelled, never issued or not this operator's: a code verifies exactly once.
            throw new AppError('PICKUP_CODE_INVALID')
          }
          await tx.query(`UPDATE mall_order SET status = 'completed', fulfilled_by = $2, updated_at = now() WHERE id = $1`, [found.id, ctx.caller.userId])
          return { ...toQueueOrder(await reloadOrder(tx, found.id)), replayed: false }
        })
      } catch (error) {
        // Recorded outside the refused transaction, which rolls back.
        if (error instanceof AppError && error.code === 'PICKUP_CODE_INVALID') {
          await audit(ctx.db, { actor: ctx.caller.userId, action: 'mall.verifyPickupFailed', targetType: 'mall_order', targetIds: [] })
        }
        throw error
      }
    },
  },

  ship: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const order = await requireOperatorOrder(tx, ctx.caller, input.id)
        // The same tracking number again is a resend of this shipment, not a second one.
        if (order.status === 'shipped' && order.tracking_no === input.trackingNo) return toQueueOrder(order)
        if (order.status !== 'pending_shipment') throw new AppError('ORDER_STATE_CONFLICT', '只有待发货的订单可以发货')
        await tx.query(
          `UPDATE mall_order SET status = 'shipped', tracking_no = $2, fulfilled_by = $3, updated_at = now() WHERE id = $1`,
          [order.id, input.trackingNo, ctx.caller.userId],
        )
        const shipped = await reloadOrder(tx, order.id)
        await notifyOrderChange(tx, shipped)
        return toQueueOrder(shipped)
      })
    },
  },

  operatorCancel: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const order = await requireOperatorOrder(tx, ctx.caller, input.id)
        if (order.status === 'cancelled') return toQueueOrder(order)
        const cancelled = await cancelLockedOrder(tx, order, ctx.caller.userId, input.reason)
        await notifyOrderChange(tx, cancelled)
        return toQueueOrder(cancelled)
      })
    },
  },

  stats: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(_input, ctx) {
      const paths = scopePaths(ctx.caller, 'mall_operator')
      const items = await ctx.db.query<ItemStats>(
        `SELECT i.id AS "itemId", i.title, count(o.id)::int AS orders,
                COALESCE(sum(o.quantity), 0)::int AS quantity, COALESCE(sum(o.points), 0)::int AS points
           FROM mall_item i JOIN branch ob ON ob.id = i.owner_branch_id
           LEFT JOIN mall_order o ON o.item_id = i.id AND o.status <> 'cancelled'
          WHERE ${inSubtreesSql('ob.path', '$1')}
          GROUP BY i.id ORDER BY points DESC, i.id LIMIT 200`,
        [paths],
      )
      // Per branch one level below the operator's (highest) grant: per town for a county operator.
      const top = paths.sort((a, b) => a.length - b.length)[0]
      const depth = top.split('/').filter(Boolean).length
      const branches = await ctx.db.query<{ branch: BranchRef; orders: number; points: number }>(
        `WITH per AS (
           SELECT COALESCE(NULLIF(split_part(mb.path, '/', $2 + 2), '')::int, $3::int) AS branch_id, o.points
             FROM mall_order o
             JOIN mall_item i ON i.id = o.item_id JOIN branch ob ON ob.id = i.owner_branch_id
             JOIN member m ON m.id = o.member_id JOIN branch mb ON mb.id = m.branch_id
            WHERE o.status <> 'cancelled' AND ${inSubtreesSql('ob.path', '$1')} AND mb.path >= $4 COLLATE "C" AND mb.path < ($4 || '~') COLLATE "C"
         )
         SELECT json_build_object('id', b.id, 'name', b.name, 'fullName', b.full_name, 'level', b.level) AS branch,
                count(*)::int AS orders, sum(per.points)::int AS points
           FROM per JOIN branch b ON b.id = per.branch_id
          GROUP BY b.id ORDER BY points DESC LIMIT 200`,
        [paths, depth, Number(top.split('/').filter(Boolean).pop()), top],
      )
      return { items, branches }
    },
  },

  pickupPoints: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      const after = decodeCursor(input.cursor, idCursor)
      const rows = await ctx.db.query<PickupPointRow>(
        `${pickupPointSelect} WHERE ${inSubtreesSql('b.path', '$1')} AND ($2 OR p.retired_at IS NULL) AND ($3::int IS NULL OR p.id < $3)
          ORDER BY p.id DESC LIMIT $4`,
        [scopePaths(ctx.caller, 'mall_operator'), input.includeRetired, after?.i ?? null, input.limit + 1],
      )
      return pageOf(rows, input.limit, toManagedPickupPoint, (r) => ({ i: r.id }))
    },
  },

  createPickupPoint: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const branch = await requireBranchInScope(tx, ctx.caller, 'mall_operator', input.branchId)
        // A concurrent resend waits on the unique index for the first to commit, then finds the point it made.
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO mall_pickup_point (branch_id, name, address, opening_hours, phone, created_by, request_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (created_by, request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING id`,
          [branch.id, input.name, input.address, input.openingHours, input.phone, ctx.caller.userId, input.requestId],
        )
        const [made] = row
          ? [row]
          : await tx.query<{ id: number }>('SELECT id FROM mall_pickup_point WHERE created_by = $1 AND request_id = $2', [ctx.caller.userId, input.requestId])
        return savedPickupPoint(tx, made.id)
      })
    },
  },

  updatePickupPoint: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const point = await requireOperatorPickupPoint(tx, ctx.caller, input.id, true)
        await tx.query(
          'UPDATE mall_pickup_point SET name = $2, address = $3, opening_hours = $4, phone = $5, updated_at = now() WHERE id = $1',
          [point.id, input.name, input.address, input.openingHours, input.phone],
        )
        return savedPickupPoint(tx, point.id)
      })
    },
  },

  retirePickupPoint: {
    access: 'roles',
    roles: ['mall_operator'],
    async handler(input, ctx) {
      return ctx.db.transaction(async (tx) => {
        const point = await requireOperatorPickupPoint(tx, ctx.caller, input.id, true)
        // A resend after the first went through: it already is what was asked for.
        if (point.retired) return toManagedPickupPoint(point)
        const refusal = await retireRefusal(tx, point.id)
        if (refusal) throw refusal
        await tx.query('UPDATE mall_pickup_point SET retired_at = now(), updated_at = now() WHERE id = $1', [point.id])
        return toManagedPickupPoint({ ...point, retired: true })
      })
    },
  },
}
