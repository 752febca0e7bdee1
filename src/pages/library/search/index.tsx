import { Input, Text, View } from '@tarojs/components'
import { useReachBottom, useRouter } from '@tarojs/taro'
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
import { routes, withQuery } from '../../../routes'
import type { BookSearchHit } from '../../../shared/api'
import { bookCategories, bookCategoryNames } from '../../../shared/library/names'
import type { BookCategory } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { BookRow } from '../book/book-row'
import { Marked } from './marked-text'
import './index.scss'

type Tab = BookCategory | 'all'
const tabs: readonly { value: Tab; title: string }[] = [{ value: 'all', title: '全部' }, ...bookCategories.map((c) => ({ value: c, title: bookCategoryNames[c] }))]
/** Suggestions follow typing after this pause; the full search waits for 搜索 or a suggestion. */
const suggestDelayMs = 250

/** Taro hands a query value over still percent-encoded (H5 hash routes) or decoded. */
function queryParam(raw: string | undefined): string {
  if (!raw) return ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function Hit({ hit }: { hit: BookSearchHit }) {
  const snippet = hit.snippet
  return (
    <View className='library-search__hit'>
      <BookRow book={hit}>
        <Marked className='library-search__title' value={hit.titleMarked} />
        <Marked className='library-search__author' value={hit.authorMarked.text ? hit.authorMarked : { text: '佚名', marks: [] }} />
      </BookRow>
      {snippet && (
        // The passage's chapter opens in the reader directly.
        <View
          className='library-search__snippet'
          onClick={() => void openPage(withQuery(routes.readerRead, { bookId: hit.id, chapter: snippet.chapterOrd }))}
        >
          <Text className='library-search__chapter'>{snippet.chapterTitle}</Text>
          <Marked className='library-search__passage' value={snippet.text} />
        </View>
      )}
    </View>
  )
}

/** 搜索图书: suggestions while typing, then results by words with the matches marked. */
export default function LibrarySearchPage() {
  const params = useRouter().params
  const [typed, setTyped] = useState(queryParam(params.q))
  const [query, setQuery] = useState(typed.trim())
  const [tab, setTab] = useState<Tab>('all')
  const [suggestFor, setSuggestFor] = useState('')
  useEffect(() => {
    const timer = setTimeout(() => setSuggestFor(typed.trim()), suggestDelayMs)
    return () => clearTimeout(timer)
  }, [typed])

  const suggesting = suggestFor !== '' && suggestFor !== query
  const suggestions = useResource(`library-suggest:${suggestFor}`, () => api.library.suggest({ q: suggestFor }), { enabled: suggesting })
  const category = tab === 'all' ? null : tab
  const list = usePagedList(`library-search:${tab}:${query}`, (cursor) => api.library.searchBooks({ q: query, category, cursor }), { enabled: query !== '' })
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const search = (q: string) => {
    setTyped(q)
    setQuery(q.trim())
  }

  return (
    <PageShell className='library-search'>
      <View className='library-search__box'>
        <Input
          className='library-search__input'
          value={typed}
          maxlength={40}
          focus={!query}
          placeholder='书名、作者或书中的词句'
          confirmType='search'
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={() => search(typed)}
        />
        {typed && (
          <Text className='library-search__clear' onClick={() => search('')}>
            清除
          </Text>
        )}
        <Text className='library-search__go' onClick={() => search(typed)}>
          搜索
        </Text>
      </View>

      {suggesting && suggestions.data && suggestions.data.suggestions.length > 0 && (
        <View className='library-search__suggestions'>
          {suggestions.data.suggestions.map((s) => (
            <View key={`${s.kind}:${s.text}`} className='library-search__suggestion' onClick={() => search(s.text)}>
              <Marked className='library-search__suggestion-text' value={s.marked} />
              <Text className='library-search__suggestion-kind'>{s.kind === 'title' ? '书名' : '作者'}</Text>
            </View>
          ))}
        </View>
      )}

      {query === '' ? (
        <PageState kind='empty' message='输入书名、作者，或书里的一个词，例如“明月”“论语”' />
      ) : (
        <>
          <FilterTabs tabs={tabs} value={tab} onChange={setTab} />
          {list.status === 'loading' && <PageState kind='loading' />}
          {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
          {list.status === 'ready' && list.items.length === 0 && (
            <PageState kind='empty' message={`没有找到与“${query}”相关的图书，换个词试试`} action={{ text: '浏览全部图书', onClick: () => void openPage(routes.libraryBrowse) }} />
          )}
          {list.status === 'ready' && list.items.length > 0 && (
            <>
              {list.items.map((hit) => (
                <Hit key={hit.id} hit={hit} />
              ))}
              <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
            </>
          )}
        </>
      )}
    </PageShell>
  )
}
