import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { DatingWordItem } from '../../../shared/api'
import { dateText } from '../../../utils/time'
import './index.scss'

/** 敏感词: the city's word list profile text is checked against; city matchmakers add and remove words. */
export default function MatchmakerWordsPage() {
  const [canEdit, setCanEdit] = useState(false)
  const [adding, setAdding] = useState(false)
  const list = usePagedList('matchmaker-words', async (cursor) => {
    const page = await api.dating.datingWords({ cursor, limit: 50 })
    setCanEdit(page.canEdit)
    return page
  })
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const remove = useAction(async (item: DatingWordItem) => {
    const { confirm } = await Taro.showModal({ title: '删除敏感词', content: `删除「${item.word}」后，含有它的资料文字不再被拦下。`, confirmText: '删除', confirmColor: '#c4161c' })
    if (!confirm) return
    await api.dating.removeDatingWord({ word: item.word })
    await list.reload()
    void Taro.showToast({ title: '已删除', icon: 'none' })
  })

  return (
    <PageShell className='matchmaker-words'>
      <View className='matchmaker-words__intro'>
        <Text className='matchmaker-words__hint'>
          会员提交的资料文字含有下列词语时（不分大小写）不能提交，并提示命中的词。全市共用一份，由市级红娘维护。
        </Text>
        {canEdit && (
          <Button className='matchmaker-words__add' type='primary' size='small' onClick={() => setAdding(true)}>
            添加敏感词
          </Button>
        )}
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='敏感词表是空的' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <View className='matchmaker-words__list'>
          {list.items.map((item) => (
            <View key={item.word} className='matchmaker-words__row'>
              <Text className='matchmaker-words__word'>{item.word}</Text>
              <Text className='matchmaker-words__meta'>{item.createdBy ? `${item.createdBy} · ${dateText(item.createdAt)}` : '初始词表'}</Text>
              {canEdit && (
                <Text className='matchmaker-words__remove' onClick={() => void remove.run(item)}>
                  删除
                </Text>
              )}
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </View>
      )}
      <PromptDialog
        visible={adding}
        title='添加敏感词'
        label='词语'
        maxLength={20}
        placeholder='例如：私下联系'
        confirmText='添加'
        validate={(word) => (!word ? '请填写敏感词' : /\s/.test(word) ? '敏感词不能包含空格' : null)}
        onSubmit={async (word) => {
          const result = await api.dating.addDatingWord({ word })
          setAdding(false)
          await list.reload()
          void Taro.showToast({ title: result.added ? '已添加' : '词表里已有这个词', icon: 'none' })
        }}
        onClose={() => setAdding(false)}
      />
    </PageShell>
  )
}
