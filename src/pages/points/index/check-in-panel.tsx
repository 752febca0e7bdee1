import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { PointsSummary } from '../../../shared/api'

interface CheckInPanelProps {
  checkIn: PointsSummary['checkIn']
  busy: boolean
  onCheckIn: () => void
}

/** Today's check-in, the current streak and how far the next streak bonus is. */
export function CheckInPanel({ checkIn, busy, onCheckIn }: CheckInPanelProps) {
  const { checkedInToday, streak, nextBonusIn, dailyPoints, bonusPoints } = checkIn
  // nextBonusIn counts check-ins still needed, today's included when it has not happened yet.
  const bonusHint =
    nextBonusIn <= 1 && !checkedInToday
      ? `今天签到可额外获得 ${bonusPoints} 积分连续签到奖励`
      : `再签到 ${nextBonusIn} 天可额外获得 ${bonusPoints} 积分`
  return (
    <View className='check-in'>
      <View className='check-in__text'>
        <Text className='check-in__streak'>{streak > 0 ? `已连续签到 ${streak} 天` : '今天还没有签到'}</Text>
        <Text className='check-in__hint'>{bonusHint}</Text>
      </View>
      <Button
        className='check-in__button'
        type='primary'
        loading={busy}
        disabled={busy || checkedInToday}
        onClick={onCheckIn}
      >
        {checkedInToday ? '今日已签到' : `签到 +${dailyPoints}`}
      </Button>
    </View>
  )
}
