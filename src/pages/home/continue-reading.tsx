import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { api } from '../../api'
import { routes, withQuery } from '../../routes'
import type { ContinueReading } from '../../shared/api'
import { openPage } from '../../utils/navigate'
import './continue-reading.scss'

/**
 * 继续阅读 on the home page: the member's latest unfinished book, one tap back into the reader.
 * Shown only when there is one; a failure to load shows nothing (the home page has more to do).
 */
export function ContinueReadingCard() {
  const [reading, setReading] = useState<ContinueReading | null>(null)
  const load = useCallback(() => {
    api.library.continueReading().then(setReading, () => setReading(null))
  }, [])
  // Mounted once the home page knows the caller is a member, after the page's first show; then
  // again on the way back from the reader, which moved the position on.
  useEffect(load, [load])
  useDidShow(load)
  if (!reading) return null
  const { book } = reading
  return (
    <View
      className='continue-reading'
      onClick={() => void openPage(withQuery(routes.readerRead, { bookId: book.id, chapter: reading.chapterOrd }))}
    >
      <View className='continue-reading__body'>
        <Text className='continue-reading__label'>继续阅读</Text>
        <Text className='continue-reading__title'>{book.title}</Text>
        <Text className='continue-reading__meta'>
          {reading.chapterTitle || `第 ${reading.chapterOrd + 1} 章`} · 已读 {Math.floor(reading.permille / 10)}%
        </Text>
      </View>
      <Text className='continue-reading__go'>去阅读 ›</Text>
    </View>
  )
}
