import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { routes, withQuery } from '../../../routes'
import type { ProfileCard } from '../../../shared/api'
import { datingLimits } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { cardTags, countyName } from './card-facts'
import { FilterSheet, filterCount, filterInput, noFilters } from './filter-sheet'
import type { DiscoverFilters } from './filter-sheet'
import './index.scss'

/** Fetch the next page while this many cards are still ahead, so the deck never runs dry mid-swipe. */
const prefetchAhead = 3

/**
 * 推荐: one big photo card at a time, newest activity first, 跳过 and 喜欢 at the bottom of the
 * card where a thumb rests. Tapping the card opens the whole profile.
 */
export default function DatingDiscoverPage() {
  const [filters, setFilters] = useState<DiscoverFilters>(noFilters)
  const [sheetOpen, setSheetOpen] = useState(false)
  const [likesLeft, setLikesLeft] = useState<number | null>(null)
  // Cards already decided here leave the deck at once; the server leaves them out of later pages.
  const [decided, setDecided] = useState<ReadonlySet<number>>(new Set())
  const list = usePagedList(`dating-discover:${JSON.stringify(filters)}`, async (cursor) => {
    const page = await api.dating.discover({ ...filterInput(filters), cursor, limit: 10 })
    setLikesLeft(page.likesLeft)
    return page
  })
  // Back from a profile page the member may have liked, passed or blocked someone.
  useRefreshOnReturn(() => {
    setDecided(new Set())
    void list.reload()
  })

  const deck = list.items.filter((card) => !decided.has(card.id))
  const current = deck[0]
  const runningLow = list.status === 'ready' && deck.length <= prefetchAhead && list.hasMore && !list.loadingMore && !list.moreError
  useEffect(() => {
    if (runningLow) void list.loadMore()
  }, [runningLow, list])

  const decide = (card: ProfileCard) => setDecided((previous) => new Set(previous).add(card.id))
  const pass = useAction(async (card: ProfileCard) => {
    await api.dating.pass({ targetId: card.id })
    decide(card)
  })
  const like = useAction(async (card: ProfileCard) => {
    const result = await api.dating.like({ targetId: card.id })
    setLikesLeft(result.likesLeft)
    decide(card)
    if (result.matched && result.matchId !== null) {
      const { confirm } = await Taro.showModal({
        title: '配对成功',
        content: `你和「${card.nickname}」互相喜欢，现在可以聊天并查看对方的联系方式了。`,
        confirmText: '发消息',
        cancelText: '继续看看',
      })
      if (confirm) void openPage(withQuery(routes.datingChat, { matchId: result.matchId }))
    } else {
      void Taro.showToast({ title: '已喜欢，对方也喜欢你时会通知你', icon: 'none' })
    }
  })
  const busy = pass.busy || like.busy
  const activeFilters = filterCount(filters)

  return (
    <PageShell className='dating-discover'>
      <View className='dating-discover__bar'>
        <Text className='dating-discover__quota'>
          {likesLeft === null ? `每天可喜欢 ${datingLimits.likesPerDay} 次` : `今天还可喜欢 ${likesLeft} 次`}
        </Text>
        <View className={cx('dating-discover__filter', activeFilters > 0 && 'dating-discover__filter--on')} onClick={() => setSheetOpen(true)}>
          <Text>{activeFilters > 0 ? `筛选 · ${activeFilters}` : '筛选'}</Text>
        </View>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && !current && !list.loadingMore && (
        <PageState
          kind='empty'
          message={activeFilters > 0 ? '没有符合筛选条件的会员了，换个条件试试' : '暂时没有更多推荐了，过段时间再来看看'}
          action={activeFilters > 0 ? { text: '清除筛选', onClick: () => setFilters(noFilters) } : undefined}
        />
      )}
      {list.status === 'ready' && !current && list.loadingMore && <PageState kind='loading' />}
      {current && (
        <View key={current.id} className='dating-card' onClick={() => void openPage(withQuery(routes.datingPerson, { id: current.id }))}>
          {current.avatar ? (
            // A cover background rather than an <Image>: Taro's H5 aspectFill stretches a portrait photo in a box taller than the photo.
            <View className='dating-card__photo' style={{ backgroundImage: `url("${current.avatar.url}")` }} />
          ) : (
            <View className='dating-card__photo dating-card__photo--none'>
              <Text>暂无照片</Text>
            </View>
          )}
          <View className='dating-card__info'>
            <View className='dating-card__headline'>
              <Text className='dating-card__name'>{current.nickname}</Text>
              <Text className='dating-card__age'>{current.age}岁</Text>
              <Text className='dating-card__county'>{countyName(current)}</Text>
            </View>
            <View className='dating-card__tags'>
              {cardTags(current).map((tag) => (
                <Text key={tag} className='dating-card__tag'>
                  {tag}
                </Text>
              ))}
            </View>
          </View>
          <View className='dating-card__actions' onClick={(event) => event.stopPropagation()}>
            <View className={cx('dating-card__pass', busy && 'dating-card__button--off')} role='button' onClick={() => !busy && void pass.run(current)}>
              <Text>跳过</Text>
            </View>
            <View
              className={cx('dating-card__like', (busy || likesLeft === 0) && 'dating-card__button--off')}
              role='button'
              aria-disabled={busy || likesLeft === 0}
              onClick={() => !busy && likesLeft !== 0 && void like.run(current)}
            >
              <Text>{likesLeft === 0 ? '今日已用完' : '喜欢'}</Text>
            </View>
          </View>
        </View>
      )}
      {current && deck.length > 1 && <Text className='dating-discover__more'>后面还有 {list.hasMore ? `${deck.length - 1}+` : deck.length - 1} 位</Text>}
      <FilterSheet
        visible={sheetOpen}
        value={filters}
        onClose={() => setSheetOpen(false)}
        onApply={(next) => {
          setSheetOpen(false)
          setDecided(new Set())
          setFilters(next)
        }}
      />
    </PageShell>
  )
}
