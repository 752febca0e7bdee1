import { Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './index.scss'

interface ChoiceChipsProps<V extends string | number> {
  options: readonly { value: V; label: string }[]
  value: V | null
  onChange: (value: V) => void
  disabled?: boolean
  className?: string
}

/** A single choice among a few options, all visible at once: easier than a picker for short lists. */
export function ChoiceChips<V extends string | number>({ options, value, onChange, disabled, className }: ChoiceChipsProps<V>) {
  return (
    <View className={cx('choice-chips', disabled && 'choice-chips--disabled', className)} role='radiogroup'>
      {options.map((o) => (
        <View
          key={o.value}
          role='radio'
          aria-checked={value === o.value}
          aria-disabled={disabled}
          className={cx('choice-chips__chip', `choice-chips__chip--${o.value}`, value === o.value && 'choice-chips__chip--active')}
          onClick={() => !disabled && onChange(o.value)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
