import { Text } from '@tarojs/components'
import type { MallItem } from '../../shared/api'
import { saleStateText } from '../../utils/mall-labels'
import './index.scss'

/** 已兑完 / 即将开始 / 已结束 / 已下架; nothing while the item is on sale. */
export function SaleTag({ item, className }: { item: Pick<MallItem, 'saleState' | 'saleStart'>; className?: string }) {
  const text = saleStateText(item)
  if (!text) return null
  return <Text className={`sale-tag sale-tag--${item.saleState}${className ? ` ${className}` : ''}`}>{text}</Text>
}
