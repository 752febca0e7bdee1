import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { RecentBook, ShelfBook } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { relativeTimeText } from '../../../utils/time'
import { BookCover } from './book-cover'
import { ReadingTimeCard } from './reading-time-card'
import './index.scss'

type Tab = 'shelf' | 'recent'
const tabs = [
  { value: 'shelf', title: '书架' },
  { value: 'recent', title: '最近阅读' },
] as const

function percentText(permille: number | null): string {
  if (permille === null) return '未读'
  if (permille >= 1000) return '已读完'
  return `已读 ${(permille / 10).toFixed(permille < 100 ? 1 : 0)}%`
}

function openReader(book: { id: number; chapterOrd: number | null }) {
  void openPage(withQuery(routes.readerRead, book.chapterOrd === null ? { bookId: book.id } : { bookId: book.id, chapter: book.chapterOrd }))
}

/** 我的书架: books kept on the shelf, recently read ones, and the member's reading time. */
export default function LibraryShelfPage() {
  const [tab, setTab] = useState<Tab>('shelf')
  const time = useResource('reading-time', () => api.library.readingTime())
  const shelf = usePagedList<ShelfBook>('library-shelf', (cursor) => api.library.shelf({ cursor }), { enabled: tab === 'shelf' })
  const recent = usePagedList<RecentBook>('library-recent', (cursor) => api.library.recentBooks({ cursor }), { enabled: tab === 'recent' })
  const list = tab === 'shelf' ? shelf : recent

  // Back from the reader: positions and minutes moved on.
  useRefreshOnReturn(() => {
    void time.reload()
    void list.reload()
  })
  usePullToRefresh(() => Promise.all([time.reload(), list.reload()]))
  useReachBottom(() => void list.loadMore())

  const remove = async (book: ShelfBook) => {
    const { confirm } = await Taro.showModal({ title: '移出书架', content: `把《${book.title}》移出书架？阅读进度会保留。`, confirmText: '移出' })
    if (!confirm) return
    try {
      await api.library.removeFromShelf({ bookId: book.id })
      shelf.setItems((items) => items.filter((b) => b.id !== book.id))
      void Taro.showToast({ title: '已移出书架', icon: 'none' })
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' })
    }
  }

  const findBooks = () => void openPage(routes.libraryHome)

  return (
    <PageShell className='library-shelf'>
      <ReadingTimeCard time={time.data} />
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState
          kind='empty'
          message={tab === 'shelf' ? '书架上还没有书。在图书详情页点「加入书架」，方便下次接着读。' : '还没有读过的书。'}
          action={{ text: '去电子书屋找书', onClick: findBooks }}
        />
      )}
      {tab === 'shelf' && shelf.status === 'ready' && shelf.items.length > 0 && (
        <View className='library-shelf__grid'>
          {shelf.items.map((book) => (
            <View key={book.id} className='library-shelf__book' onClick={() => openReader(book)} onLongPress={() => void remove(book)}>
              <BookCover title={book.title} coverUrl={book.coverUrl} />
              <Text className='library-shelf__title'>{book.title}</Text>
              <Text className='library-shelf__meta'>{percentText(book.permille)}</Text>
            </View>
          ))}
        </View>
      )}
      {tab === 'shelf' && shelf.status === 'ready' && shelf.items.length > 0 && <Text className='library-shelf__hint'>长按图书可移出书架</Text>}
      {tab === 'recent' &&
        recent.status === 'ready' &&
        recent.items.map((book) => (
          <View key={book.id} className='library-shelf__row' onClick={() => openReader(book)}>
            <BookCover title={book.title} coverUrl={book.coverUrl} small />
            <View className='library-shelf__row-body'>
              <Text className='library-shelf__title'>{book.title}</Text>
              <Text className='library-shelf__meta'>{book.author}</Text>
              <View className='library-shelf__progress' role='progressbar' aria-valuenow={Math.round(book.permille / 10)}>
                <View className='library-shelf__progress-bar' style={{ width: `${book.permille / 10}%` }} />
              </View>
              <Text className='library-shelf__meta'>
                {book.finished ? '已读完' : `第 ${book.chapterOrd + 1} 章 · ${percentText(book.permille)}`} · {relativeTimeText(book.readAt)}
              </Text>
            </View>
          </View>
        ))}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}
    </PageShell>
  )
}
