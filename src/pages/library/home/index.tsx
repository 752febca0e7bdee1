import { Input, ScrollView, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { BookSummary } from '../../../shared/api'
import { bookCategoryNames } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { BookCover } from '../book/book-cover'
import './index.scss'

/** A row of covers scrolled sideways: 新书上架, 本月热读. */
function Shelf({ title, books, more, note }: { title: string; books: BookSummary[]; more: string; note?: (book: BookSummary) => string }) {
  if (books.length === 0) return null
  return (
    <View className='library-home__card'>
      <View className='library-home__card-head'>
        <Text className='library-home__card-title'>{title}</Text>
        <Text className='library-home__more' onClick={() => void openPage(more)}>
          更多
        </Text>
      </View>
      <ScrollView className='library-home__shelf' scrollX enhanced showScrollbar={false}>
        {books.map((book) => (
          <View key={book.id} className='library-home__book' onClick={() => void openPage(withQuery(routes.libraryBook, { id: book.id }))}>
            <BookCover url={book.coverUrl} title={book.title} />
            <Text className='library-home__book-title'>{book.title}</Text>
            <Text className='library-home__book-note'>{note ? note(book) : book.author || '佚名'}</Text>
          </View>
        ))}
      </ScrollView>
    </View>
  )
}

/** 电子书屋: search with suggestions on the search page, categories, 书单, new and popular books, and the way to 书架 and 读书活动. */
export default function LibraryHomePage() {
  const [typed, setTyped] = useState('')
  const home = useResource('library-home', () => api.library.libraryHome({}))
  usePullToRefresh(() => home.reload())
  const search = () => void openPage(typed.trim() ? withQuery(routes.librarySearch, { q: typed.trim() }) : routes.librarySearch)
  const data = home.data

  return (
    <PageShell className='library-home'>
      <View className='library-home__search'>
        <Input
          className='library-home__input'
          value={typed}
          maxlength={40}
          confirmType='search'
          placeholder='搜索书名、作者或书中的词句'
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
          onFocus={() => {
            // Suggestions live on the search page: typing there shows them as the member goes.
            if (!typed) void openPage(routes.librarySearch)
          }}
        />
        <Text className='library-home__go' onClick={search}>
          搜索
        </Text>
      </View>

      <View className='library-home__entries'>
        <View className='library-home__entry' onClick={() => void openPage(routes.libraryShelf)}>
          <Text className='library-home__entry-title'>我的书架</Text>
          <Text className='library-home__entry-text'>继续阅读、阅读时长</Text>
        </View>
        <View className='library-home__entry' onClick={() => void openPage(routes.libraryCampaigns)}>
          <Text className='library-home__entry-title'>读书活动</Text>
          <Text className='library-home__entry-text'>读书月、诵读比赛</Text>
        </View>
      </View>

      {home.status === 'loading' && <PageState kind='loading' />}
      {home.error && <LoadFailure error={home.error} onRetry={() => void home.reload()} />}
      {data && (
        <>
          <View className='library-home__card'>
            <Text className='library-home__card-title'>分类</Text>
            <View className='library-home__categories'>
              {data.categories.map((c) => (
                <View
                  key={c.category}
                  className='library-home__category'
                  onClick={() => void openPage(withQuery(routes.libraryBrowse, { category: c.category }))}
                >
                  <Text className='library-home__category-name'>{bookCategoryNames[c.category]}</Text>
                  <Text className='library-home__category-count'>{c.count} 本</Text>
                </View>
              ))}
            </View>
          </View>

          {data.lists.length > 0 && (
            <View className='library-home__card'>
              <Text className='library-home__card-title'>书单</Text>
              {data.lists.map((list) => (
                <View key={list.id} className='library-home__list' onClick={() => void openPage(withQuery(routes.libraryBrowse, { listId: list.id }))}>
                  <View className='library-home__list-covers'>
                    {list.coverUrls.map((url, i) => (
                      <BookCover key={i} url={url} title={list.title} size='sm' />
                    ))}
                  </View>
                  <View className='library-home__list-body'>
                    <Text className='library-home__list-title'>{list.title}</Text>
                    <Text className='library-home__list-text'>
                      {list.bookCount} 本{list.description ? ` · ${list.description}` : ''}
                    </Text>
                  </View>
                </View>
              ))}
            </View>
          )}

          <Shelf title='新书上架' books={data.newest} more={withQuery(routes.libraryBrowse, { sort: 'newest' })} />
          <Shelf
            title='本月热读'
            books={data.popular}
            more={withQuery(routes.libraryBrowse, { sort: 'popular' })}
            note={(book) => `${data.popular.find((p) => p.id === book.id)?.readers ?? 0} 人在读`}
          />
          {data.newest.length === 0 && <PageState kind='empty' message='书屋正在上新，过几天再来看看' />}
        </>
      )}
    </PageShell>
  )
}
