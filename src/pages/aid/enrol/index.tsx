import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api, errorText } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useRequestId } from '../../../hooks/use-request-id'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import { formatFen } from '../../../shared/aid/money'
import type { EnrolOption } from '../../../shared/api'
import { enrolmentStatusNames } from '../../../shared/aid/labels'
import { openPage } from '../../../utils/navigate'
import './index.scss'

/**
 * 个人参保: a member joins a plan that takes members alone. There is no payment gateway: the
 * member pays the union, and an aid_admin above confirms it as for an enterprise's list.
 */
export default function EnrolPage() {
  const options = useResource('aid-enrol-options', () => api.aid.enrolOptions({}))
  const [enrolling, setEnrolling] = useState<number | null>(null)
  const request = useRequestId()
  usePullToRefresh(() => options.reload())

  const enrol = async ({ plan }: EnrolOption) => {
    const { confirm } = await Taro.showModal({
      title: '确认参保',
      content: `参加「${plan.name}」（${plan.coverageYear} 年度），每人互助金 ${formatFen(plan.contributionFen)} 元。新参保有 ${plan.observationDays} 天观察期（上年度已参保的续保免观察期）。提交后请向所在工会缴费，工会确认后保障生效。`,
      confirmText: '确认参保',
    })
    if (!confirm) return
    setEnrolling(plan.id)
    try {
      await api.aid.enrolSelf({ planId: plan.id, requestId: request.idFor({ planId: plan.id }) })
      request.reset()
      void Taro.showToast({ title: '已提交，待工会确认缴费', icon: 'none' })
      await options.reload()
    } catch (error) {
      void Taro.showModal({ title: '未能参保', content: errorText(error), showCancel: false })
    } finally {
      setEnrolling(null)
    }
  }

  return (
    <PageShell className='aid-enrol'>
      {options.status === 'loading' && <PageState kind='loading' />}
      {options.error && <LoadFailure error={options.error} onRetry={() => void options.reload()} />}
      {options.data && options.data.length === 0 && (
        <PageState kind='empty' message='目前没有可以个人参加的互助计划，请通过所在工会统一参保' action={{ text: '查看我的保障', onClick: () => void openPage(routes.aidCoverage) }} />
      )}
      {options.data?.map((option) => (
        <View key={option.plan.id} className='aid-enrol__plan'>
          <Text className='aid-enrol__name'>{option.plan.name}</Text>
          <Text className='aid-enrol__line'>保障年度：{option.plan.coverageYear} 年</Text>
          <Text className='aid-enrol__line'>每人互助金：{formatFen(option.plan.contributionFen)} 元</Text>
          <Text className='aid-enrol__line'>观察期：新参保 {option.plan.observationDays} 天，续保免观察期</Text>
          <Text className='aid-enrol__line'>参保范围：{option.plan.eligibleBranch.fullName} 及下级工会会员</Text>
          {option.enrolment ? (
            <View className='aid-enrol__status'>
              <Text className={`aid-enrol__badge aid-enrol__badge--${option.enrolment.status}`}>{enrolmentStatusNames[option.enrolment.status]}</Text>
              <Text className='aid-enrol__line'>
                {option.enrolment.status === 'pending_payment'
                  ? '已提交，待工会确认缴费'
                  : `保障期 ${option.enrolment.startsOn} 至 ${option.enrolment.endsOn}，观察期至 ${option.enrolment.observationEndsOn}`}
              </Text>
              <Button size='small' onClick={() => void openPage(routes.aidCoverage)}>
                查看我的保障
              </Button>
            </View>
          ) : (
            <Button type='primary' loading={enrolling === option.plan.id} disabled={enrolling !== null} onClick={() => void enrol(option)}>
              我要参保
            </Button>
          )}
        </View>
      ))}
    </PageShell>
  )
}
