import { Image, Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { DatingReviewItem } from '../../../shared/api'
import { contentCheckNames } from '../../../shared/dating/names'
import { revisionFieldNames } from '../../../shared/dating/review-names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { dateTimeText } from '../../../utils/time'
import { memberFactsText } from '../member-facts'
import './index.scss'

function ReviewRow({ item }: { item: DatingReviewItem }) {
  const m = item.member
  return (
    <View className={cx('review-row', item.wordHits.length > 0 && 'review-row--flagged')} onClick={() => void openPage(withQuery(routes.matchmakerReview, { id: item.revisionId }))}>
      {item.avatar ? <Image className='review-row__avatar' src={item.avatar.thumbUrl ?? item.avatar.url} mode='aspectFill' /> : <View className='review-row__avatar' />}
      <View className='review-row__body'>
        <View className='review-row__head'>
          <Text className='review-row__name'>{m.nickname}</Text>
          <Text className='review-row__facts'>{memberFactsText(m)}</Text>
          <Text className={cx('review-row__kind', item.firstSubmission && 'review-row__kind--new')}>{item.firstSubmission ? '新资料' : '修改'}</Text>
        </View>
        <Text className='review-row__changed'>{item.firstSubmission ? '首次提交，全部内容待审' : `改动：${item.changed.map((f) => revisionFieldNames[f]).join('、')}`}</Text>
        {item.wordHits.length > 0 && <Text className='review-row__hits'>命中敏感词：{item.wordHits.join('、')}</Text>}
        <Text className='review-row__time'>
          {dateTimeText(item.submittedAt)} 提交{item.contentCheck === 'review' ? ` · ${contentCheckNames.review}` : ''}
        </Text>
      </View>
    </View>
  )
}

/** 资料审核: pending profiles of the matchmaker's members, oldest first. */
export default function MatchmakerReviewsPage() {
  const list = usePagedList('matchmaker-reviews', (cursor) => api.dating.reviewQueue({ cursor }))
  usePullToRefresh(() => list.reload())
  useRefreshOnReturn(() => void list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='matchmaker-reviews'>
      <Text className='matchmaker-reviews__rule'>按提交先后排列；照片和文字通过审核后才对其他会员展示</Text>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='暂无待审核的资料' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <ReviewRow key={item.revisionId} item={item} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
