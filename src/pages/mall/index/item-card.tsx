import { Text, View } from '@tarojs/components'
import { ItemImage } from '../../../components/item-image'
import { SaleTag } from '../../../components/sale-tag'
import type { MallItem } from '../../../shared/api'
import { itemKindNames } from '../../../utils/mall-labels'
import { monthDayTimeText } from '../../../utils/time'

export function ItemCard({ item, onOpen }: { item: MallItem; onOpen: (item: MallItem) => void }) {
  return (
    <View className={`item-card item-card--${item.saleState}`} onClick={() => onOpen(item)}>
      <View className='item-card__picture'>
        <ItemImage className='item-card__image' src={item.thumbUrl ?? item.images[0]} title={item.title} kind={item.kind} caption={item.category.name} />
        <SaleTag className='item-card__tag' item={item} />
      </View>
      <View className='item-card__body'>
        <Text className='item-card__title'>{item.title}</Text>
        <View className='item-card__price'>
          <Text className='item-card__points'>{item.pricePoints}</Text>
          <Text className='item-card__unit'>积分</Text>
        </View>
        <Text className='item-card__meta'>
          {item.saleState === 'not_started'
            ? `${monthDayTimeText(item.saleStart)} 开兑`
            : `${itemKindNames[item.kind]} · 库存 ${item.stock}`}
        </Text>
      </View>
    </View>
  )
}
