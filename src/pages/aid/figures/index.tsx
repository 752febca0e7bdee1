import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { useAction } from '../../../hooks/use-action'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { useResource } from '../../../hooks/use-resource'
import { openDocument } from '../../../platform/open-document'
import { formatFen } from '../../../shared/aid/money'
import type { AidFigureLine, BranchRef } from '../../../shared/api'
import './index.scss'

const currentYear = new Date().getFullYear()

/** One line of figures as wrapping label–value pairs, so it stays readable in 大字模式. */
function FigureLine({ title, line }: { title: string; line: AidFigureLine }) {
  const facts: [string, string][] = [
    ['参保', `${line.enrolments} 人`],
    ['申请', `${line.claimsSubmitted} 件`],
    ['一站式结算', `${line.settlementPayouts} 笔 ${formatFen(line.settlementFen)} 元`],
    ['手工申请', `${line.claimPayouts} 笔 ${formatFen(line.claimFen)} 元`],
    ['申请至支付', line.medianDaysToPay === null ? '—' : `中位 ${line.medianDaysToPay} 天`],
  ]
  return (
    <View className='figures-line'>
      <Text className='figures-line__title'>{title}</Text>
      <View className='figures-line__facts'>
        {facts.map(([label, value]) => (
          <View key={label} className='figures-line__fact'>
            <Text className='figures-line__label'>{label}</Text>
            <Text className='figures-line__value'>{value}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

/**
 * 互助统计 (aid_admins and admins): a branch's year by month and by its direct children, and the
 * same as an Excel workbook.
 */
export default function AidFiguresPage() {
  const me = useResource('me', () => api.auth.me())
  const grants = me.data?.grants.filter((g) => g.role === 'aid_admin' || g.role === 'admin') ?? []
  const scope = grants.some((g) => g.role === 'aid_admin') ? 'aid_admin' : 'admin'
  const [picked, setPicked] = useState<BranchRef | null>(null)
  const branch = picked ?? grants.find((g) => g.role === scope)?.branch ?? null
  const [year, setYear] = useState(currentYear)
  const figures = useResource(`aid-figures:${branch?.id}:${year}`, () => api.aid.figures({ branchId: branch?.id ?? 0, year }), { enabled: branch !== null })
  usePullToRefresh(() => figures.reload())
  const exporting = useAction(async () => {
    if (!branch) return
    const exported = await api.aid.figuresExport({ branchId: branch.id, year })
    await openDocument(exported.readUrl.url, 'xlsx')
  })

  let body
  if (me.status === 'loading') body = <PageState kind='loading' />
  else if (me.error) body = <LoadFailure error={me.error} onRetry={() => void me.reload()} />
  else if (grants.length === 0) body = <PageState kind='empty' message='互助统计供互助管理员和工会管理员查看' />
  else if (figures.error) body = <LoadFailure error={figures.error} onRetry={() => void figures.reload()} />
  else if (!figures.data) body = <PageState kind='loading' />
  else {
    const data = figures.data
    body = (
      <>
        <FigureLine title={`${data.year} 年合计`} line={data.total} />
        <View className='figures-page__section'>
          <Text>按月</Text>
        </View>
        {data.months.map((line) => (
          <FigureLine key={line.month} title={`${line.month} 月`} line={line} />
        ))}
        <View className='figures-page__section'>
          <Text>按下级组织</Text>
        </View>
        {data.children.length === 0 ? (
          <PageState kind='empty' message='没有下级组织' />
        ) : (
          data.children.map((line) => <FigureLine key={line.branch.id} title={line.branch.name} line={line} />)
        )}
      </>
    )
  }

  return (
    <PageShell className='figures-page'>
      {grants.length > 0 && (
        <View className='figures-page__filters'>
          <BranchPicker scope={scope} value={branch} onChange={setPicked} title='选择组织' placeholder='请选择组织' />
          <View className='figures-page__year'>
            <Button size='small' onClick={() => setYear(year - 1)} disabled={year <= 2020}>
              上一年
            </Button>
            <Text className='figures-page__year-text'>{year} 年</Text>
            <Button size='small' onClick={() => setYear(year + 1)} disabled={year >= currentYear}>
              下一年
            </Button>
          </View>
          <Button className='figures-page__export' type='primary' block loading={exporting.busy} disabled={!figures.data} onClick={() => void exporting.run()}>
            导出 Excel
          </Button>
          <Text className='figures-page__note'>金额单位：元。参保按保障开始月份，申请按提交月份，互助金按支付月份统计。</Text>
        </View>
      )}
      {body}
    </PageShell>
  )
}
