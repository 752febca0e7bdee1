import dayjs from 'dayjs'
import { dateTimeValueOf, isoOfDateTime } from '../../../components/datetime-field/datetime-value'
import type { DateTimeValue } from '../../../components/datetime-field/datetime-value'
import type { ActionInput, BranchRef, ItemKind, ManagedItem, PickupPoint } from '../../../shared/api'
import type { LimitPeriod } from '../../../utils/mall-labels'
import type { ShownImage } from '../../../components/image-upload'

/** The editor's form state: text fields stay strings until they are checked. */
export interface Draft {
  title: string
  description: string
  categoryId: number | null
  kind: ItemKind | null
  pricePoints: string
  /** None or one: the goods image as the editor shows it. */
  image: ShownImage[]
  limitPeriod: LimitPeriod | 'none'
  limitCount: string
  saleStart: DateTimeValue
  hasEnd: boolean
  saleEnd: DateTimeValue
  scope: BranchRef | null
  pickupPoint: PickupPoint | null
  initialStock: string
  onSale: boolean
}

export type DraftField = keyof Draft
export type DraftErrors = Partial<Record<DraftField, string>>

export function newDraft(now = dayjs()): Draft {
  // On sale from now unless the operator picks a later start.
  const start = now.startOf('minute')
  return {
    title: '',
    description: '',
    categoryId: null,
    kind: null,
    pricePoints: '',
    image: [],
    limitPeriod: 'none',
    limitCount: '1',
    saleStart: dateTimeValueOf(start),
    hasEnd: false,
    saleEnd: dateTimeValueOf(start.add(30, 'day')),
    scope: null,
    pickupPoint: null,
    initialStock: '',
    onSale: true,
  }
}

export function draftOf(item: ManagedItem): Draft {
  return {
    title: item.title,
    description: item.description,
    categoryId: item.category.id,
    kind: item.kind,
    pricePoints: String(item.pricePoints),
    image: item.images[0] ? [{ fileId: item.imageFileId, url: item.images[0], thumbUrl: item.thumbUrl }] : [],
    limitPeriod: item.limit?.period ?? 'none',
    limitCount: String(item.limit?.count ?? 1),
    saleStart: dateTimeValueOf(item.saleStart),
    hasEnd: item.saleEnd !== null,
    saleEnd: dateTimeValueOf(item.saleEnd ?? dayjs(item.saleStart).add(30, 'day')),
    scope: item.scope,
    pickupPoint: item.pickupPoint,
    initialStock: '',
    onSale: item.onSale,
  }
}

const wholeNumber = (text: string, min: number, max: number) => /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max

/** The contract's limits (src/shared/api/mall.ts) and the server's cross-field rules. */
export function validateDraft(d: Draft, creating: boolean): DraftErrors {
  const errors: DraftErrors = {}
  const title = d.title.trim()
  if (title.length < 2 || title.length > 40) errors.title = '商品名称为 2–40 字'
  if (d.description.trim().length > 1000) errors.description = '商品介绍不超过 1000 字'
  if (d.categoryId === null) errors.categoryId = '请选择分类'
  if (d.kind === null) errors.kind = '请选择商品类型'
  if (!wholeNumber(d.pricePoints.trim(), 1, 1_000_000)) errors.pricePoints = '请填写 1–1000000 的整数'
  if (d.limitPeriod !== 'none' && !wholeNumber(d.limitCount.trim(), 1, 100)) errors.limitCount = '限兑数量为 1–100'
  if (d.hasEnd && !dayjs(isoOfDateTime(d.saleEnd)).isAfter(isoOfDateTime(d.saleStart))) errors.saleEnd = '结束时间必须晚于开始时间'
  if (!d.scope) errors.scope = '请选择可兑范围'
  if (d.kind === 'pickup' && !d.pickupPoint) errors.pickupPoint = '自提商品请选择自提点'
  if (creating && d.kind !== 'virtual' && !wholeNumber(d.initialStock.trim() || '0', 0, 1_000_000)) errors.initialStock = '请填写 0–1000000 的整数'
  return errors
}

/** The saveItem input for a draft that passed validateDraft; null if it did not. */
export function saveInput(d: Draft, id: number | null): ActionInput<'mall', 'saveItem'> | null {
  if (d.categoryId === null || d.kind === null || !d.scope) return null
  const image = d.image[0]
  return {
    id,
    title: d.title.trim(),
    description: d.description.trim(),
    categoryId: d.categoryId,
    kind: d.kind,
    pricePoints: Number(d.pricePoints.trim()),
    // A picture set by URL before uploads existed has no file: left out, the item keeps it.
    imageFileId: image ? (image.fileId ?? undefined) : null,
    limitPeriod: d.limitPeriod === 'none' ? null : d.limitPeriod,
    limitCount: d.limitPeriod === 'none' ? null : Number(d.limitCount.trim()),
    saleStart: isoOfDateTime(d.saleStart),
    saleEnd: d.hasEnd ? isoOfDateTime(d.saleEnd) : null,
    scopeBranchId: d.scope.id,
    pickupPointId: d.kind === 'pickup' ? (d.pickupPoint?.id ?? null) : null,
    initialStock: d.kind === 'virtual' ? 0 : Number(d.initialStock.trim() || '0'),
    onSale: d.onSale,
  }
}
