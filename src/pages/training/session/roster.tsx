import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageState } from '../../../components/page-state'
import { usePagedList } from '../../../hooks/use-paged-list'
import { signupStatusNames } from '../../../shared/course/names'
import { monthDayTimeText } from '../../../utils/time'

/** 报名名单 for the organiser: places first, then the waitlist in its order; phones masked. */
export function Roster({ sessionId, version }: { sessionId: number; version: number }) {
  const list = usePagedList(`training-roster:${sessionId}:${version}`, (cursor) => api.course.sessionRoster({ sessionId, cursor, limit: 20 }))
  if (list.status === 'loading') return <PageState kind='loading' />
  if (list.failure) return <LoadFailure error={list.failure} onRetry={() => void list.reload()} />
  if (list.items.length === 0) return <PageState kind='empty' message='还没有人报名' />
  return (
    <View>
      {list.items.map((line, i) => (
        <View key={`${line.queuedAt}-${i}`} className='training-line'>
          <View className='training-line__main'>
            <Text>
              {line.name} <Text className='training-line__sub'>{line.phoneMasked}</Text>
            </Text>
            <Text className='training-line__sub'>{line.branchName}</Text>
          </View>
          <View className='training-line__end'>
            <Text className={`training-tag training-tag--${line.status === 'waitlisted' ? 'wait' : line.status === 'cancelled' ? 'plain' : 'good'}`}>
              {signupStatusNames[line.status]}
            </Text>
            {line.checkedInAt && <Text className='training-line__sub'>{monthDayTimeText(line.checkedInAt)}</Text>}
          </View>
        </View>
      ))}
      <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
    </View>
  )
}
