import Taro, { useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { ApplicationForReview, ApplicationStatus } from '../../../shared/api'
import { ApplicationRow } from './application-row'
import { RejectDialog } from './reject-dialog'
import './index.scss'

const tabs = [
  { value: 'pending', title: '待审核' },
  { value: 'approved', title: '已通过' },
  { value: 'rejected', title: '已驳回' },
] as const

const emptyText: Record<ApplicationStatus, string> = {
  pending: '暂无待审核的入会申请',
  approved: '暂无已通过的申请',
  rejected: '暂无已驳回的申请',
}

export default function ReviewPage() {
  const [status, setStatus] = useState<ApplicationStatus>('pending')
  const [approvingId, setApprovingId] = useState<number | null>(null)
  const [rejecting, setRejecting] = useState<ApplicationForReview | null>(null)
  const list = usePagedList(`review:${status}`, (cursor) => api.member.reviewList({ status, cursor }))

  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const removeRow = (id: number) => list.setItems((items) => items.filter((i) => i.id !== id))

  const approve = useAction(async (application: ApplicationForReview) => {
    const { confirm } = await Taro.showModal({
      title: '通过入会申请',
      content: `确认 ${application.name} 加入 ${application.branch.name}？`,
      confirmText: '通过',
      confirmColor: '#c4161c',
    })
    if (!confirm) return
    setApprovingId(application.id)
    try {
      const result = await api.member.approve({ applicationId: application.id })
      removeRow(application.id)
      void Taro.showToast({ title: `已通过，会员号 ${result.memberNo}`, icon: 'none', duration: 2500 })
    } finally {
      setApprovingId(null)
    }
  })

  // A failure reaches the dialog, which shows it and stays open with the reason the admin typed.
  const reject = async (application: ApplicationForReview, reason: string) => {
    await api.member.reject({ applicationId: application.id, reason })
    removeRow(application.id)
    void Taro.showToast({ title: '已驳回', icon: 'none' })
  }

  return (
    <PageShell className='review-page'>
      <FilterTabs tabs={tabs} value={status} onChange={setStatus} />
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={emptyText[status]} />}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          {list.items.map((a) => (
            <ApplicationRow
              key={a.id}
              application={a}
              approving={approvingId === a.id}
              onApprove={(x) => void approve.run(x)}
              onReject={setRejecting}
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
      <RejectDialog application={rejecting} onCancel={() => setRejecting(null)} onReject={reject} />
    </PageShell>
  )
}
