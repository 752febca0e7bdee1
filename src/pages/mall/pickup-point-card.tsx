import { Text, View } from '@tarojs/components'
import type { PickupPoint } from '../../shared/api'
import { pickupPointLines } from '../../utils/mall-labels'
import './pickup-point-card.scss'

/** Where and when to collect pickup goods, and whom to call: on the item page and the order page. */
export function PickupPointCard({ point, className }: { point: PickupPoint; className?: string }) {
  return (
    <View className={`pickup-point${className ? ` ${className}` : ''}`}>
      {pickupPointLines(point).map((line) => (
        <View key={line.label} className='pickup-point__line'>
          <Text className='pickup-point__label'>{line.label}</Text>
          <Text className='pickup-point__value'>{line.value}</Text>
        </View>
      ))}
    </View>
  )
}
