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
import { routes, withQuery } from '../../../routes'
import { legalCategories, legalCategoryNames } from '../../../shared/legal/names'
import type { LegalCategory } from '../../../shared/legal/names'
import { openPage } from '../../../utils/navigate'
import { dateText } from '../../../utils/time'
import './index.scss'

type Tab = LegalCategory | 'all'
const tabs: readonly { value: Tab; title: string }[] = [
  { value: 'all', title: '全部' },
  ...legalCategories.map((c) => ({ value: c, title: legalCategoryNames[c] })),
]
const searchDelayMs = 300

function tabOf(value: string | undefined): Tab {
  return legalCategories.find((c) => c === value) ?? 'all'
}

/** Taro hands a query value over still percent-encoded (H5 hash routes) or decoded. */
function queryParam(raw: string | undefined): string {
  if (!raw) return ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** 常见问题: browse by category, or search by words (server/search segments Chinese into words). */
export default function KnowledgePage() {
  const params = useRouter().params
  const [tab, setTab] = useState<Tab>(tabOf(params.category))
  const [rawQuery, setRawQuery] = useState(queryParam(params.q))
  const [query, setQuery] = useState(rawQuery.trim())
  useEffect(() => {
    const timer = setTimeout(() => setQuery(rawQuery.trim()), searchDelayMs)
    return () => clearTimeout(timer)
  }, [rawQuery])

  const category = tab === 'all' ? null : tab
  const list = usePagedList(`kb:${tab}:${query}`, (cursor) => api.legal.searchKnowledge({ q: query, category, cursor }))
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const ask = { text: '向律师咨询', onClick: () => void openPage(routes.legalAsk) }

  return (
    <PageShell className='legal-kb'>
      <View className='legal-kb__search'>
        <Input
          className='legal-kb__input'
          value={rawQuery}
          maxlength={100}
          placeholder='输入关键词，如“拖欠工资”“工伤认定”'
          confirmType='search'
          onInput={(e) => setRawQuery(e.detail.value)}
          onConfirm={() => setQuery(rawQuery.trim())}
        />
        {rawQuery && (
          <Text className='legal-kb__clear' onClick={() => setRawQuery('')}>
            清除
          </Text>
        )}
      </View>
      <FilterTabs tabs={tabs} value={tab} onChange={setTab} />

      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState
          kind='empty'
          message={query ? `没有找到与“${query}”相关的问答，换个说法试试，或直接向律师咨询` : '这一类还没有常见问题'}
          action={ask}
        />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <View key={item.id} className='legal-kb__row' onClick={() => void openPage(withQuery(routes.legalArticle, { id: item.id }))}>
              <Text className='legal-kb__title'>{item.title}</Text>
              <Text className='legal-kb__excerpt'>{item.excerpt}</Text>
              <Text className='legal-kb__meta'>
                {legalCategoryNames[item.category]} · {dateText(item.publishedAt)}
              </Text>
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
