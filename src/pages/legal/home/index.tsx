import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import type { OnDuty } from '../../../shared/api'
import { legalCategories, legalCategoryNames } from '../../../shared/legal/names'
import { openPage } from '../../../utils/navigate'
import './index.scss'

function dutyText(duty: OnDuty | null): string {
  if (!duty) return '工作时间内值班律师在线答复。'
  if (duty.lawyers.length === 0) return `${duty.queue.name}现在不在值班时间，提交后律师上班时会尽快回复。`
  return `${duty.queue.name}值班律师：${duty.lawyers.map((l) => l.name).join('、')}`
}

/** 在线律师, the member's entry: ask, follow one's questions, and search 常见问题 first. */
export default function LegalHomePage() {
  const [q, setQ] = useState('')
  const data = useResource('legal-home', async () => {
    const [duty, newest] = await Promise.all([
      // Who is on duty is only a hint: without it the page still works.
      api.legal.onDuty({}).catch(() => null),
      api.legal.searchKnowledge({ q: '', limit: 5 }),
    ])
    return { duty, newest: newest.items }
  })
  usePullToRefresh(() => data.reload())

  const search = () => void openPage(q.trim() ? withQuery(routes.legalKnowledge, { q: q.trim() }) : routes.legalKnowledge)

  return (
    <PageShell className='legal-home'>
      <View className='legal-home__hero'>
        <Text className='legal-home__hero-title'>工会律师 免费解答</Text>
        <Text className='legal-home__hero-text'>劳动合同、工资、工伤、社保、解除劳动关系……遇到劳动纠纷，可以向工会律师在线咨询，可选择匿名。</Text>
        <Text className='legal-home__duty'>{dutyText(data.data?.duty ?? null)}</Text>
        <View className='legal-home__actions'>
          <Button className='legal-home__ask' type='primary' onClick={() => void openPage(routes.legalAsk)}>
            我要咨询
          </Button>
          <Button className='legal-home__mine' onClick={() => void openPage(routes.legalMine)}>
            我的咨询
          </Button>
        </View>
      </View>

      <View className='legal-home__card'>
        <Text className='legal-home__card-title'>常见问题</Text>
        <View className='legal-home__search'>
          <Input
            className='form-field__input legal-home__search-input'
            value={q}
            maxlength={100}
            confirmType='search'
            placeholder='输入关键词，如：加班费'
            onInput={(e) => setQ(e.detail.value)}
            onConfirm={search}
          />
          <Button className='legal-home__search-button' type='primary' size='small' onClick={search}>
            搜索
          </Button>
        </View>
        <View className='legal-home__categories'>
          {legalCategories.map((c) => (
            <View key={c} className='legal-home__category' onClick={() => void openPage(withQuery(routes.legalKnowledge, { category: c }))}>
              <Text>{legalCategoryNames[c]}</Text>
            </View>
          ))}
        </View>
        {data.status === 'loading' && <PageState kind='loading' />}
        {data.error && <LoadFailure error={data.error} onRetry={() => void data.reload()} />}
        {data.data && data.data.newest.length === 0 && <Text className='legal-home__muted'>常见问题正在整理中。</Text>}
        {data.data?.newest.map((a) => (
          <View key={a.id} className='legal-home__article' onClick={() => void openPage(withQuery(routes.legalArticle, { id: a.id }))}>
            <Text className='legal-home__article-title'>{a.title}</Text>
            <Text className='legal-home__article-excerpt'>{a.excerpt}</Text>
          </View>
        ))}
      </View>
    </PageShell>
  )
}
