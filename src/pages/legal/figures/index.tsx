import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { BranchRef, LegalFigureLine } from '../../../shared/api'
import { caseKindNames, caseOutcomeNames } from '../../../shared/legal/names'
import { openPage } from '../../../utils/navigate'
import { formatWorkingMinutes, periodNames, periodRange, shanghaiToday } from './period'
import type { Period } from './period'
import './index.scss'

const periodOptions = (Object.keys(periodNames) as Period[]).map((value) => ({ value, label: periodNames[value] }))

const minutesText = (minutes: number | null) => (minutes === null ? '—' : formatWorkingMinutes(minutes))

/** One line of figures as wrapping label–value pairs, so it stays readable in 大字模式. */
function FigureLine({ title, line }: { title: string; line: LegalFigureLine }) {
  const outcomes = (Object.keys(caseOutcomeNames) as (keyof typeof caseOutcomeNames)[])
    .filter((o) => line.outcomes[o] > 0)
    .map((o) => `${caseOutcomeNames[o]} ${line.outcomes[o]}`)
  if (line.outcomes.open > 0) outcomes.push(`办理中 ${line.outcomes.open}`)
  const facts: [string, string][] = [
    ['咨询', `${line.questions} 件`],
    ['已答复', `${line.answered} 件`],
    ['首次答复中位', minutesText(line.firstResponseMedianMinutes)],
    ['首次答复 90%', minutesText(line.firstResponseP90Minutes)],
    ['超时', `${line.overdue} 件`],
    ['已上报', `${line.escalated} 件`],
    ['评价', line.ratingAverage === null ? '暂无' : `${line.ratingAverage} 星（${line.ratingCount} 条）`],
    ['转交', `${caseKindNames.legal_aid} ${line.handoffs.legal_aid}，${caseKindNames.mediation} ${line.handoffs.mediation}`],
    ['转交结果', outcomes.length ? outcomes.join('，') : '—'],
  ]
  return (
    <View className='legal-figures-line'>
      <Text className='legal-figures-line__title'>{title}</Text>
      <View className='legal-figures-line__facts'>
        {facts.map(([label, value]) => (
          <View key={label} className={`legal-figures-line__fact${label === '超时' && line.overdue > 0 ? ' legal-figures-line__fact--alert' : ''}`}>
            <Text className='legal-figures-line__label'>{label}</Text>
            <Text className='legal-figures-line__value'>{value}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

/**
 * 法律服务统计 (legal_admins): questions asked in a period by members under the admin's branch, in
 * total, per county and per lawyer: first-response times in working hours, overdue and escalated
 * counts, ratings, hand-offs and how they ended.
 */
export default function LegalFiguresPage() {
  const me = useResource('me', () => api.auth.me())
  const branches: BranchRef[] = me.data?.grants.filter((g) => g.role === 'legal_admin').map((g) => g.branch) ?? []
  const [pickedBranch, setPickedBranch] = useState<number | null>(null)
  const branch = branches.find((b) => b.id === pickedBranch) ?? branches[0] ?? null
  const [period, setPeriod] = useState<Period>('month')
  const range = periodRange(period, shanghaiToday())
  const figures = useResource(
    `legal-figures:${branch?.id}:${range.from}:${range.to}`,
    () => api.legal.legalFigures({ branchId: branch?.id ?? 0, ...range }),
    { enabled: branch !== null },
  )
  usePullToRefresh(() => figures.reload())

  let body
  if (me.status === 'loading') body = <PageState kind='loading' />
  else if (me.error) body = <LoadFailure error={me.error} onRetry={() => void me.reload()} />
  else if (!branch) body = <PageState kind='empty' message='法律服务统计供法律服务管理员查看' />
  else if (figures.error) body = <LoadFailure error={figures.error} onRetry={() => void figures.reload()} />
  else if (!figures.data) body = <PageState kind='loading' />
  else {
    const data = figures.data
    body = (
      <>
        <FigureLine title={`${data.branch.name} 合计`} line={data.total} />
        <View className='legal-figures__section'>
          <Text>按区县</Text>
        </View>
        {data.counties.map((line) => (
          <FigureLine key={line.branch.id} title={line.branch.name} line={line} />
        ))}
        <View className='legal-figures__section'>
          <Text>按律师</Text>
        </View>
        {data.lawyers.length === 0 ? (
          <PageState kind='empty' message='这段时间还没有律师认领咨询' />
        ) : (
          data.lawyers.map((line) => <FigureLine key={line.lawyer.userId} title={line.lawyer.name} line={line} />)
        )}
      </>
    )
  }

  return (
    <PageShell className='legal-figures'>
      {branch && (
        <View className='legal-figures__filters'>
          {branches.length > 1 && (
            <ChoiceChips options={branches.map((b) => ({ value: b.id, label: b.name }))} value={branch.id} onChange={setPickedBranch} />
          )}
          <ChoiceChips options={periodOptions} value={period} onChange={setPeriod} />
          <Text className='legal-figures__note'>
            {range.from} 至 {range.to} 提问的咨询。答复时间按工作时间计算，不含夜间、周末和法定节假日；超过首次答复时限即为超时。
          </Text>
          <Button className='legal-figures__policy' size='small' onClick={() => void openPage(routes.legalPolicy)}>
            答复时限设置
          </Button>
        </View>
      )}
      {body}
    </PageShell>
  )
}
