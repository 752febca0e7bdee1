import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { routes, withQuery } from '../../../routes'
import type { BookSummary } from '../../../shared/api'
import { bookCategoryNames } from '../../../shared/library/names'
import { openPage } from '../../../utils/navigate'
import { BookCover } from './book-cover'
import './book-row.scss'

/** Characters as a reader thinks of them: 3.2 万字. */
export function charCountText(chars: number): string {
  return chars >= 10_000 ? `${(chars / 10_000).toFixed(1)} 万字` : `${chars} 字`
}

/**
 * A book in a list: cover, title, author and what kind of book it is; a tap opens its page.
 * Children replace the title and author (a search result marks its words there).
 */
export function BookRow({ book, children }: PropsWithChildren<{ book: BookSummary }>) {
  return (
    <View className='book-row' onClick={() => void openPage(withQuery(routes.libraryBook, { id: book.id }))}>
      <BookCover url={book.coverUrl} title={book.title} size='sm' />
      <View className='book-row__body'>
        {children ?? (
          <>
            <Text className='book-row__title'>{book.title}</Text>
            <Text className='book-row__author'>{book.author || '佚名'}</Text>
          </>
        )}
        <Text className='book-row__meta'>
          {bookCategoryNames[book.category]} · {book.chapterCount} 章 · {charCountText(book.charCount)}
        </Text>
      </View>
    </View>
  )
}
