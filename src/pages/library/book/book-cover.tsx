import { Image, Text, View } from '@tarojs/components'
import { cx } from '../../../utils/cx'
import './book-cover.scss'

/** The cover's thumbnail, or a plain cover with the title for a book without one. */
export function BookCover({ url, title, size = 'md' }: { url: string | null; title: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <View className={cx('book-cover', `book-cover--${size}`)}>
      {url ? (
        <Image className='book-cover__image' src={url} mode='aspectFill' lazyLoad />
      ) : (
        <Text className='book-cover__title'>{title}</Text>
      )}
    </View>
  )
}
