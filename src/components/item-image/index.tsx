import { Image, Text, View } from '@tarojs/components'
import type { ItemKind } from '../../shared/api'
import { cx } from '../../utils/cx'
import './index.scss'

interface ItemImageProps {
  src: string | null | undefined
  title: string
  /** Picks the placeholder's drawing: a gift, a parcel or a coupon. */
  kind: ItemKind
  /** The category word under the placeholder's drawing; left out on thumbnails too small for it. */
  caption?: string
  className?: string
}

/** An item's picture, or a drawing of what kind of goods it is when it has none. */
export function ItemImage({ src, title, kind, caption, className }: ItemImageProps) {
  if (src) return <Image className={cx('item-image', className)} src={src} mode='aspectFill' lazyLoad ariaLabel={title} />
  return (
    <View className={cx('item-image', 'item-image--placeholder', `item-image--${kind}`, className)} ariaLabel={title}>
      {caption && <Text className='item-image__caption'>{caption}</Text>}
    </View>
  )
}
