import { Checkbox } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import dayjs from 'dayjs'
import { cx } from '../../../utils/cx'
import { DateTimeField } from '../../../components/datetime-field'
import type { PublishMode, Schedule } from './schedule'

const modes: { value: PublishMode; label: string }[] = [
  { value: 'now', label: '立即发布' },
  { value: 'scheduled', label: '定时发布' },
]

export function ScheduleFields({ value, onChange }: { value: Schedule; onChange: (value: Schedule) => void }) {
  const today = dayjs().format('YYYY-MM-DD')
  return (
    <View className='schedule-fields'>
      <View className='schedule-fields__modes' role='radiogroup'>
        {modes.map((m) => (
          <View
            key={m.value}
            role='radio'
            aria-checked={value.mode === m.value}
            className={cx('schedule-fields__mode', `schedule-fields__mode--${m.value}`, value.mode === m.value && 'schedule-fields__mode--active')}
            onClick={() => onChange({ ...value, mode: m.value })}
          >
            <Text>{m.label}</Text>
          </View>
        ))}
      </View>
      {value.mode === 'scheduled' && (
        <View className='schedule-fields__row'>
          <Text className='schedule-fields__label'>发布时间</Text>
          <DateTimeField value={value.publishAt} start={today} onChange={(publishAt) => onChange({ ...value, publishAt })} />
        </View>
      )}
      <Checkbox
        className='form-checkbox schedule-fields__expires'
        checked={value.expires}
        label='设置过期时间（到期后会员不再看到此通知）'
        onChange={(expires) => onChange({ ...value, expires })}
      />
      {value.expires && (
        <View className='schedule-fields__row'>
          <Text className='schedule-fields__label'>过期时间</Text>
          <DateTimeField value={value.expireAt} start={today} onChange={(expireAt) => onChange({ ...value, expireAt })} />
        </View>
      )}
    </View>
  )
}
