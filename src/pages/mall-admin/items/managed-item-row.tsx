import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { ItemImage } from '../../../components/item-image'
import { SaleTag } from '../../../components/sale-tag'
import type { ManagedItem } from '../../../shared/api'
import { itemKindNames, limitText } from '../../../utils/mall-labels'
import { dateTimeText } from '../../../utils/time'

export type ItemCommand = 'edit' | 'restock' | 'codes'

interface ManagedItemRowProps {
  item: ManagedItem
  onCommand: (item: ManagedItem, command: ItemCommand) => void
}

export function ManagedItemRow({ item, onCommand }: ManagedItemRowProps) {
  const limit = limitText(item.limit)
  return (
    <View className={`managed-item managed-item--${item.saleState}`}>
      <View className='managed-item__head'>
        <ItemImage className='managed-item__image' src={item.thumbUrl ?? item.images[0]} title={item.title} kind={item.kind} />
        <View className='managed-item__text'>
          <View className='managed-item__title-line'>
            <Text className='managed-item__title'>{item.title}</Text>
            <SaleTag item={item} />
          </View>
          <Text className='managed-item__price'>
            {item.pricePoints} 积分 · {itemKindNames[item.kind]} · {item.category.name}
          </Text>
          <Text className='managed-item__stock'>
            {item.kind === 'virtual' ? `可用券码 ${item.codesAvailable ?? item.stock} 个` : `库存 ${item.stock}`}
            {limit ? ` · ${limit}` : ''}
          </Text>
        </View>
      </View>
      <View className='managed-item__facts'>
        <Text>可兑范围：{item.scope.fullName}</Text>
        {item.pickupPoint && <Text>自提点：{item.pickupPoint.name}</Text>}
        <Text>
          兑换时间：{dateTimeText(item.saleStart)} 起{item.saleEnd ? ` 至 ${dateTimeText(item.saleEnd)}` : ''}
        </Text>
      </View>
      <View className='managed-item__actions'>
        <Button className='managed-item__edit' size='small' onClick={() => onCommand(item, 'edit')}>
          编辑
        </Button>
        {item.kind === 'virtual' ? (
          <Button className='managed-item__codes' size='small' type='primary' onClick={() => onCommand(item, 'codes')}>
            上传券码
          </Button>
        ) : (
          <Button className='managed-item__restock' size='small' type='primary' onClick={() => onCommand(item, 'restock')}>
            补货
          </Button>
        )}
      </View>
    </View>
  )
}
