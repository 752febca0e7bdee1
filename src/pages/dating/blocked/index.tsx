import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { BlockedMember } from '../../../shared/api'
import { dateText } from '../../../utils/time'
import './index.scss'

/** 黑名单: whom I blocked and when; 解除 lets the two see each other again (an ended match stays ended). */
export default function DatingBlockedPage() {
  const list = usePagedList('dating-blocks', (cursor) => api.dating.blocks({ cursor, limit: 20 }))
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const unblock = useAction(async (member: BlockedMember) => {
    const { confirm } = await Taro.showModal({ title: `解除拉黑「${member.nickname}」？`, content: '解除后你们可以再次看到对方的资料。', confirmText: '解除' })
    if (!confirm) return
    await api.dating.unblock({ targetId: member.id })
    list.setItems((items) => items.filter((item) => item.id !== member.id))
    void Taro.showToast({ title: '已解除拉黑', icon: 'success' })
  })

  return (
    <PageShell className='dating-blocked'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='黑名单是空的' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <Text className='dating-blocked__hint'>你拉黑的会员看不到你，你也看不到他们。</Text>
          {list.items.map((member) => (
            <View key={member.id} className='dating-blocked__row'>
              <View className='dating-blocked__who'>
                <Text className='dating-blocked__name'>{member.nickname}</Text>
                <Text className='dating-blocked__when'>{dateText(member.blockedAt)} 拉黑</Text>
              </View>
              <Button className='dating-blocked__unblock' size='small' disabled={unblock.busy} onClick={() => void unblock.run(member)}>
                解除
              </Button>
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
