import { Text, View } from '@tarojs/components'
import type { LedgerEntry } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'

export function LedgerRow({ entry }: { entry: LedgerEntry }) {
  return (
    <View className={`ledger-row ledger-row--${entry.kind}`}>
      <View className='ledger-row__text'>
        <Text className='ledger-row__reason'>{entry.reason}</Text>
        <Text className='ledger-row__time'>{dateTimeText(entry.createdAt)}</Text>
      </View>
      <View className='ledger-row__amounts'>
        <Text className={`ledger-row__delta ledger-row__delta--${entry.delta > 0 ? 'in' : 'out'}`}>
          {entry.delta > 0 ? `+${entry.delta}` : entry.delta}
        </Text>
        <Text className='ledger-row__balance'>余额 {entry.balanceAfter}</Text>
      </View>
    </View>
  )
}
