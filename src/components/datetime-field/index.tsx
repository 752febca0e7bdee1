import { Picker, Text, View } from '@tarojs/components'
import type { DateTimeValue } from './datetime-value'
import './index.scss'

export { dateTimeValueOf, isoOfDateTime } from './datetime-value'
export type { DateTimeValue } from './datetime-value'

interface DateTimeFieldProps {
  value: DateTimeValue
  /** Earliest selectable date, YYYY-MM-DD. */
  start?: string
  onChange: (value: DateTimeValue) => void
  className?: string
}

/** Native date and time pickers side by side: the platform pickers are the most familiar to older users. */
export function DateTimeField({ value, start, onChange, className }: DateTimeFieldProps) {
  return (
    <View className={`datetime-field${className ? ` ${className}` : ''}`}>
      <Picker mode='date' value={value.date} start={start} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
        <View className='datetime-field__part datetime-field__date'>
          <Text>{value.date}</Text>
        </View>
      </Picker>
      <Picker mode='time' value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
        <View className='datetime-field__part datetime-field__time'>
          <Text>{value.time}</Text>
        </View>
      </Picker>
    </View>
  )
}
