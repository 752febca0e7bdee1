import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { useRequestId } from '../../../hooks/use-request-id'
import { routes, withQuery } from '../../../routes'
import type { ManagedItem } from '../../../shared/api'
import { AdminNav } from '../admin-nav'
import { CodesDialog } from './codes-dialog'
import type { CodesUpload } from './codes-dialog'
import { ManagedItemRow } from './managed-item-row'
import type { ItemCommand } from './managed-item-row'
import { openPage } from '../../../utils/navigate'
import './index.scss'

const maxRestock = 1_000_000

export default function ManageItemsPage() {
  const list = usePagedList('managed-items', (cursor) => api.mall.manageItems({ cursor }))
  const [dialog, setDialog] = useState<{ item: ManagedItem; command: 'restock' | 'codes' } | null>(null)
  // A restock resent after a lost answer keeps its id, so the stock is added once.
  const restockRequest = useRequestId()

  // Back from the editor: the item may have been created or changed.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const replace = (item: ManagedItem) => list.setItems((items) => items.map((i) => (i.id === item.id ? item : i)))

  const command = (item: ManagedItem, cmd: ItemCommand) => {
    if (cmd === 'edit') {
      void openPage(withQuery(routes.mallAdminItemEdit, { id: item.id }))
    } else {
      setDialog({ item, command: cmd })
    }
  }

  const restock = async (text: string) => {
    if (!dialog) return
    const payload = { itemId: dialog.item.id, delta: Number(text) }
    const item = await api.mall.restock({ ...payload, requestId: restockRequest.idFor(payload) })
    restockRequest.reset()
    replace(item)
    void Taro.showToast({ title: `已补货，当前库存 ${item.stock}`, icon: 'none' })
  }

  const uploadCodes = async (upload: CodesUpload) => {
    if (!dialog) return
    const item = dialog.item
    const result = await api.mall.uploadCodes({ itemId: item.id, ...upload })
    replace({ ...item, stock: result.stock, codesAvailable: result.stock })
    void Taro.showModal({
      title: '券码已上传',
      content: `新增 ${result.added} 个，重复 ${result.duplicates} 个已忽略，当前可兑 ${result.stock} 个。`,
      showCancel: false,
      confirmText: '知道了',
    })
  }

  return (
    <PageShell className='manage-items'>
      <AdminNav current='items' />
      <View className='manage-items__bar'>
        <Button className='manage-items__create' type='primary' block onClick={() => void openPage(routes.mallAdminItemEdit)}>
          新建商品
        </Button>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='还没有商品，点击上方「新建商品」上架第一件' />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((item) => (
            <ManagedItemRow key={item.id} item={item} onCommand={command} />
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}

      <PromptDialog
        visible={dialog?.command === 'restock'}
        title='补货'
        subject={dialog ? `${dialog.item.title}（当前库存 ${dialog.item.stock}）` : undefined}
        label='补货数量'
        numeric
        maxLength={7}
        placeholder='如 50'
        confirmText='确认补货'
        validate={(v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= maxRestock ? null : '请填写 1–1000000 的整数')}
        onSubmit={restock}
        onClose={() => setDialog(null)}
      />
      <CodesDialog
        visible={dialog?.command === 'codes'}
        subject={dialog ? `${dialog.item.title}（可用券码 ${dialog.item.codesAvailable ?? dialog.item.stock} 个）` : undefined}
        onSubmit={uploadCodes}
        onClose={() => setDialog(null)}
      />
    </PageShell>
  )
}
