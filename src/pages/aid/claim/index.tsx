import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh, useRefreshOnReturn } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { claimTypes, openClaimStatuses } from '../../../shared/aid/claim-types'
import { formatFen } from '../../../shared/aid/money'
import type { ClaimDetail } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'
import { ClaimStatusTag } from '../claim-status'
import { ClaimDocuments } from './documents'
import { SupplementForm } from './supplement-form'
import { ClaimTimeline } from './timeline'
import './index.scss'

/** What the member should know or do now, per status. */
function nextStep(claim: ClaimDetail): string | null {
  switch (claim.status) {
    case 'submitted':
      return '申请已提交，等待工会审核员受理'
    case 'in_review':
      return '审核员正在审核您的申请'
    case 'second_review':
      return '初审已通过，金额较大，等待上级审核员复核'
    case 'approved':
      return `审核通过，核准互助金 ${formatFen(claim.approvedFen ?? 0)} 元，等待工会转账`
    case 'paid':
      return `互助金 ${formatFen(claim.approvedFen ?? 0)} 元已支付${claim.bankAccountMasked ? `至 ${claim.bankAccountMasked}` : ''}`
    case 'rejected':
      return claim.statusReason ? `未通过：${claim.statusReason}` : '申请未通过'
    case 'withdrawn':
      return '您已撤回这份申请'
    default:
      return null
  }
}

function Row({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <View className={`aid-claim__row${className ? ` ${className}` : ''}`}>
      <Text className='aid-claim__label'>{label}</Text>
      <Text className='aid-claim__value'>{value}</Text>
    </View>
  )
}

export default function ClaimPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const claim = useResource(`aid-claim:${id}`, () => api.aid.claim({ id }), { enabled: valid })
  // Signed document links last minutes: coming back or pulling down fetches fresh ones.
  useRefreshOnReturn(() => void claim.reload())
  usePullToRefresh(() => claim.reload())

  const withdraw = useAction(async (current: ClaimDetail) => {
    const { confirm } = await Taro.showModal({
      title: '撤回申请',
      content: '撤回后这份申请不再审核，上传的材料将在 30 天后删除。如需申请，可重新提交。',
      confirmText: '撤回',
      cancelText: '再想想',
    })
    if (!confirm) return
    const { claim: updated } = await api.aid.withdrawClaim({ id: current.id })
    claim.setData(() => updated)
    void Taro.showToast({ title: '已撤回', icon: 'none' })
  })

  if (!valid) return <PageShell><PageState kind='error' message='申请编号无效' /></PageShell>
  if (claim.status === 'loading') return <PageShell><PageState kind='loading' /></PageShell>
  if (claim.error || !claim.data) {
    return <PageShell>{claim.error && <LoadFailure error={claim.error} onRetry={() => void claim.reload()} />}</PageShell>
  }
  const c = claim.data
  const step = nextStep(c)
  const decided = c.approvedFen !== null

  return (
    <PageShell className={`aid-claim aid-claim--${c.status}`}>
      <View className='aid-claim__card aid-claim__head'>
        <View className='aid-claim__title-line'>
          <Text className='aid-claim__title'>
            {claimTypes[c.claimType].label} · {c.hospital}
          </Text>
          <ClaimStatusTag status={c.status} />
        </View>
        <Text className='aid-claim__muted'>
          {c.planName} · 提交于 {dateTimeText(c.submittedAt)}
        </Text>
        {step && <Text className={`aid-claim__callout aid-claim__callout--${c.status}`}>{step}</Text>}
        {c.status === 'paid' && c.payoutRef && <Row label='转账凭证号' value={c.payoutRef} className='aid-claim__payout-ref' />}
        {c.status === 'paid' && c.paidAt && <Row label='支付时间' value={dateTimeText(c.paidAt)} />}
      </View>

      {c.status === 'need_more' && <SupplementForm claim={c} onDone={(updated) => claim.setData(() => updated)} />}

      <View className='aid-claim__card'>
        <Text className='aid-claim__card-title'>就诊与费用</Text>
        <Row label='就诊日期' value={`${c.admissionOn} 至 ${c.dischargeOn}${c.hospitalDays !== null ? `（住院 ${c.hospitalDays} 天）` : ''}`} />
        {c.criticalIllnessCode && <Row label='重大疾病' value={c.criticalIllnessCode} />}
        <Row label='医疗费用总额' value={`${formatFen(c.totalFen)} 元`} />
        <Row label='医保支付' value={`${formatFen(c.insurancePaidFen)} 元`} />
        <Row label='个人自付' value={`${formatFen(c.selfPaidFen)} 元`} />
        <Row label='可报销金额' value={`${formatFen(c.eligibleFen)} 元`} />
      </View>

      <View className='aid-claim__card aid-claim__money'>
        <Text className='aid-claim__card-title'>互助金</Text>
        <Row label={decided ? '核准金额' : '测算金额'} value={`${formatFen(decided ? c.approvedFen ?? 0 : c.computedFen)} 元`} className='aid-claim__amount' />
        {c.computedLines.map((line) => (
          <Text key={line} className='aid-claim__line'>
            {line}
          </Text>
        ))}
        {c.overrideReason && <Text className='aid-claim__line'>调整说明：{c.overrideReason}</Text>}
        {!decided && <Text className='aid-claim__muted'>测算按提交时的本年度已用额度计算，以审核结果为准。</Text>}
      </View>

      <View className='aid-claim__card'>
        <Text className='aid-claim__card-title'>申请材料</Text>
        <ClaimDocuments documents={c.documents} />
      </View>

      <View className='aid-claim__card'>
        <Text className='aid-claim__card-title'>办理进度</Text>
        <ClaimTimeline events={c.events} />
      </View>

      {openClaimStatuses.includes(c.status) && (
        <Button className='aid-claim__withdraw' block loading={withdraw.busy} disabled={withdraw.busy} onClick={() => void withdraw.run(c)}>
          撤回申请
        </Button>
      )}
    </PageShell>
  )
}
