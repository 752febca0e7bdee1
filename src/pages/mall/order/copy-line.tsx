import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

/** A code the member needs elsewhere (a coupon, a tracking number), with a copy button. */
export function CopyLine({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <View className={`copy-line${className ? ` ${className}` : ''}`}>
      <Text className='copy-line__label'>{label}</Text>
      <Text className='copy-line__value' userSelect>
        {value}
      </Text>
      <Text
        className='copy-line__copy'
        // Both platforms confirm a copy with their own toast; only a refusal (e.g. privacy consent declined) needs ours.
        onClick={() =>
          void Taro.setClipboardData({ data: value }).catch(() => Taro.showToast({ title: '复制失败，请长按后手动复制', icon: 'none' }))
        }
      >
        复制
      </Text>
    </View>
  )
}
