import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { GrantRow } from '../../../shared/api'
import { roleNames } from '../../../shared/roles'
import { GrantForm } from './grant-form'
import { GrantRowView } from './grant-row'
import './index.scss'

export default function RolesPage() {
  const list = usePagedList('grants', (cursor) => api.role.list({ cursor }))
  const [ownGrantIds, setOwnGrantIds] = useState<Set<number>>(new Set())
  const [revokingId, setRevokingId] = useState<number | null>(null)

  useEffect(() => {
    // Only used to hide the revoke button on the admin's own grants; the list works without it.
    api.auth.me().then(
      (me) => setOwnGrantIds(new Set(me.grants.map((g) => g.id))),
      () => undefined,
    )
  }, [])

  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const revoke = useAction(async (grant: GrantRow) => {
    const { confirm } = await Taro.showModal({
      title: '撤销角色',
      content: `撤销${grant.holder.name}在「${grant.branch.name}」的${roleNames[grant.role]}角色？`,
      confirmText: '撤销',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    setRevokingId(grant.id)
    try {
      await api.role.revoke({ grantId: grant.id })
      list.setItems((items) => items.filter((i) => i.id !== grant.id))
      void Taro.showToast({ title: '已撤销', icon: 'success' })
    } finally {
      setRevokingId(null)
    }
  })

  return (
    <PageShell className='roles-page'>
      <GrantForm onGranted={(grant) => list.setItems((items) => [grant, ...items])} />
      <View className='roles-page__section'>
        <Text>管辖范围内的角色</Text>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='暂无角色授权' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((g) => (
            <GrantRowView
              key={g.id}
              grant={g}
              own={ownGrantIds.has(g.id)}
              revoking={revokingId === g.id}
              onRevoke={(x) => void revoke.run(x)}
            />
          ))}
          <ListFooter
            loadingMore={list.loadingMore}
            hasMore={list.hasMore}
            moreError={list.moreError}
            onLoadMore={() => void list.loadMore()}
          />
        </>
      )}
    </PageShell>
  )
}
