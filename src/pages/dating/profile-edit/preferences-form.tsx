import { Button } from '@nutui/nutui-react-taro'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../../api'
import { ChoiceChips } from '../../../components/choice-chips'
import { FormField } from '../../../components/form-field'
import { useAction } from '../../../hooks/use-action'
import type { BranchRef, DatingPreferences } from '../../../shared/api'
import { datingLimits, educationNames, educations } from '../../../shared/dating/names'
import type { Education } from '../../../shared/dating/names'
import { cx } from '../../../utils/cx'

const anyEducation = 'any'
type EducationChoice = Education | typeof anyEducation

/** The counties (level-2 branches) under the city, for the county preference. */
async function loadCounties(): Promise<BranchRef[]> {
  const roots = await api.branch.children({ limit: 5 })
  const city = roots.items[0]
  if (!city) return []
  return (await api.branch.children({ parentId: city.id, limit: 50 })).items
}

const text = (n: number | null) => (n === null ? '' : String(n))
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value))

function rangeProblem(min: number | null, max: number | null, low: number, high: number, what: string): string | null {
  for (const n of [min, max]) if (n !== null && (!Number.isInteger(n) || n < low || n > high)) return `${what}请填 ${low}–${high} 之间的整数`
  if (min !== null && max !== null && min > max) return `${what}的下限不能大于上限`
  return null
}

/** Whom the member is looking for: saved at once, seen by nobody else, used by both sides of discovery. */
export function PreferencesForm({ preferences, onSaved }: { preferences: DatingPreferences; onSaved: (p: DatingPreferences) => void }) {
  const [ageMin, setAgeMin] = useState(text(preferences.ageMin))
  const [ageMax, setAgeMax] = useState(text(preferences.ageMax))
  const [heightMin, setHeightMin] = useState(text(preferences.heightMin))
  const [heightMax, setHeightMax] = useState(text(preferences.heightMax))
  const [education, setEducation] = useState<EducationChoice>(preferences.educationMin ?? anyEducation)
  const [countyIds, setCountyIds] = useState<number[]>(preferences.counties.map((c) => c.id))
  const [counties, setCounties] = useState<BranchRef[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    loadCounties().then(setCounties, () => setCounties([]))
  }, [])

  const save = useAction(async () => {
    const input = {
      ageMin: numberOrNull(ageMin),
      ageMax: numberOrNull(ageMax),
      heightMin: numberOrNull(heightMin),
      heightMax: numberOrNull(heightMax),
      educationMin: education === anyEducation ? null : education,
      countyIds,
    }
    const problem =
      rangeProblem(input.ageMin, input.ageMax, datingLimits.minAge, datingLimits.maxAge, '年龄') ??
      rangeProblem(input.heightMin, input.heightMax, datingLimits.heightMin, datingLimits.heightMax, '身高')
    setError(problem)
    if (problem) return
    onSaved(await api.dating.savePreferences(input))
    void Taro.showToast({ title: '择偶条件已保存', icon: 'success' })
  })

  const toggle = (id: number) => setCountyIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))

  return (
    <View className='dating-profile__card dating-profile__preferences'>
      <Text className='dating-profile__card-title'>择偶条件</Text>
      <Text className='dating-profile__card-note'>只用于推荐，别人看不到；双方条件都符合才会互相推荐。空着表示不限。</Text>
      <FormField label='年龄（岁）' error={error ?? undefined}>
        <View className='dating-profile__range'>
          <Input className='form-field__input dating-profile__age-min' type='number' maxlength={2} value={ageMin} placeholder='不限' onInput={(e) => setAgeMin(e.detail.value)} />
          <Text className='dating-profile__range-to'>至</Text>
          <Input className='form-field__input dating-profile__age-max' type='number' maxlength={2} value={ageMax} placeholder='不限' onInput={(e) => setAgeMax(e.detail.value)} />
        </View>
      </FormField>
      <FormField label='身高（厘米）'>
        <View className='dating-profile__range'>
          <Input className='form-field__input dating-profile__height-min' type='number' maxlength={3} value={heightMin} placeholder='不限' onInput={(e) => setHeightMin(e.detail.value)} />
          <Text className='dating-profile__range-to'>至</Text>
          <Input className='form-field__input dating-profile__height-max' type='number' maxlength={3} value={heightMax} placeholder='不限' onInput={(e) => setHeightMax(e.detail.value)} />
        </View>
      </FormField>
      <FormField label='学历不低于'>
        <ChoiceChips<EducationChoice>
          className='dating-profile__pref-education'
          options={[{ value: anyEducation, label: '不限' }, ...educations.map((e) => ({ value: e, label: educationNames[e] }))]}
          value={education}
          onChange={setEducation}
        />
      </FormField>
      <FormField label='工作所在县（市、区）' hint='不选表示不限'>
        {counties === null ? (
          <Text className='dating-profile__card-note'>加载中…</Text>
        ) : (
          <View className='dating-profile__counties'>
            {counties.map((c) => (
              <Text key={c.id} className={cx('dating-profile__county', countyIds.includes(c.id) && 'dating-profile__county--on')} onClick={() => toggle(c.id)}>
                {c.name.replace(/总工会$/, '')}
              </Text>
            ))}
          </View>
        )}
      </FormField>
      <Button className='dating-profile__save-prefs' block loading={save.busy} disabled={save.busy} onClick={() => void save.run()}>
        保存择偶条件
      </Button>
    </View>
  )
}
