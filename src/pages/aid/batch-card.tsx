import { Text, View } from '@tarojs/components'
import dayjs from 'dayjs'
import type { PropsWithChildren } from 'react'
import { formatFen } from '../../shared/aid/money'
import type { EnrolBatch } from '../../shared/api'
import { cx } from '../../utils/cx'
import './batch-card.scss'

const statusNames: Record<EnrolBatch['status'], string> = { pending_payment: '待确认缴费', confirmed: '已缴费，保障生效' }

/** One enrolment batch: who, which plan, how many, how much, and where its payment stands. */
export function BatchCard({ batch, children }: PropsWithChildren<{ batch: EnrolBatch }>) {
  return (
    <View className='aid-batch'>
      <View className='aid-batch__head'>
        <Text className='aid-batch__branch'>{batch.branch.name}</Text>
        <Text className={cx('aid-batch__status', `aid-batch__status--${batch.status}`)}>{statusNames[batch.status]}</Text>
      </View>
      <Text className='aid-batch__line'>{batch.plan.name}</Text>
      <Text className='aid-batch__line'>
        {batch.kind === 'individual' ? '个人参保' : '单位名单'} · {batch.accepted} 人 × {formatFen(batch.plan.contributionFen)} 元
      </Text>
      <Text className='aid-batch__total'>应缴合计 {formatFen(batch.totalFen)} 元</Text>
      <Text className='aid-batch__meta'>
        {batch.submittedBy} 提交于 {dayjs(batch.submittedAt).format('YYYY-MM-DD HH:mm')}
      </Text>
      {batch.paymentRef && (
        <Text className='aid-batch__meta'>
          付款凭证 {batch.paymentRef}
          {batch.confirmedAt ? `，${dayjs(batch.confirmedAt).format('YYYY-MM-DD')} 确认` : ''}
        </Text>
      )}
      {children}
    </View>
  )
}
