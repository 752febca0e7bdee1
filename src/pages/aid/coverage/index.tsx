import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { openDocument } from '../../../platform/open-document'
import { coverageStateName } from '../../../shared/aid/labels'
import { routes } from '../../../routes'
import { formatFen } from '../../../shared/aid/money'
import type { AidCoverage, CoverageYear } from '../../../shared/api'
import { cx } from '../../../utils/cx'
import { openPage } from '../../../utils/navigate'
import { PayoutList } from './payout-list'
import './index.scss'

/** Share of the yearly cap used, in whole percent for the bar (integers only). */
function usedPercent(usage: CoverageYear['usage']): number {
  return usage.yearlyCapFen === 0 ? 100 : Math.min(100, Math.floor((usage.paidFen * 100) / usage.yearlyCapFen))
}

function observationText(c: CoverageYear): string {
  if (c.observationEndsOn === c.startsOn) return '续保，无观察期'
  if (c.inObservation) return `观察期至 ${c.observationEndsOn}（当天起发生的费用可以申请互助）`
  return `观察期已于 ${c.observationEndsOn} 结束`
}

function CurrentCoverage({ coverage }: { coverage: CoverageYear }) {
  const usage = coverage.usage
  const percent = usedPercent(usage)
  return (
    <View className='coverage__card coverage__current'>
      <View className='coverage__head'>
        <Text className='coverage__plan'>{coverage.plan.name}</Text>
        <Text className={cx('coverage__status', `coverage__status--${coverage.state}`)}>
          {coverageStateName(coverage.state, coverage.status)}
        </Text>
      </View>
      <Text className='coverage__fact'>
        保障期间：{coverage.startsOn} 至 {coverage.endsOn}
      </Text>
      <Text className='coverage__fact'>{observationText(coverage)}</Text>
      <Text className='coverage__fact'>参保单位：{coverage.branch.name}</Text>
      <View className='coverage__cap'>
        <View className='coverage__cap-head'>
          <Text>年度互助金额度</Text>
          <Text className='coverage__cap-total'>{formatFen(usage.yearlyCapFen)} 元</Text>
        </View>
        <View className='coverage__bar' role='progressbar' aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
          <View className='coverage__bar-used' style={{ width: `${percent}%` }} />
        </View>
        <View className='coverage__cap-figures'>
          <Text className='coverage__used'>已用 {formatFen(usage.paidFen)} 元</Text>
          <Text className='coverage__left'>剩余 {formatFen(usage.leftFen)} 元</Text>
        </View>
      </View>
      <Text className='coverage__fact'>
        起付线 {formatFen(usage.deductibleFen)} 元，本年度已扣 {formatFen(usage.deductibleUsedFen)} 元
      </Text>
      {coverage.plan.rules.hospitalAllowance && (
        <Text className='coverage__fact'>
          住院补助本年度已给付 {usage.hospitalDaysPaid} 天（上限 {coverage.plan.rules.hospitalAllowance.maxDays} 天）
        </Text>
      )}
      {coverage.status === 'pending_payment' && <Text className='coverage__warn'>所在单位尚未确认缴费，缴费确认后保障生效。</Text>}
    </View>
  )
}

function NotEnrolled({ coverage }: { coverage: AidCoverage }) {
  return (
    <View className='coverage__card coverage__empty'>
      <PageState kind='empty' message='未参加医疗互助' />
      <Text className='coverage__how'>职工医疗互助一般由所在企业工会统一办理参保，请联系您的企业工会。</Text>
      {coverage.individualPlans.length > 0 && (
        <View className='coverage__individual'>
          <Text className='coverage__how'>以下计划允许个人参保：</Text>
          {coverage.individualPlans.map((p) => (
            <Text key={p.id} className='coverage__individual-plan'>
              {p.name}（{p.coverageYear} 年度，每人 {formatFen(p.contributionFen)} 元）
            </Text>
          ))}
          <Button className='coverage__enrol' type='primary' fill='outline' onClick={() => void openPage(routes.aidEnrol)}>
            个人参保
          </Button>
        </View>
      )}
    </View>
  )
}

/** Where a member goes from their coverage: a new claim, the claims already filed, an export of their records. */
function ClaimActions({ canClaim }: { canClaim: boolean }) {
  // The member's own enrolments, payouts and claims as a workbook, theirs to keep.
  const exporting = useAction(async () => {
    const exported = await api.aid.myRecordsExport({})
    await openDocument(exported.readUrl.url, 'xlsx')
  })
  return (
    <View className='coverage__card coverage__actions'>
      {canClaim && (
        <Button className='coverage__claim-new' type='primary' block onClick={() => void openPage(routes.aidClaimNew)}>
          申请互助金
        </Button>
      )}
      <Button className='coverage__claims' fill='outline' block onClick={() => void openPage(routes.aidClaims)}>
        我的互助申请
      </Button>
      <Button className='coverage__export' fill='none' block loading={exporting.busy} onClick={() => void exporting.run()}>
        导出我的互助记录
      </Button>
    </View>
  )
}

export default function CoveragePage() {
  const coverage = useResource('aid-coverage', () => api.aid.coverage())
  const [openYear, setOpenYear] = useState<number | null>(null)
  usePullToRefresh(() => coverage.reload())

  if (coverage.error) {
    return (
      <PageShell className='coverage'>
        <LoadFailure error={coverage.error} onRetry={() => void coverage.reload()} />
      </PageShell>
    )
  }
  const data = coverage.data
  if (!data) {
    return (
      <PageShell className='coverage'>
        <PageState kind='loading' />
      </PageShell>
    )
  }
  const current = data.current
  const shown = openYear ?? current?.enrolmentId ?? null
  return (
    <PageShell className='coverage'>
      {current ? <CurrentCoverage coverage={current} /> : <NotEnrolled coverage={data} />}
      {(current || data.history.length > 0) && <ClaimActions canClaim={current?.status === 'active'} />}
      {data.history.length > 0 && (
        <View className='coverage__card'>
          <Text className='coverage__section'>历年保障与互助金</Text>
          {data.history.map((year) => (
            <View key={year.enrolmentId} className='coverage__year'>
              <View className='coverage__year-head' onClick={() => setOpenYear(shown === year.enrolmentId ? 0 : year.enrolmentId)}>
                <View className='coverage__year-text'>
                  <Text className='coverage__year-title'>
                    {year.plan.coverageYear} 年度 · {coverageStateName(year.state, year.status)}
                  </Text>
                  <Text className='coverage__year-figures'>
                    互助金 {formatFen(year.usage.paidFen)} 元 · {year.usage.payouts} 笔
                  </Text>
                </View>
                <Text className='coverage__year-toggle'>{shown === year.enrolmentId ? '收起' : '明细'}</Text>
              </View>
              {shown === year.enrolmentId && <PayoutList enrolmentId={year.enrolmentId} />}
            </View>
          ))}
        </View>
      )}
    </PageShell>
  )
}
