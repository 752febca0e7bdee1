import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import type { ManagedNotice, NoticeState } from '../../../shared/api'
import { NoticeRow, stateNames } from './notice-row'
import type { NoticeCommand } from './notice-row'
import { openPage } from '../../../utils/navigate'
import './index.scss'

type Filter = NoticeState | 'all'

const tabs: { value: Filter; title: string }[] = [
  { value: 'all', title: '全部' },
  ...(['draft', 'scheduled', 'published', 'withdrawn', 'expired'] as const).map((s) => ({ value: s, title: stateNames[s] })),
]

const confirmations: Partial<Record<NoticeCommand, { title: string; content: string; confirmText: string }>> = {
  publish: { title: '立即发布', content: '发布后，发布范围内的会员将立即看到这条通知。', confirmText: '发布' },
  withdraw: { title: '撤回通知', content: '撤回后会员将无法再看到这条通知，且不能恢复。', confirmText: '撤回' },
}

const doneText = { publish: '已发布', withdraw: '已撤回', pin: '已置顶', unpin: '已取消置顶' } as const

export default function NoticeManagePage() {
  const [filter, setFilter] = useState<Filter>('all')
  const [busy, setBusy] = useState<{ id: number; command: NoticeCommand } | null>(null)
  const list = usePagedList(`notices:${filter}`, (cursor) => api.notice.manageList({ status: filter, cursor }))

  // Returning from the editor: the notice may have been saved, published or scheduled.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const command = useAction(async (notice: ManagedNotice, cmd: NoticeCommand) => {
    if (cmd === 'edit') {
      await openPage(withQuery(routes.noticeEdit, { id: notice.id }))
      return
    }
    const confirmation = confirmations[cmd]
    if (confirmation) {
      const { confirm } = await Taro.showModal({ ...confirmation, confirmColor: '#c4161c' })
      if (!confirm) return
    }
    setBusy({ id: notice.id, command: cmd })
    try {
      const updated =
        cmd === 'publish'
          ? await api.notice.publish({ id: notice.id })
          : cmd === 'withdraw'
            ? await api.notice.withdraw({ id: notice.id })
            : await api.notice.setPinned({ id: notice.id, pinned: cmd === 'pin' })
      // A row whose new state no longer matches the filter leaves the list.
      list.setItems((items) =>
        filter === 'all' || updated.state === filter
          ? items.map((i) => (i.id === updated.id ? updated : i))
          : items.filter((i) => i.id !== updated.id),
      )
      void Taro.showToast({ title: doneText[cmd], icon: 'success' })
    } finally {
      setBusy(null)
    }
  })

  return (
    <PageShell className='notice-manage'>
      <View className='notice-manage__bar'>
        <Button className='notice-manage__create' type='primary' block onClick={() => void openPage(routes.noticeEdit)}>
          新建通知
        </Button>
      </View>
      <FilterTabs tabs={tabs} value={filter} onChange={setFilter} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message={filter === 'all' ? '还没有通知，点击上方「新建通知」开始' : `没有${stateNames[filter]}的通知`} />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((n) => (
            <NoticeRow
              key={n.id}
              notice={n}
              busyCommand={busy?.id === n.id ? busy.command : null}
              onCommand={(notice, cmd) => void command.run(notice, cmd)}
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
