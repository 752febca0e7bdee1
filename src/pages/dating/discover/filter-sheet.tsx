import { Button, Popup } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { useResource } from '../../../hooks/use-resource'
import type { Education } from '../../../shared/dating/names'
import './filter-sheet.scss'

/** What the member narrows 推荐 by, on top of the preferences in their profile. */
export interface DiscoverFilters {
  age: 'any' | '18-25' | '26-30' | '31-35' | '36-40' | '41-80'
  heightMin: number | null
  educationMin: Education | null
  countyId: number | null
}

export const noFilters: DiscoverFilters = { age: 'any', heightMin: null, educationMin: null, countyId: null }

const ageOptions = [
  { value: 'any', label: '不限' },
  { value: '18-25', label: '25岁以下' },
  { value: '26-30', label: '26–30岁' },
  { value: '31-35', label: '31–35岁' },
  { value: '36-40', label: '36–40岁' },
  { value: '41-80', label: '40岁以上' },
] as const

const heightOptions = [
  { value: 0, label: '不限' },
  { value: 155, label: '155cm以上' },
  { value: 160, label: '160cm以上' },
  { value: 165, label: '165cm以上' },
  { value: 170, label: '170cm以上' },
  { value: 175, label: '175cm以上' },
]

const educationOptions = [
  { value: 'any', label: '不限' },
  { value: 'college', label: '大专及以上' },
  { value: 'bachelor', label: '本科及以上' },
  { value: 'master', label: '硕士及以上' },
] as const

/** The discover input for these filters. */
export function filterInput(filters: DiscoverFilters) {
  const [ageMin, ageMax] = filters.age === 'any' ? [undefined, undefined] : filters.age.split('-').map(Number)
  return {
    ageMin,
    ageMax,
    heightMin: filters.heightMin ?? undefined,
    educationMin: filters.educationMin ?? undefined,
    countyIds: filters.countyId === null ? undefined : [filters.countyId],
  }
}

export function filterCount(filters: DiscoverFilters): number {
  return [filters.age !== 'any', filters.heightMin !== null, filters.educationMin !== null, filters.countyId !== null].filter(Boolean).length
}

/** The counties of the city: the level below the root of the branch tree. */
async function loadCounties() {
  const roots = await api.branch.children({ limit: 50 })
  const city = roots.items[0]
  if (!city) return []
  const counties = await api.branch.children({ parentId: city.id, limit: 50 })
  return counties.items.map((b) => ({ value: b.id, label: b.name.replace(/总工会$/, '') }))
}

interface FilterSheetProps {
  visible: boolean
  value: DiscoverFilters
  onClose: () => void
  onApply: (filters: DiscoverFilters) => void
}

/** 筛选: four single choices and one button; the profile's preferences still apply underneath. */
export function FilterSheet({ visible, value, onClose, onApply }: FilterSheetProps) {
  return (
    <Popup visible={visible} position='bottom' round closeable destroyOnClose title='筛选' onClose={onClose}>
      {visible && <FilterForm value={value} onApply={onApply} />}
    </Popup>
  )
}

function FilterForm({ value, onApply }: { value: DiscoverFilters; onApply: (filters: DiscoverFilters) => void }) {
  const [draft, setDraft] = useState(value)
  const counties = useResource('dating-counties', loadCounties)
  return (
    <View className='dating-filter'>
      <Text className='dating-filter__label'>年龄</Text>
      <ChoiceChips className='dating-filter__age' options={ageOptions} value={draft.age} onChange={(age) => setDraft({ ...draft, age })} />
      <Text className='dating-filter__label'>身高</Text>
      <ChoiceChips options={heightOptions} value={draft.heightMin ?? 0} onChange={(h) => setDraft({ ...draft, heightMin: h === 0 ? null : h })} />
      <Text className='dating-filter__label'>学历</Text>
      <ChoiceChips
        options={educationOptions}
        value={draft.educationMin ?? 'any'}
        onChange={(e) => setDraft({ ...draft, educationMin: e === 'any' ? null : e })}
      />
      <Text className='dating-filter__label'>工作区县</Text>
      <ChoiceChips
        options={[{ value: 0, label: '不限' }, ...(counties.data ?? [])]}
        value={draft.countyId ?? 0}
        onChange={(id) => setDraft({ ...draft, countyId: id === 0 ? null : id })}
      />
      <Text className='dating-filter__hint'>推荐只包含你我双方择偶条件都符合的会员；择偶条件可在「我的资料」中修改。</Text>
      <View className='dating-filter__actions'>
        <Button className='dating-filter__reset' onClick={() => setDraft(noFilters)}>
          重置
        </Button>
        <Button className='dating-filter__apply' type='primary' onClick={() => onApply(draft)}>
          查看推荐
        </Button>
      </View>
    </View>
  )
}
