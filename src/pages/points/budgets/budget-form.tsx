import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { api } from '../../../api'
import { BranchPicker } from '../../../components/branch-picker'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import type { Budget, BranchRef } from '../../../shared/api'

export const maxBudget = 100_000_000

/** The contract's limits for a budget amount; the message, or null when it may be sent. */
export function budgetAmountError(text: string): string | null {
  return /^\d+$/.test(text) && Number(text) <= maxBudget ? null : '请填写 0–100000000 的整数'
}

export function BudgetForm({ year, onSaved }: { year: number; onSaved: (budget: Budget) => void }) {
  const [branch, setBranch] = useState<BranchRef | null>(null)
  const [amount, setAmount] = useState('')
  const [errors, setErrors] = useState<{ branch?: string; amount?: string }>({})

  const save = useAction(async () => {
    const found = { branch: branch ? undefined : '请选择单位', amount: budgetAmountError(amount.trim()) ?? undefined }
    setErrors(found)
    if (!branch || found.amount) return
    const saved = await api.points.setBudget({ branchId: branch.id, year, amount: Number(amount.trim()) })
    onSaved(saved)
    setBranch(null)
    setAmount('')
    void Taro.showToast({ title: `已设置${saved.branch.name} ${year} 年预算`, icon: 'none' })
  })

  return (
    <View className='budget-form'>
      <Text className='budget-form__title'>设置 {year} 年预算</Text>
      <FormField label='单位' required error={errors.branch} hint='从本单位预算中为直属下级单位划拨年度积分发放预算；市总工会可设置本级预算'>
        <BranchPicker
          scope='admin'
          value={branch}
          title='选择单位'
          placeholder='请选择工会组织'
          onChange={(b) => {
            setBranch(b)
            setErrors((e) => ({ ...e, branch: undefined }))
          }}
        />
      </FormField>
      <FormField label='年度预算（积分）' required error={errors.amount}>
        <Input
          className='form-field__input budget-form__amount'
          type='number'
          value={amount}
          maxlength={9}
          placeholder='如 50000'
          onInput={(e) => {
            setAmount(e.detail.value)
            setErrors((x) => ({ ...x, amount: undefined }))
          }}
        />
      </FormField>
      <Button className='budget-form__submit' type='primary' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        保存预算
      </Button>
    </View>
  )
}
