import { z } from 'zod'
import { cursorSchema, earliestYear, emptyInput, idSchema, isoTimeSchema, latestYear, limitSchema, plainText } from './common'
import type { BranchRef } from './common'
import { personNameSchema, phoneNumberSchema } from './form-checks'
import type { Page } from '../errors'
import { requestIdSchema } from './points'

/** A calendar day, e.g. 2026-12-31. */
const dateSchema = z.iso.date({ error: '日期格式不正确' }).refine((day) => {
  const year = Number(day.slice(0, 4))
  return year >= earliestYear && year <= latestYear
}, `日期须在 ${earliestYear} 年至 ${latestYear} 年之间`)

/** Mobile numbers, or landlines with their area code (0573-82345678). */
const contactPhone = z.string({ error: '请填写联系电话' }).trim().regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写手机号码或带区号的固定电话')

const pickupPointFields = z.object({
  /** The branch that runs the point: operators of it or above manage it and verify its pickups. */
  branchId: idSchema,
  name: plainText({ min: 2, minMessage: '自提点名称至少 2 个字', max: 40, maxMessage: '自提点名称不超过 40 字' }),
  address: plainText({ min: 5, minMessage: '请填写详细地址', max: 100, maxMessage: '地址不超过 100 字' }),
  openingHours: plainText({ min: 2, minMessage: '请填写开放时间', max: 60, maxMessage: '开放时间不超过 60 字' }),
  phone: contactPhone,
})

const points = z.number({ error: '积分必须是数字' }).int('积分必须是整数').min(1, '兑换积分至少为 1').max(1_000_000, '兑换积分过大')

