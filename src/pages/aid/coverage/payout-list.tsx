import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageState } from '../../../components/page-state'
import { usePagedList } from '../../../hooks/use-paged-list'
import { payoutSourceNames } from '../../../shared/aid/labels'
import { formatFen } from '../../../shared/aid/money'
import { dateTimeText } from '../../../utils/time'

/** The payouts of one coverage year, newest first, each with the engine's explanation. */
export function PayoutList({ enrolmentId }: { enrolmentId: number }) {
  const list = usePagedList(`aid-payouts:${enrolmentId}`, (cursor) => api.aid.myPayouts({ enrolmentId, cursor, limit: 10 }))
  if (list.status === 'loading') return <PageState kind='loading' />
  if (list.failure) return <LoadFailure error={list.failure} onRetry={() => void list.reload()} />
  if (list.items.length === 0) return <Text className='coverage__none'>本年度还没有互助金记录</Text>
  return (
    <View className='coverage__payouts'>
      {list.items.map((p) => (
        <View key={p.id} className='payout'>
          <View className='payout__head'>
            <Text className='payout__source'>{payoutSourceNames[p.source]}</Text>
            <Text className='payout__amount'>{formatFen(p.amountFen)} 元</Text>
          </View>
          <Text className='payout__time'>{dateTimeText(p.createdAt)}</Text>
          {p.lines.map((line, i) => (
            <Text key={i} className='payout__line'>
              {line}
            </Text>
          ))}
        </View>
      ))}
      <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
    </View>
  )
}
