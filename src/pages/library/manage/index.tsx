import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { BookStatus } from '../../../shared/library/names'
import { bookStatusNames } from '../../../shared/library/names'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { BookRow } from '../book/book-row'
import './index.scss'

type Tab = BookStatus | 'all' | 'lists'
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'all', title: '全部' },
  { value: 'draft', title: bookStatusNames.draft },
  { value: 'published', title: bookStatusNames.published },
  { value: 'unpublished', title: bookStatusNames.unpublished },
  { value: 'lists', title: '书单' },
]
const searchDelayMs = 300

/** 图书管理 for librarians: the books their grants cover by status, and their 书单; the way to 导入. */
export default function LibraryManagePage() {
  const [tab, setTab] = useState<Tab>('all')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), searchDelayMs)
    return () => clearTimeout(timer)
  }, [typed])

  const showingLists = tab === 'lists'
  const books = usePagedList(
    `library-manage:${tab}:${q}`,
    (cursor) => api.library.manageBooks({ status: tab === 'all' || tab === 'lists' ? null : tab, q, cursor }),
    { enabled: !showingLists },
  )
  const lists = usePagedList('library-manage-lists', (cursor) => api.library.lists({ manage: true, cursor }), { enabled: showingLists })
  const current = showingLists ? lists : books
  usePullToRefresh(() => current.reload())
  useRefreshOnReturn(() => void current.reload())
  useReachBottom(() => void current.loadMore())

  return (
    <PageShell className='library-manage'>
      <View className='library-manage__actions'>
        <Button type='primary' onClick={() => void openPage(routes.libraryImport)}>
          导入 EPUB
        </Button>
        <Button onClick={() => void openPage(routes.libraryListEdit)}>新建书单</Button>
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
      {!showingLists && (
        <View className='library-manage__search'>
          <Input
            className='library-manage__input'
            value={typed}
            maxlength={40}
            placeholder='按书名或作者查找'
            onInput={(e) => setTyped(e.detail.value)}
          />
        </View>
      )}

      {current.status === 'loading' && <PageState kind='loading' />}
      {current.failure && <LoadFailure error={current.failure} onRetry={() => void current.reload()} />}
      {current.status === 'ready' && current.items.length === 0 && (
        <PageState
          kind='empty'
          message={showingLists ? '还没有书单' : q ? `没有找到“${q}”` : '您管理的范围内还没有图书，先导入 EPUB 吧'}
          action={showingLists ? { text: '新建书单', onClick: () => void openPage(routes.libraryListEdit) } : { text: '导入 EPUB', onClick: () => void openPage(routes.libraryImport) }}
        />
      )}
      {!showingLists &&
        books.items.map((book) => (
          <View key={book.id} className='library-manage__book'>
            <BookRow book={book}>
              <Text className='library-manage__title'>{book.title}</Text>
              <Text className='library-manage__meta'>
                {book.author || '佚名'} · 面向{book.branch.name}
              </Text>
              <Text className={cx('library-manage__status', `library-manage__status--${book.status}`)}>{bookStatusNames[book.status]}</Text>
            </BookRow>
            <Text className='library-manage__edit' onClick={() => void openPage(withQuery(routes.libraryEdit, { id: book.id }))}>
              编辑
            </Text>
          </View>
        ))}
      {showingLists &&
        lists.items.map((list) => (
          <View key={list.id} className='library-manage__list' onClick={() => void openPage(withQuery(routes.libraryListEdit, { id: list.id }))}>
            <Text className='library-manage__title'>{list.title}</Text>
            <Text className='library-manage__meta'>
              {list.branch.name} · {list.bookCount} 本 · {list.status === 'published' ? '已发布' : '未发布'}
            </Text>
          </View>
        ))}
      {current.status === 'ready' && current.items.length > 0 && (
        <ListFooter loadingMore={current.loadingMore} hasMore={current.hasMore} moreError={current.moreError} onLoadMore={() => void current.loadMore()} />
      )}
    </PageShell>
  )
}
