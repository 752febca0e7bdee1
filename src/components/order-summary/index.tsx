import { Text, View } from '@tarojs/components'
import type { Order } from '../../shared/api'
import { itemKindNames, orderStatusNames } from '../../utils/mall-labels'
import { dateTimeText } from '../../utils/time'
import { ItemImage } from '../item-image'
import './index.scss'

/** What was redeemed, for how much, and where the order stands: the head of every order view. */
export function OrderSummary({ order, onClick }: { order: Order; onClick?: () => void }) {
  return (
    <View className='order-summary' onClick={onClick}>
      <ItemImage className='order-summary__image' src={order.item.image} title={order.item.title} kind={order.item.kind} />
      <View className='order-summary__body'>
        <Text className='order-summary__title'>{order.item.title}</Text>
        <Text className='order-summary__meta'>
          {itemKindNames[order.item.kind]} · {order.quantity} 件 · {order.points} 积分
        </Text>
        <Text className='order-summary__time'>{dateTimeText(order.createdAt)}</Text>
      </View>
      <Text className={`order-status order-status--${order.status}`}>{orderStatusNames[order.status]}</Text>
    </View>
  )
}
