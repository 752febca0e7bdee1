import { Text, View } from '@tarojs/components'
import { setLargeText, useLargeText } from '../../hooks/use-large-text'
import { cx } from '../../utils/cx'
import './index.scss'

/** The 大字模式 switch: on the red home header (`light`) and on the 我的 page. */
export function LargeTextSwitch({ className, light }: { className?: string; light?: boolean }) {
  const largeText = useLargeText()
  return (
    <View
      className={cx('large-text-switch', light && 'large-text-switch--light', largeText && 'large-text-switch--on', className)}
      role='switch'
      aria-checked={largeText}
      onClick={() => setLargeText(!largeText)}
    >
      <Text>大字模式</Text>
      <View className='large-text-switch__track'>
        <View className='large-text-switch__knob' />
      </View>
    </View>
  )
}
