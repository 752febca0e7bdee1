import { Image, Text, View } from '@tarojs/components'
import './book-cover.scss'

/** The book's cover, or a plain one with its title when the EPUB had none. */
export function BookCover({ title, coverUrl, small = false }: { title: string; coverUrl: string | null; small?: boolean }) {
  return (
    <View className={small ? 'book-cover book-cover--small' : 'book-cover'}>
      {coverUrl ? <Image className='book-cover__image' src={coverUrl} mode='aspectFill' lazyLoad /> : <Text className='book-cover__title'>{title}</Text>}
    </View>
  )
}
