import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { api } from '../../../api'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import { routes, withQuery } from '../../../routes'
import { claimTypes } from '../../../shared/aid/claim-types'
import { formatFen } from '../../../shared/aid/money'
import type { ClaimSummary } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'
import { ClaimStatusTag } from '../claim-status'
import './index.scss'

/** What the row says about money: the approved amount once decided, the estimate before. */
function amountText(claim: ClaimSummary): string {
  if (claim.approvedFen !== null) return `核准 ${formatFen(claim.approvedFen)} 元`
  if (claim.status === 'rejected' || claim.status === 'withdrawn') return `申请费用 ${formatFen(claim.totalFen)} 元`
  return `预估 ${formatFen(claim.computedFen)} 元`
}

export default function MyClaimsPage() {
  const list = usePagedList('aid-claims', (cursor) => api.aid.myClaims({ cursor }))
  // Back from a claim that was withdrawn or supplemented, or from filing a new one.
  useRefreshOnReturn(() => void list.reload())
  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const fileNew = () => void openPage(routes.aidClaimNew)

  return (
    <PageShell className='aid-claims'>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <PageState kind='empty' message='还没有互助申请。一站式结算未报销的费用，可在出院后申请。' action={{ text: '申请互助金', onClick: fileNew }} />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <Button className='aid-claims__new' type='primary' block onClick={fileNew}>
            申请互助金
          </Button>
          {list.items.map((claim) => (
            <View
              key={claim.id}
              className={`aid-claims__row aid-claims__row--${claim.status}`}
              onClick={() => void openPage(withQuery(routes.aidClaim, { id: claim.id }))}
            >
              <View className='aid-claims__head'>
                <Text className='aid-claims__title'>
                  {claimTypes[claim.claimType].label} · {claim.hospital}
                </Text>
                <ClaimStatusTag status={claim.status} />
              </View>
              <Text className='aid-claims__meta'>
                {claim.admissionOn} 至 {claim.dischargeOn} · {claim.planName}
              </Text>
              <Text className='aid-claims__amount'>{amountText(claim)}</Text>
            </View>
          ))}
          <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
        </>
      )}
    </PageShell>
  )
}