export const mallSchemas = {
  categories: emptyInput,
  /** Items visible to the member (their branch lies in the item's scope), by category. */
  items: z.object({ categoryId: idSchema.nullish(), cursor: cursorSchema, limit: limitSchema }).strict(),
  item: z.object({ id: idSchema }).strict(),
  redeem: z.object({
    itemId: idSchema,
    quantity: z.number({ error: '数量必须是数字' }).int('数量必须是整数').min(1, '数量至少为 1').max(10, '单次最多兑换 10 件'),
    requestId: requestIdSchema,
    /** Delivery items only. */
    address: z.object({
      name: personNameSchema('收件人'),
      phone: phoneNumberSchema,
      address: plainText({ min: 5, minMessage: '请填写详细地址', max: 200, maxMessage: '地址不超过 200 字' }),
    }).strict().nullish(),
  }).strict(),
  myOrders: z.object({
    status: z.enum(['all', 'pending_pickup', 'pending_shipment', 'shipped', 'completed', 'cancelled']).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  myOrder: z.object({ id: idSchema }).strict(),
  /** The member's own cancel, before fulfilment. */
  cancel: z.object({ id: idSchema }).strict(),
  /** The member confirms a shipped parcel arrived. */
  confirmReceived: z.object({ id: idSchema }).strict(),

  // Mall operator, scoped to a branch subtree.
  manageItems: z.object({ cursor: cursorSchema, limit: limitSchema }).strict(),
  manageItem: z.object({ id: idSchema }).strict(),
  saveItem: z.object({
    id: idSchema.nullish(),
    /** New items only: a resend finds the item the first send created. */
    requestId: requestIdSchema.nullish(),
    title: plainText({ min: 2, minMessage: '商品名称至少 2 个字', max: 40, maxMessage: '商品名称不超过 40 字' }),
    description: plainText({ max: 1000, maxMessage: '商品介绍不超过 1000 字', multiline: true }).default(''),
    categoryId: idSchema,
    kind: z.enum(['pickup', 'delivery', 'virtual'], { error: '请选择商品类型' }),
    pricePoints: points,
    /**
     * The goods image, uploaded first (file.uploadTicket, purpose goods_image) and attached here.
     * Absent: the item keeps the image it has (a new item has none); null: no image.
     */
    imageFileId: idSchema.nullish(),
    limitPeriod: z.enum(['day', 'month', 'lifetime']).nullish(),
    limitCount: z.number().int().min(1, '限购数量至少为 1').max(100).nullish(),
    saleStart: isoTimeSchema,
    saleEnd: isoTimeSchema.nullish(),
    /** Members of this branch and below see the item. */
    scopeBranchId: idSchema,
    /** Pickup items: the pickup point where members collect them. */
    pickupPointId: idSchema.nullish(),
    /** Initial stock of a new physical item; virtual stock comes from uploaded codes. */
    initialStock: z.number().int().min(0).max(1_000_000).default(0),
    onSale: z.boolean().default(true),
  }).strict(),
  restock: z.object({
    itemId: idSchema,
    delta: z.number({ error: '数量必须是数字' }).int('数量必须是整数').min(1, '补货数量至少为 1').max(1_000_000, '补货数量过大'),
    requestId: requestIdSchema,
  }).strict(),
  uploadCodes: z.object({
    itemId: idSchema,
    /** The batch's validity, printed on the coupons: members see it on their order. */
    validFrom: dateSchema.nullish(),
    validUntil: dateSchema,
    codes: z.array(z.string().trim().min(4, '券码至少 4 位').max(64, '券码不超过 64 位').regex(/^[\x21-\x7e]+$/, '券码只能包含字母、数字和符号')).min(1, '请至少上传 1 个券码').max(1000, '单次最多上传 1000 个券码'),
  }).strict(),
  orderQueue: z.object({
    queue: z.enum(['pickup', 'shipping', 'all']).default('all'),
    cursor: cursorSchema,
    limit: limitSchema,
  }).strict(),
  verifyPickup: z.object({ code: z.string().trim().regex(/^\d{8}$/, '核销码为 8 位数字') }).strict(),
  ship: z.object({ id: idSchema, trackingNo: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, '请填写正确的快递单号') }).strict(),
  operatorCancel: z.object({ id: idSchema, reason: plainText({ min: 2, minMessage: '请填写取消原因', max: 100, maxMessage: '取消原因不超过 100 字' }) }).strict(),
  stats: emptyInput,

  // Pickup points of the branches in the operator's scope.
  pickupPoints: z.object({ includeRetired: z.boolean().default(false), cursor: cursorSchema, limit: limitSchema }).strict(),
  createPickupPoint: pickupPointFields.extend({ requestId: requestIdSchema }).strict(),
  /** The branch stays: its operators verify the pickups waiting there. */
  updatePickupPoint: pickupPointFields.omit({ branchId: true }).extend({ id: idSchema }).strict(),
  /** Members can no longer be sent there; orders that name it keep it. */
  retirePickupPoint: z.object({ id: idSchema }).strict(),
}

export type ItemKind = 'pickup' | 'delivery' | 'virtual'
export type OrderStatus = 'pending_pickup' | 'pending_shipment' | 'shipped' | 'completed' | 'cancelled'
/** 已兑完 / 即将开始 / 已结束 are shown on the item; only on_sale can be redeemed. */
export type SaleState = 'on_sale' | 'sold_out' | 'not_started' | 'ended' | 'off_shelf'

export interface Category {
  id: number
  name: string
}

export interface PickupPoint {
  id: number
  name: string
  address: string
  /** Empty while the operator has not filled it in. */
  openingHours: string
  phone: string
}

export interface ManagedPickupPoint extends PickupPoint {
  branch: BranchRef
  retired: boolean
}

export interface MallItem {
  id: number
  title: string
  description: string
  category: Category
  kind: ItemKind
  pricePoints: number
  stock: number
  /** The goods image first: an uploaded file's public URL, or a URL typed in before uploads existed. */
  images: string[]
  /** A small copy of the first image for lists and orders; null for images set by URL. */
  thumbUrl: string | null
  limit: { period: 'day' | 'month' | 'lifetime'; count: number } | null
  saleStart: string
  saleEnd: string | null
  saleState: SaleState
  pickupPoint: PickupPoint | null
}

/** The item page: the item, and what this member can still redeem of it. */
export interface MallItemDetail extends MallItem {
  balance: number
  /** Quantity of the member's live orders of this item in the current limit period; 0 without a limit. */
  limitUsed: number
}

/** A coupon's validity, as calendar days (Asia/Shanghai). */
export interface CouponValidity {
  from: string | null
  until: string
  /** The last valid day has passed. */
  expired: boolean
}

export interface Order {
  id: number
  /** yyMMdd + 8 random digits: what members and staff read out; ids stay internal. */
  orderNo: string
  item: { id: number; title: string; kind: ItemKind; image: string | null }
  quantity: number
  points: number
  status: OrderStatus
  pickupPoint: PickupPoint | null
  /** Pickup orders while waiting for pickup: shown as text and as a QR code. */
  pickupCode: string | null
  /** Virtual orders: the coupon code, revealed to its owner only. */
  couponCode: string | null
  /** Virtual orders: null for codes uploaded before validity was recorded. */
  couponValidity: CouponValidity | null
  /** Delivery orders, to their member: where the parcel goes, the phone masked (138****1234). */
  delivery: { name: string; phone: string; address: string } | null
  trackingNo: string | null
  cancelReason: string | null
  createdAt: string
  updatedAt: string
}

export interface RedeemResult {
  order: Order
  balanceBefore: number
  balanceAfter: number
  /** True when this request id had already been redeemed: nothing was charged again. */
  replayed: boolean
}

export interface QueueOrder extends Order {
  member: { name: string; memberNo: string; branchName: string }
  /** Shipping queue only: revealed to the operator who ships it (logged). */
  address: { name: string; phone: string; address: string } | null
}

export interface PickupVerification extends QueueOrder {
  /**
   * True when this operator had already verified the code (a resend after a lost answer, or the
   * same code shown twice at the counter): the goods were handed over then, not now.
   */
  replayed: boolean
}

export interface ManagedItem extends MallItem {
  scope: BranchRef
  owner: BranchRef
  onSale: boolean
  codesAvailable: number | null
  /** The uploaded image's file; null for none or an image set by URL before uploads existed. */
  imageFileId: number | null
}

export interface ItemStats {
  itemId: number
  title: string
  orders: number
  quantity: number
  points: number
}

export interface BranchStats {
  branch: BranchRef
  orders: number
  points: number
}

export interface MallOutputs {
  categories: Category[]
  items: Page<MallItem>
  item: MallItemDetail
  redeem: RedeemResult
  myOrders: Page<Order>
  myOrder: Order
  cancel: Order
  confirmReceived: Order
  manageItems: Page<ManagedItem>
  manageItem: ManagedItem
  saveItem: ManagedItem
  restock: ManagedItem
  uploadCodes: { itemId: number; added: number; duplicates: number; stock: number }
  orderQueue: Page<QueueOrder>
  verifyPickup: PickupVerification
  ship: QueueOrder
  operatorCancel: QueueOrder
  stats: { items: ItemStats[]; branches: BranchStats[] }
  pickupPoints: Page<ManagedPickupPoint>
  createPickupPoint: ManagedPickupPoint
  updatePickupPoint: ManagedPickupPoint
  retirePickupPoint: ManagedPickupPoint
}
