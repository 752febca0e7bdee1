import type { CouponValidity, ItemKind, MallItem, MallItemDetail, OrderStatus, PickupPoint, SaleState } from '../shared/api'
import { monthDayTimeText } from './time'

export const itemKindNames: Record<ItemKind, string> = {
  pickup: '到店自提',
  delivery: '快递配送',
  virtual: '电子券码',
}

export const orderStatusNames: Record<OrderStatus, string> = {
  pending_pickup: '待自提',
  pending_shipment: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
}

export type LimitPeriod = NonNullable<MallItem['limit']>['period']

export const limitPeriodNames: Record<LimitPeriod, string> = { day: '每日', month: '每月', lifetime: '每人累计' }

/** "每月限兑 1 件"; null when the item has no limit. */
export function limitText(limit: MallItem['limit']): string | null {
  if (!limit) return null
  return limit.period === 'lifetime' ? `每人限兑 ${limit.count} 件` : `${limitPeriodNames[limit.period]}限兑 ${limit.count} 件`
}

const saleStateNames: Record<Exclude<SaleState, 'on_sale' | 'not_started'>, string> = {
  sold_out: '已兑完',
  ended: '已结束',
  off_shelf: '已下架',
}

/** The tag on an item that cannot be redeemed now; null while it is on sale. */
export function saleStateText(item: Pick<MallItem, 'saleState' | 'saleStart'>): string | null {
  if (item.saleState === 'on_sale') return null
  if (item.saleState === 'not_started') return '即将开始'
  return saleStateNames[item.saleState]
}

/** Why the redeem button is off, in full: "即将开始，12月1日 09:00 开兑". */
export function redeemBlockedText(item: Pick<MallItem, 'saleState' | 'saleStart'>): string | null {
  if (item.saleState === 'not_started') return `即将开始，${monthDayTimeText(item.saleStart)} 开兑`
  return saleStateText(item)
}

/** Order states the member may still cancel: nothing has been handed over or shipped. */
export function isCancellable(status: OrderStatus): boolean {
  return status === 'pending_pickup' || status === 'pending_shipment'
}

/** 26112248210937 → "261122 4821 0937": the date, then the digits in fours, as people read numbers out. */
export function orderNoText(orderNo: string): string {
  return `${orderNo.slice(0, 6)} ${orderNo.slice(6, 10)} ${orderNo.slice(10)}`
}

/** Words for "used so far in this limit period": 今日已兑换 1/1, 本月已兑换 1/1, 已兑换 2/2. */
const limitUsedNames: Record<LimitPeriod, string> = { day: '今日已兑换', month: '本月已兑换', lifetime: '已兑换' }

/**
 * How many the member may redeem at once now: the per-redemption cap, the stock, what the limit
 * leaves and what the balance pays for. Below 1 means not even one.
 */
export function redeemableQuantity(item: Pick<MallItemDetail, 'kind' | 'stock' | 'limit' | 'limitUsed' | 'pricePoints'>, balance: number, perRedeem: number): number {
  const limitLeft = item.limit ? item.limit.count - item.limitUsed : Infinity
  const affordable = Math.floor(balance / item.pricePoints)
  return Math.min(item.kind === 'virtual' ? 1 : perRedeem, item.stock, limitLeft, affordable)
}

/**
 * Why this member cannot redeem the item, said before they open the sheet: the limit used up
 * (本月已兑换 1/1) or not enough points (积分不足（还差 245 积分）). Null when they can; the
 * item's own state (sold out, not started) is redeemBlockedText's.
 */
export function memberBlockedText(item: Pick<MallItemDetail, 'limit' | 'limitUsed' | 'pricePoints'>, balance: number): string | null {
  if (item.limit && item.limitUsed >= item.limit.count) return `${limitUsedNames[item.limit.period]} ${item.limitUsed}/${item.limit.count}`
  if (balance < item.pricePoints) return `积分不足（还差 ${item.pricePoints - balance} 积分）`
  return null
}

/** 有效期至 2026-12-31, or 有效期 2026-11-22 至 2027-02-20; expired ones say so. */
export function couponValidityText(validity: CouponValidity): string {
  const range = validity.from ? `有效期 ${validity.from} 至 ${validity.until}` : `有效期至 ${validity.until}`
  return validity.expired ? `已过期（${range}）` : range
}

/** A pickup point as the member reads it, leaving out what the operator has not filled in. */
export function pickupPointLines(point: PickupPoint): { label: string; value: string }[] {
  return [
    { label: '自提点', value: point.name },
    { label: '地址', value: point.address },
    { label: '开放时间', value: point.openingHours },
    { label: '联系电话', value: point.phone },
  ].filter((line) => line.value !== '')
}
