import type { ItemKind, MallItem, OrderStatus, SaleState } from '../shared/api'
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
