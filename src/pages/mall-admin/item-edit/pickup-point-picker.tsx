import { Picker, Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { PickupPoint } from '../../../shared/api'
import { openPage } from '../../../utils/navigate'

/** The most points one picker lists: an operator's scope has a handful, and the list is for choosing, not browsing. */
const pickerLimit = 50

/** The operator's live pickup points, picked with the platform's own selector. */
export function PickupPointPicker({ value, onChange }: { value: PickupPoint | null; onChange: (point: PickupPoint) => void }) {
  const points = useResource('pickup-points:live', () => api.mall.pickupPoints({ limit: pickerLimit }))
  const list = points.data?.items ?? []

  if (points.status === 'error') {
    return (
      <Text className='pickup-point-picker__empty' onClick={() => void points.reload()}>
        自提点加载失败，点此重试
      </Text>
    )
  }
  if (points.data && list.length === 0) {
    return (
      <Text className='pickup-point-picker__empty' onClick={() => void openPage(routes.mallAdminPickupPoints)}>
        还没有自提点，点此添加
      </Text>
    )
  }
  return (
    <Picker
      mode='selector'
      range={list.map((p) => `${p.name}（${p.branch.name}）`)}
      value={Math.max(0, list.findIndex((p) => p.id === value?.id))}
      onChange={(e) => {
        const picked = list[Number(e.detail.value)]
        if (picked) onChange(picked)
      }}
    >
      <View className='pickup-point-picker'>
        <Text className='pickup-point-picker__value'>{value ? value.name : points.data ? '请选择自提点' : '正在加载自提点…'}</Text>
        {value && <Text className='pickup-point-picker__address'>{value.address}</Text>}
      </View>
    </Picker>
  )
}
