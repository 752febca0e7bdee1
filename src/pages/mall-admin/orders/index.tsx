import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { ActionInput, QueueOrder } from '../../../shared/api'
import { AdminNav } from '../admin-nav'
import { PickupVerify } from './pickup-verify'
import { QueueRow } from './queue-row'
import type { QueueCommand } from './queue-row'
import './index.scss'

type Queue = NonNullable<ActionInput<'mall', 'orderQueue'>['queue']>

const tabs: { value: Queue; title: string }[] = [
  { value: 'pickup', title: '待自提核销' },
  { value: 'shipping', title: '待发货' },
  { value: 'all', title: '全部订单' },
]

const emptyText: Record<Queue, string> = {
  pickup: '没有待自提的订单',
  shipping: '没有待发货的订单',
  all: '还没有订单',
}

export default function OrderQueuePage() {
  const [queue, setQueue] = useState<Queue>('pickup')
  const [dialog, setDialog] = useState<{ order: QueueOrder; command: QueueCommand } | null>(null)
  const list = usePagedList(`queue:${queue}`, (cursor) => api.mall.orderQueue({ queue, cursor }))

  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  /** A handled order leaves a work queue; the full list shows its new state. */
  const settle = (order: QueueOrder) =>
    list.setItems((items) =>
      queue === 'all' ? items.map((i) => (i.id === order.id ? order : i)) : items.filter((i) => i.id !== order.id),
    )

  const ship = async (trackingNo: string) => {
    if (!dialog) return
    settle(await api.mall.ship({ id: dialog.order.id, trackingNo }))
    void Taro.showToast({ title: '已发货', icon: 'success' })
  }

  const cancel = async (reason: string) => {
    if (!dialog) return
    const cancelled = await api.mall.operatorCancel({ id: dialog.order.id, reason })
    settle(cancelled)
    void Taro.showToast({ title: `已取消，${cancelled.points} 积分已退回会员`, icon: 'none', duration: 2500 })
  }

  const subject = dialog ? `${dialog.order.member.name} · ${dialog.order.item.title} × ${dialog.order.quantity}` : undefined
  return (
    <PageShell className='order-queue'>
      <AdminNav current='orders' />
      <FilterTabs tabs={tabs} value={queue} onChange={setQueue} />
      {queue === 'pickup' && <PickupVerify onVerified={settle} />}
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[queue]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((order) => (
            <QueueRow key={order.id} order={order} onCommand={(o, command) => setDialog({ order: o, command })} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}

      <PromptDialog
        visible={dialog?.command === 'ship'}
        title='发货'
        subject={subject}
        label='快递单号'
        maxLength={40}
        placeholder='如 SF1234567890'
        confirmText='确认发货'
        validate={(v) => (/^[A-Za-z0-9-]{6,40}$/.test(v) ? null : '请填写 6–40 位字母、数字的快递单号')}
        onSubmit={ship}
        onClose={() => setDialog(null)}
      />
      <PromptDialog
        visible={dialog?.command === 'cancel'}
        title='取消订单'
        subject={subject}
        label='取消原因'
        hint='会员会看到此原因，积分和库存将退回'
        multiline
        maxLength={100}
        placeholder='如：商品破损，暂无法发货'
        confirmText='确认取消'
        validate={(v) => (v.length >= 2 ? null : '请填写取消原因（2–100 字）')}
        onSubmit={cancel}
        onClose={() => setDialog(null)}
      />
    </PageShell>
  )
}
