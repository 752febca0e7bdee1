import { Text, View } from '@tarojs/components'
import type { Me, WorkQueues } from '../../shared/api'
import { roleNames } from '../../shared/roles'
import { cx } from '../../utils/cx'
import { ModuleGrid, staffModules } from './module-grid'

/**
 * 工作台: what staff came to do. For staff who are not members it leads the page in place of
 * the joining banner; members who are also staff find it below their card.
 */
export function StaffPanel({ me, queues, lead }: { me: Me; queues: WorkQueues | null; lead: boolean }) {
  const roles = [...new Set(me.grants.map((g) => roleNames[g.role]))]
  const waiting = (queues?.pendingApplications ?? 0) + (queues?.pendingPickups ?? 0) + (queues?.pendingClaims ?? 0) + (queues?.claimsToPay ?? 0) + (queues?.legalUnclaimed ?? 0) + (queues?.casesToAccept ?? 0)
  return (
    <View className={cx('staff-panel', lead && 'staff-panel--lead')}>
      <View className='staff-panel__head'>
        <Text className='staff-panel__title'>工作台</Text>
        <Text className='staff-panel__roles'>{roles.join('、')}</Text>
      </View>
      {waiting > 0 && <Text className='staff-panel__hint'>有 {waiting} 项待处理</Text>}
      <ModuleGrid modules={staffModules(me, queues)} className='staff-panel__grid' />
    </View>
  )
}
