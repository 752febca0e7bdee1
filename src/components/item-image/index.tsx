import { Image, Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './index.scss'

/** The first Chinese character of a title: "2027年新年挂历" reads better as 年 than as 2. */
function glyphOf(title: string): string {
  const han = /[\u4e00-\u9fff]/.exec(title)
  return han ? han[0] : title.slice(0, 1)
}

/** An item's picture, or a character of its title on a tinted tile when it has none. */
export function ItemImage({ src, title, className }: { src: string | null | undefined; title: string; className?: string }) {
  if (src) return <Image className={cx('item-image', className)} src={src} mode='aspectFill' lazyLoad />
  return (
    <View className={cx('item-image', 'item-image--placeholder', className)}>
      <Text className='item-image__glyph'>{glyphOf(title)}</Text>
    </View>
  )
}
