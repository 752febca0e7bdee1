import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import { bookCategories, bookCategoryNames } from '../../../shared/library/names'
import type { BookCategory } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { BookRow } from '../book/book-row'
import './index.scss'

type Sort = 'newest' | 'popular'
type Tab = BookCategory | 'all'
const sortTabs: readonly { value: Sort; title: string }[] = [
  { value: 'newest', title: '最新上架' },
  { value: 'popular', title: '本月热读' },
]
const categoryTabs: readonly { value: Tab; title: string }[] = [{ value: 'all', title: '全部' }, ...bookCategories.map((c) => ({ value: c, title: bookCategoryNames[c] }))]

/** Books by category (newest or most read this month), or the books of one 书单 in its order. */
export default function LibraryBrowsePage() {
  const params = useRouter().params
  const listId = Number(params.listId) > 0 ? Number(params.listId) : null
  const [sort, setSort] = useState<Sort>(params.sort === 'popular' ? 'popular' : 'newest')
  const [tab, setTab] = useState<Tab>(bookCategories.find((c) => c === params.category) ?? 'all')
  const list = useResource(`library-list:${listId}`, () => api.library.listDetail({ id: listId ?? 0 }), { enabled: listId !== null })
  const books = usePagedList(
    `library-browse:${listId}:${sort}:${tab}`,
    (cursor) => api.library.browseBooks({ listId, sort, category: tab === 'all' ? null : tab, cursor }),
  )
  usePullToRefresh(() => Promise.all([books.reload(), listId !== null ? list.reload() : undefined]))
  useReachBottom(() => void books.loadMore())

  useEffect(() => {
    const title = list.data?.title ?? (listId === null ? (tab === 'all' ? '全部图书' : bookCategoryNames[tab]) : '书单')
    void Taro.setNavigationBarTitle({ title })
  }, [list.data, listId, tab])

  return (
    <PageShell className='library-browse'>
      {listId !== null ? (
        list.data && (
          <View className='library-browse__list'>
            <Text className='library-browse__list-title'>{list.data.title}</Text>
            {list.data.description && <Text className='library-browse__list-text'>{list.data.description}</Text>}
            <Text className='library-browse__list-meta'>
              {list.data.branch.name} · {list.data.bookCount} 本
            </Text>
          </View>
        )
      ) : (
        <>
          <FilterTabs tabs={sortTabs} value={sort} onChange={setSort} />
          <FilterTabs tabs={categoryTabs} value={tab} onChange={setTab} />
        </>
      )}
      {books.status === 'loading' && <PageState kind='loading' />}
      {books.failure && <LoadFailure error={books.failure} onRetry={() => void books.reload()} />}
      {books.status === 'ready' && books.items.length === 0 && (
        <PageState kind='empty' message={listId !== null ? '这个书单里暂时没有可读的图书' : '这一类还没有上架的图书'} action={{ text: '搜索图书', onClick: () => void openPage(routes.librarySearch) }} />
      )}
      {books.status === 'ready' && books.items.length > 0 && (
        <>
          {books.items.map((book) => (
            <BookRow key={book.id} book={book} />
          ))}
          <ListFooter loadingMore={books.loadingMore} hasMore={books.hasMore} moreError={books.moreError} onLoadMore={() => void books.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
