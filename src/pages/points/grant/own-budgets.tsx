import { Text, View } from '@tarojs/components'
import { LoadFailure } from '../../../components/load-failure'
import { PageState } from '../../../components/page-state'
import type { Resource } from '../../../hooks/use-resource'
import { routes } from '../../../routes'
import type { Budget } from '../../../shared/api'
import { errorMessages } from '../../../shared/errors'
import { BudgetMeter } from '../budget-meter'
import { openPage } from '../../../utils/navigate'

/** The budgets the admin's own grants draw on this year, and the way to manage the ones below. */
export function OwnBudgets({ budgets }: { budgets: Resource<Budget[]> }) {
  return (
    <View className='own-budgets'>
      <View className='own-budgets__head'>
        <Text className='own-budgets__title'>本单位发放预算</Text>
        <Text className='own-budgets__manage' onClick={() => void openPage(routes.pointsBudgets)}>
          预算管理 ›
        </Text>
      </View>
      {budgets.status === 'loading' && <PageState kind='loading' />}
      {budgets.status === 'error' && budgets.error && (
        <LoadFailure error={budgets.error} onRetry={() => void budgets.reload()} />
      )}
      {budgets.data?.length === 0 && <Text className='own-budgets__none'>{errorMessages.NO_BUDGET}，请联系上级工会设置。</Text>}
      {budgets.data?.map((b) => <BudgetMeter key={b.branch.id} budget={b} />)}
    </View>
  )
}
