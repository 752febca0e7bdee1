import { Text, View } from '@tarojs/components'
import { claimEventKinds } from '../../../shared/aid/claim-types'
import type { ClaimEvent } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'

/** Where the claim has been, newest first; staff appear by role only. */
export function ClaimTimeline({ events }: { events: ClaimEvent[] }) {
  return (
    <View className='aid-claim__timeline'>
      {[...events].reverse().map((event, index) => (
        <View key={event.id} className={`aid-claim__event aid-claim__event--${event.kind}${index === 0 ? ' aid-claim__event--latest' : ''}`}>
          <View className='aid-claim__event-dot' />
          <View className='aid-claim__event-body'>
            <Text className='aid-claim__event-title'>{claimEventKinds[event.kind]}</Text>
            <Text className='aid-claim__event-meta'>
              {dateTimeText(event.at)} · {event.actor === 'member' ? '本人' : '工会审核'}
            </Text>
            {event.reason && <Text className='aid-claim__event-reason'>{event.reason}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}
