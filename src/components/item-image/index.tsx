import { Image, Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './index.scss'

/** An item's picture, or its first character on a tinted tile when it has none. */
export function ItemImage({ src, title, className }: { src: string | null | undefined; title: string; className?: string }) {
  if (src) return <Image className={cx('item-image', className)} src={src} mode='aspectFill' lazyLoad />
  return (
    <View className={cx('item-image', 'item-image--placeholder', className)}>
      <Text className='item-image__glyph'>{title.slice(0, 1)}</Text>
    </View>
  )
}
