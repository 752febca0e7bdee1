import { Image, Text, View } from '@tarojs/components'
import { cx } from '../../utils/cx'
import './course-cover.scss'

/** The cover's thumbnail (16:9), or a plain red cover with the title for a course without one. */
export function CourseCover({ url, title, size = 'sm' }: { url: string | null; title: string; size?: 'sm' | 'lg' }) {
  return (
    <View className={cx('course-cover', `course-cover--${size}`)}>
      {url ? <Image className='course-cover__image' src={url} mode='aspectFill' lazyLoad /> : <Text className='course-cover__title'>{title}</Text>}
    </View>
  )
}
