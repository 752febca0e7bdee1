import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import type { DatingCountyFigures } from '../../../shared/api'
import { dateTimeText } from '../../../utils/time'
import './index.scss'

type Counts = Omit<DatingCountyFigures, 'county'>

const columns: { key: keyof Counts; label: string }[] = [
  { key: 'members', label: '会员' },
  { key: 'joined', label: '加入鹊桥会' },
  { key: 'active', label: '展示中资料' },
  { key: 'matches', label: '配对' },
  { key: 'attendance', label: '活动签到' },
  { key: 'couples', label: '牵手成功' },
]

function Numbers({ counts }: { counts: Counts }) {
  return (
    <View className='dating-figures__numbers'>
      {columns.map((c) => (
        <View key={c.key} className={`dating-figures__cell dating-figures__cell--${c.key}`}>
          <Text className='dating-figures__value'>{counts[c.key]}</Text>
          <Text className='dating-figures__label'>{c.label}</Text>
        </View>
      ))}
    </View>
  )
}

/** 鹊桥会统计 per county of the caller's scope (matchmakers and union admins). */
export default function DatingFiguresPage() {
  const figures = useResource('dating-figures', () => api.dating.figures({}))
  usePullToRefresh(() => figures.reload())

  if (!figures.data) {
    return (
      <PageShell className='dating-figures'>
        {figures.error ? <LoadFailure error={figures.error} onRetry={() => void figures.reload()} /> : <PageState kind='loading' />}
      </PageShell>
    )
  }
  const f = figures.data
  return (
    <PageShell className='dating-figures'>
      <View className='dating-figures__card dating-figures__card--total'>
        <Text className='dating-figures__title'>合计</Text>
        <Numbers counts={f.totals} />
        <Text className='dating-figures__note'>
          截至 {dateTimeText(f.at)}。配对含已解除的，按双方配对时所在县（市、区）各计一次，跨县配对在合计中只计一次；活动签到为到场人次。
        </Text>
      </View>
      {f.rows.length === 0 && <PageState kind='empty' message='您负责的范围内暂无数据' />}
      {f.rows.map((row) => (
        <View key={row.county.id} className='dating-figures__card dating-figures__county'>
          <Text className='dating-figures__title'>{row.county.name}</Text>
          <Numbers counts={row} />
        </View>
      ))}
    </PageShell>
  )
}
