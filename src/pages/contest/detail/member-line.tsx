import { Text, View } from '@tarojs/components'
import type { ContestMemberLine } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { durationText } from '../contest-facts'
import './member-line.scss'

/** One place on the members' board: rank, masked name and branch, correct answers and time. */
export function MemberLine({ line }: { line: ContestMemberLine }) {
  return (
    <View className={cx('contest-line', line.me && 'contest-line--me')}>
      <Text className={cx('contest-line__rank', line.rank <= 3 && 'contest-line__rank--top')}>{line.rank}</Text>
      <View className='contest-line__who'>
        <Text className='contest-line__name'>
          {line.maskedName}
          {line.me ? '（我）' : ''}
        </Text>
        <Text className='contest-line__sub'>{line.branchName}</Text>
      </View>
      <View className='contest-line__figure'>
        <Text>答对 {line.correct} 题</Text>
        <Text className='contest-line__time'>{durationText(line.timeMs)}</Text>
      </View>
    </View>
  )
}
