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
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { formatFen } from '../../../shared/aid/money'
import type { EnrolBatch } from '../../../shared/api'
import { BatchCard } from '../batch-card'
import './index.scss'

/**
 * 参保缴费确认 for an aid_admin: the batches of the unions below awaiting payment (never one the
 * admin sent), each confirmed with the bank transfer's reference once the money has arrived.
 */
export default function PaymentsPage() {
  const list = usePagedList('aid-payments', (cursor) => api.aid.enrolBatches({ awaitingMe: true, cursor }))
  const [confirming, setConfirming] = useState<EnrolBatch | null>(null)
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='aid-payments'>
      <View className='aid-payments__intro'>
        <Text>下级工会提交的参保名单，核对到账后填写付款凭证号确认；确认后名单内会员的保障生效，并收到消息通知。</Text>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message='没有待确认缴费的参保名单' />}
      {list.status === 'ready' &&
        list.items.map((b) => (
          <BatchCard key={b.id} batch={b}>
            {b.canConfirm && (
              <Button className='aid-payments__confirm' type='primary' size='small' onClick={() => setConfirming(b)}>
                确认缴费
              </Button>
            )}
          </BatchCard>
        ))}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}

      <PromptDialog
        visible={confirming !== null}
        title='确认缴费'
        subject={confirming ? `${confirming.branch.fullName}：${confirming.accepted} 人，${formatFen(confirming.totalFen)} 元` : undefined}
        label='付款凭证号（银行转账流水号）'
        hint='请核对到账金额与应缴合计一致后再确认'
        maxLength={64}
        confirmText='确认到账'
        validate={(value) => (value.length < 4 ? '请填写付款凭证号（至少 4 位）' : null)}
        onSubmit={async (paymentRef) => {
          if (!confirming) return
          const { batch } = await api.aid.confirmPayment({ batchId: confirming.id, paymentRef })
          list.setItems((items) => items.filter((b) => b.id !== batch.id))
          void Taro.showToast({ title: `已确认，${batch.accepted} 人保障生效`, icon: 'none' })
        }}
        onClose={() => setConfirming(null)}
      />
    </PageShell>
  )
}
