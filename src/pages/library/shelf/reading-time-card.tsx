import { Text, View } from '@tarojs/components'
import type { ReadingTime } from '../../../shared/api'

function Figure({ label, minutes }: { label: string; minutes: number }) {
  return (
    <View className='shelf-time__figure'>
      <Text className='shelf-time__value'>
        {minutes}
        <Text className='shelf-time__unit'> 分钟</Text>
      </Text>
      <Text className='shelf-time__label'>{label}</Text>
    </View>
  )
}

/** 阅读时长: credited by the server from the reader's heartbeats; null while loading or when it could not be had. */
export function ReadingTimeCard({ time }: { time: ReadingTime | null }) {
  return (
    <View className='shelf-time'>
      <View className='shelf-time__head'>
        <Text className='shelf-time__title'>阅读时长</Text>
        {time && time.todayPoints > 0 && <Text className='shelf-time__points'>今日阅读积分 +{time.todayPoints}</Text>}
      </View>
      <View className='shelf-time__figures'>
        <Figure label='今日' minutes={time?.todayMinutes ?? 0} />
        <Figure label='本周' minutes={time?.weekMinutes ?? 0} />
        <Figure label='累计' minutes={time?.totalMinutes ?? 0} />
      </View>
      <Text className='shelf-time__hint'>在阅读页停留并翻页即计入时长，每读 10 分钟得 1 积分（每日最多 6 分）。</Text>
    </View>
  )
}
