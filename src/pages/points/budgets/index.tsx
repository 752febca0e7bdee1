import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import dayjs from 'dayjs'
import { useState } from 'react'
import { api } from '../../../api'
import { FilterTabs } from '../../../components/filter-tabs'
import { ListFooter } from '../../../components/list-footer'
import { LoadFailure } from '../../../components/load-failure'
import { PageShell } from '../../../components/page-shell'
import { PageState } from '../../../components/page-state'
import { PromptDialog } from '../../../components/prompt-dialog'
import { usePullToRefresh } from '../../../hooks/use-page-refresh'
import { usePagedList } from '../../../hooks/use-paged-list'
import type { Budget } from '../../../shared/api'
import { BudgetMeter } from '../budget-meter'
import { BudgetForm, budgetAmountError } from './budget-form'
import './index.scss'

const thisYear = dayjs().year()
// Budgets are planned a year ahead and looked back on for a year.
const years = [thisYear - 1, thisYear, thisYear + 1]
const tabs = years.map((y) => ({ value: String(y), title: `${y} 年` }))

export default function BudgetsPage() {
  const [year, setYear] = useState(thisYear)
  const [adjusting, setAdjusting] = useState<Budget | null>(null)
  const list = usePagedList(`budgets:${year}`, (cursor) => api.points.budgets({ year, cursor }))

  usePullToRefresh(() => list.reload())
  useReachBottom(() => void list.loadMore())

  const upsert = (saved: Budget) =>
    list.setItems((items) =>
      items.some((b) => b.branch.id === saved.branch.id)
        ? items.map((b) => (b.branch.id === saved.branch.id ? saved : b))
        : [saved, ...items],
    )

  return (
    <PageShell className='budgets-page'>
      <FilterTabs tabs={tabs} value={String(year)} onChange={(y) => setYear(Number(y))} />
      <BudgetForm year={year} onSaved={upsert} />

      <View className='budgets-page__section'>
        <Text>管辖范围内的预算</Text>
      </View>
      {list.status === 'loading' && <PageState kind='loading' />}
      {list.failure && <LoadFailure error={list.failure} onRetry={() => void list.reload()} />}
      {list.status === 'ready' && list.items.length === 0 && <PageState kind='empty' message={`${year} 年还没有设置预算`} />}
      {list.status === 'ready' &&
        list.items.map((b) => (
          <View key={b.branch.id} className='budget-row'>
            <BudgetMeter budget={b}>
              <View className='budget-row__foot'>
                <Text className='budget-row__full'>{b.branch.fullName}</Text>
                {b.settable && (
                  <Button className='budget-row__adjust' size='small' onClick={() => setAdjusting(b)}>
                    调整
                  </Button>
                )}
              </View>
            </BudgetMeter>
          </View>
        ))}
      {list.status === 'ready' && list.items.length > 0 && (
        <ListFooter loadingMore={list.loadingMore} hasMore={list.hasMore} moreError={list.moreError} onLoadMore={() => void list.loadMore()} />
      )}

      <PromptDialog
        visible={adjusting !== null}
        title={`调整 ${year} 年预算`}
        subject={adjusting?.branch.fullName}
        label='年度预算（积分）'
        hint={adjusting ? `已发放 ${adjusting.used}、已分配给下级 ${adjusting.allotted} 积分，预算不能低于两者之和` : undefined}
        numeric
        maxLength={9}
        initialValue={adjusting ? String(adjusting.amount) : ''}
        confirmText='保存'
        validate={budgetAmountError}
        onSubmit={async (amount) => {
          if (!adjusting) return
          upsert(await api.points.setBudget({ branchId: adjusting.branch.id, year, amount: Number(amount) }))
          void Taro.showToast({ title: '预算已调整', icon: 'success' })
        }}
        onClose={() => setAdjusting(null)}
      />
    </PageShell>
  )
}
