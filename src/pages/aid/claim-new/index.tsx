import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useResource } from '../../../hooks/use-resource'
import { routes, withQuery } from '../../../routes'
import { daysBetween } from '../../../shared/aid/claim-types'
import type { CoverageYear } from '../../../shared/api'
import { redirectPage } from '../../../utils/navigate'
import { ClaimForm } from './claim-form'
import { ConsentSheet } from './consent-sheet'
import './index.scss'

/** Today in Asia/Shanghai (UTC+8 all year), the calendar every date of the claim is in. */
function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** Coverages a claim can still be filed under: paid for, begun, and not past the filing window after they ended. */
function claimable(history: CoverageYear[], today: string): CoverageYear[] {
  return history.filter((c) => c.status === 'active' && c.startsOn <= today && daysBetween(c.endsOn, today) <= c.plan.filingWindowDays)
}

export default function ClaimNewPage() {
  const today = shanghaiToday()
  const data = useResource('aid-claim-new', async () => {
    const [coverage, consent] = await Promise.all([api.aid.coverage(), api.aid.healthConsent()])
    return { coverages: claimable(coverage.history, today), consent }
  })

  let body
  if (data.status === 'loading') body = <PageState kind='loading' />
  else if (data.error || !data.data) body = data.error && <LoadFailure error={data.error} onRetry={() => void data.reload()} />
  else if (data.data.coverages.length === 0) {
    body = <PageState kind='empty' message='您目前没有可以申请互助金的医疗互助保障' action={{ text: '查看我的保障', onClick: () => void redirectPage(routes.aidCoverage) }} />
  } else if (!data.data.consent.givenAt) {
    body = <ConsentSheet onGiven={(consent) => data.setData((d) => ({ ...d, consent }))} />
  } else {
    body = (
      <ClaimForm
        coverages={data.data.coverages}
        today={today}
        onSubmitted={(claim) => {
          void Taro.showToast({ title: '申请已提交', icon: 'success' })
          void redirectPage(withQuery(routes.aidClaim, { id: claim.id }))
        }}
      />
    )
  }

  return (
    <PageShell className='aid-claim-new'>
      <View className='aid-claim-new__intro'>
        <Text>一站式结算未报销的医疗费用（如异地就医），可在此申请医疗互助金。</Text>
      </View>
      {body}
    </PageShell>
  )
}
