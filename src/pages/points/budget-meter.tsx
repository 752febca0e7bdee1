import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import type { Budget } from '../../shared/api'
import './budget-meter.scss'

/** One branch's yearly grant budget: what is left, and a bar of what has been granted or allotted below. */
export function BudgetMeter({ budget, children }: PropsWithChildren<{ budget: Budget }>) {
  const committed = budget.used + budget.allotted
  const left = Math.max(0, budget.amount - committed)
  const usedShare = budget.amount > 0 ? Math.min(100, Math.round((committed / budget.amount) * 100)) : 100
  return (
    <View className='budget-meter'>
      <View className='budget-meter__head'>
        <Text className='budget-meter__branch'>{budget.branch.name}</Text>
        <Text className='budget-meter__year'>{budget.year} 年</Text>
      </View>
      <View className='budget-meter__figures'>
        <Text className='budget-meter__left'>剩余 {left}</Text>
        <Text className='budget-meter__total'>
          已发放 {budget.used}{budget.allotted > 0 ? ` · 已分配下级 ${budget.allotted}` : ''} / 预算 {budget.amount}
        </Text>
      </View>
      <View className='budget-meter__bar'>
        <View className='budget-meter__used' style={{ width: `${usedShare}%` }} />
      </View>
      {children}
    </View>
  )
}
