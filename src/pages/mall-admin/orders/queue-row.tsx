import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { OrderSummary } from '../../../components/order-summary'
import type { QueueOrder } from '../../../shared/api'
import { isCancellable, orderNoText } from '../../../utils/mall-labels'

export type QueueCommand = 'ship' | 'cancel'

interface QueueRowProps {
  order: QueueOrder
  onCommand: (order: QueueOrder, command: QueueCommand) => void
}

export function QueueRow({ order: o, onCommand }: QueueRowProps) {
  return (
    <View className={`queue-row queue-row--${o.status}`}>
      <OrderSummary order={o} />
      <View className='queue-row__facts'>
        <Text className='queue-row__no'>订单编号：{orderNoText(o.orderNo)}</Text>
        <Text>
          会员：{o.member.name}（{o.member.memberNo}）
        </Text>
        <Text>所属工会：{o.member.branchName}</Text>
        {o.pickupPoint && <Text>自提点：{o.pickupPoint.name}</Text>}
        {o.trackingNo && <Text>快递单号：{o.trackingNo}</Text>}
        {o.cancelReason && <Text>取消原因：{o.cancelReason}</Text>}
      </View>
      {o.address && (
        <View className='queue-row__address'>
          {/* The full phone, for the courier: reading it is logged (orderQueue). */}
          <Text className='queue-row__address-who'>
            收件人：{o.address.name} {o.address.phone}
          </Text>
          <Text>{o.address.address}</Text>
        </View>
      )}
      {isCancellable(o.status) && (
        <View className='queue-row__actions'>
          <Button className='queue-row__cancel' size='small' onClick={() => onCommand(o, 'cancel')}>
            取消订单
          </Button>
          {o.status === 'pending_shipment' && (
            <Button className='queue-row__ship' size='small' type='primary' onClick={() => onCommand(o, 'ship')}>
              发货
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
